/* SPDX-License-Identifier: MIT */
/* uftrace's t-abc shape: main -> a -> b -> c -> getpid(), plus a sibling. */
#include <unistd.h>

#include "e2e.h"

NOINLINE int c(void) { return (int)getpid() & 1; }
NOINLINE int b(void) { return c() + 1; }
NOINLINE int a(void) { return b() + 1; }
NOINLINE void d(void) { sink++; }

int main(void)
{
	a();
	d();
	return 0;
}
