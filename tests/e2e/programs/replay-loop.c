/* SPDX-License-Identifier: MIT */
/* The same call made in a loop appears once per iteration, in order. */
#include "e2e.h"

NOINLINE void step(int i) { sink = i; }
NOINLINE void odd(int i) { step(i); sink++; }

NOINLINE void work(int n)
{
	for (int i = 0; i < n; i++) {
		if (i & 1)
			odd(i);
		else
			step(i);
		sink++;
	}
}

int main(void)
{
	work(6);
	sink++;
	return 0;
}
