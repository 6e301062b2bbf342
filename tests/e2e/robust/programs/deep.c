/* SPDX-License-Identifier: MIT */
/* A recursion 3000 calls deep. */
#include <stdio.h>

static __attribute__((noinline)) int down(int n)
{
	int r;

	if (!n)
		return 0;
	r = down(n - 1);
	__asm__ volatile("" : "+r"(r)); /* a real recursion at -O2, not a loop */
	return r + 1;
}

int main(void)
{
	printf("%d\n", down(3000));
	return 0;
}
