/* SPDX-License-Identifier: MIT */
/* longjmp() out of three traced frames, and siglongjmp() out of a signal handler: the frames skipped
 * are closed at the jump and marked, and the calls after it sit at the right depth. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "e2e.h"

static jmp_buf jb;
static sigjmp_buf sjb;

NOINLINE void leaf(void) { sink++; }

NOINLINE void deep(void) { leaf(); longjmp(jb, 1); }
NOINLINE void middle(void) { deep(); sink++; }
NOINLINE void top(void) { middle(); sink++; }

/* setjmp in its own frame; the jump lands back in it, and it goes on calling */
NOINLINE void try_jump(void)
{
	if (setjmp(jb) == 0)
		top();
	leaf();
	sink++;
}

NOINLINE void on_usr1(int sig) { (void)sig; leaf(); siglongjmp(sjb, 1); }
NOINLINE void interrupted(void) { raise(SIGUSR1); sink++; }

NOINLINE void try_sigjump(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	if (sigsetjmp(sjb, 1) == 0)
		interrupted();
	leaf();
	sink++;
}

int main(void)
{
	try_jump();
	try_sigjump();
	try_jump(); /* the same jmp_buf again */
	leaf();
	sink++;
	return 0;
}
