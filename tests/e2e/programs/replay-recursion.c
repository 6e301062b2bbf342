/* SPDX-License-Identifier: MIT */
/* A recursive function: every depth of fib(4) is its own frame. */
#include "e2e.h"

NOINLINE int fib(int n)
{
	int r = n < 2 ? n : fib(n - 1) + fib(n - 2);

	sink = r;
	return r;
}

int main(void)
{
	fib(4);
	sink++;
	return 0;
}
