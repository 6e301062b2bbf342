/* SPDX-License-Identifier: MIT */
/* backtrace() three traced frames down: the names it finds must be the program's real callers, the same
 * as untraced (libmcount puts the real return addresses back while it walks). Build with -rdynamic. */
#include <execinfo.h>
#include <stdio.h>
#include <string.h>
#include "e2e.h"

NOINLINE void show(void)
{
	void *buf[16];
	int n = backtrace(buf, 16);
	char **names = backtrace_symbols(buf, n);

	/* up to main: what is above it (libc start-up) is not ours */
	for (int i = 0; names && i < n; i++) {
		char *open = strchr(names[i], '('), *plus = open ? strchr(open, '+') : NULL;

		if (!open || !plus)
			continue;
		printf("%.*s\n", (int)(plus - open - 1), open + 1);
		if (!strncmp(open + 1, "main+", 5))
			break;
	}
	sink++;
}

NOINLINE void two(void) { show(); sink++; }
NOINLINE void one(void) { two(); sink++; }

int main(void)
{
	one();
	show(); /* after the walk, the hijacked frames still return through the tracer */
	sink++;
	return 0;
}
