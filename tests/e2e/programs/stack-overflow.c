/* SPDX-License-Identifier: MIT */
/* Unbounded recursion until the stack runs out: the crash is recorded all the same. */
#include <stdio.h>
#include "e2e.h"

NOINLINE int down(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	return down(n + 1) + pad[0];
}

int main(void)
{
	puts("start");
	fflush(stdout);
	return down(0);
}
