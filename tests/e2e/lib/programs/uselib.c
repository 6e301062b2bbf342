/* SPDX-License-Identifier: MIT */
/* Calls an instrumented library (instlib.c) linked at build time, and libc. */
#include <stdlib.h>

#include "e2e.h"

int lib_outer(const char *s);

NOINLINE int local(const char *s)
{
	return lib_outer(s) + atoi("1");
}

int main(void)
{
	sink = local("abc");
	return 0;
}
