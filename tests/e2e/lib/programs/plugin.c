/* SPDX-License-Identifier: MIT */
/* A library the dlopen case loads at run time: an instrumented function that calls into libc. */
#include <string.h>

#include "e2e.h"

NOINLINE int plug_work(const char *s)
{
	int n = (int)strlen(s);

	sink++;
	return n;
}
