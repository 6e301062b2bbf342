/* SPDX-License-Identifier: MIT */
/* A C++ exception thrown one frame down and caught: uftrace shows __cxa_allocate_exception(). */
#include "e2e.h"

struct oops {
	int code;
};

NOINLINE void thrower(int x)
{
	if (x)
		throw oops{x};
}

NOINLINE int catcher(void)
{
	try {
		thrower(1);
	} catch (const oops &e) {
		return e.code;
	}
	return 0;
}

int main()
{
	return catcher() - 1;
}
