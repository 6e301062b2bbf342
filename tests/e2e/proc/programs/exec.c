/* SPDX-License-Identifier: MIT */
/* exec*: each new image of this program is traced into the same data directory. The chain is
 * `exec` -> execv -> execvp -> execle (an environment without our variables) -> execlp -> done. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "e2e.h"

static const char *self;

NOINLINE void leaf(void) { sink++; }

/* each step is in its own traced function, so the tree shows which exec ran */
NOINLINE void by_execv(void) { char *argv[] = { "exec", "2", NULL }; execv(self, argv); }
NOINLINE void by_execvp(void) { char *argv[] = { "exec", "3", NULL }; execvp(self, argv); }
NOINLINE void by_execle(void)
{
	char *env[] = { "E2E=1", NULL };

	execle(self, "exec", "4", (char *)NULL, env);
}
NOINLINE void by_execlp(void) { execlp(self, "exec", "5", (char *)NULL); }
NOINLINE void done(void) { leaf(); sink++; }

NOINLINE void step(int n)
{
	leaf();
	switch (n) {
	case 1: by_execv(); break;
	case 2: by_execvp(); break;
	case 3: by_execle(); break;
	case 4: by_execlp(); break;
	default: done(); return;
	}
	exit(1); /* an exec failed */
}

int main(int argc, char **argv)
{
	self = "/proc/self/exe";
	step(argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1);
	sink++;
	return 0;
}
