/* SPDX-License-Identifier: MIT */
/* Ends the way argv[1] says: "exit N" returns N from main, "deep N" calls exit(N) inside a call, "kill SIG" raises SIG. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "e2e.h"

NOINLINE void leave(int code) { exit(code); }
NOINLINE void inner(int code) { leave(code); sink++; }

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 0;

	if (argc > 1 && !strcmp(argv[1], "deep"))
		inner(n);
	if (argc > 1 && !strcmp(argv[1], "kill"))
		raise(n);
	return n;
}
