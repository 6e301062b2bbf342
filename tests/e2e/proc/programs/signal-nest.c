/* SPDX-License-Identifier: MIT */
/* Signal handlers nest under the function they interrupted: a SIGUSR1 handler, a SIGUSR2 handler that
 * interrupts it, and a handler running on a sigaltstack. raise() delivers before it returns, so the
 * order is fixed. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }

NOINLINE void on_usr2(int sig) { (void)sig; leaf(); sink++; }

/* raise SIGUSR2 from inside the SIGUSR1 handler: the second handler nests in the first */
NOINLINE void on_usr1(int sig)
{
	(void)sig;
	leaf();
	raise(SIGUSR2);
	sink++;
}

NOINLINE void on_alt(int sig) { (void)sig; leaf(); sink++; }

NOINLINE void interrupted(int sig) { raise(sig); sink++; }

NOINLINE static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	stack_t ss = { .ss_sp = malloc(1 << 16), .ss_size = 1 << 16 };

	sigaltstack(&ss, NULL);
	handle(SIGUSR1, on_usr1, 0);
	handle(SIGUSR2, on_usr2, 0);
	handle(SIGURG, on_alt, SA_ONSTACK);
	interrupted(SIGUSR1);
	interrupted(SIGURG);
	leaf();
	sink++;
	return 0;
}
