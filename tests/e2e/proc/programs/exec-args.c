/* SPDX-License-Identifier: MIT */
/* -A/-a after exec: the new image, started with an environment of the program's own making (execle),
 * still records arguments. The chain is `exec-args` -> execle -> done. */
#include <stdlib.h>
#include <unistd.h>
#include "e2e.h"

NOINLINE int mul(int a, int b) { sink++; return a * b; }

NOINLINE void by_execle(void)
{
	char *env[] = { "E2E=1", NULL };

	execle("/proc/self/exe", "exec-args", "2", (char *)NULL, env);
}

int main(int argc, char **argv)
{
	(void)argv;
	sink = mul(3, 4);
	if (argc == 1) {
		by_execle();
		return 1; /* the exec failed */
	}
	return 0;
}
