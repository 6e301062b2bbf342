/* SPDX-License-Identifier: MIT */
/* A shared library built with instrumentation, linked normally by uselib.c: its functions record
 * themselves, once, and stay with --no-libcall. */
#include <string.h>

#include "e2e.h"

NOINLINE int lib_inner(const char *s)
{
	return (int)strlen(s);
}

int lib_outer(const char *s)
{
	return lib_inner(s) * 2;
}
