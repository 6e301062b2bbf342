/* SPDX-License-Identifier: MIT */
/* Library calls (puts, malloc, strlen, free) around a call into an instrumented library
 * (instlib.c): what @plt and @MODULE patterns select, at record time and when reading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"

int lib_outer(const char *s);

NOINLINE int local(const char *s)
{
	char *p = malloc(8);
	int n = (int)strlen(s) + lib_outer(s);

	free(p);
	return n;
}

int main(void)
{
	puts("start");
	sink = local("abc");
	puts("end");
	return 0;
}
