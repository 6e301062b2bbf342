/* SPDX-License-Identifier: MIT */
/* Library calls from the executable: plain functions, an IFUNC (memcpy) and stdio, in a fixed order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"

NOINLINE int work(const char *s)
{
	char *p = malloc(16);
	size_t n = strlen(s);
	int v;

	memcpy(p, s, n + 1);
	v = atoi(p);
	free(p);
	return v;
}

int main(void)
{
	sink = work("42");
	puts("done");
	return 0;
}
