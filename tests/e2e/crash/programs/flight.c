/* SPDX-License-Identifier: MIT */
/* A long run that ends in a crash: main -> run -> 10M (argv[1]) calls of tick() inside batch() frames,
 * then run -> fail -> crash segfaults. Prints "calls N" first. For the flight recorder: only the end of
 * the run fits the ring, so replay starts mid-stack, inside main and run. */
#include <stdio.h>
#include <stdlib.h>
#include "../../programs/e2e.h"

static int *volatile bad_ptr = (int *)4;
static long calls;

NOINLINE void tick(void) { calls++; sink++; }

NOINLINE void batch(void)
{
	calls++;
	for (int i = 0; i < 999; i++)
		tick();
	sink++;
}

NOINLINE void crash(void)
{
	calls++;
	dprintf(1, "calls %ld\n", calls);
	*bad_ptr = 1;
}

NOINLINE void fail(void) { calls++; crash(); sink++; }

NOINLINE void run(long n)
{
	calls++;
	for (long i = 0; i < n / 1000; i++)
		batch();
	fail();
	sink++;
}

int main(int argc, char **argv)
{
	calls++;
	run(argc > 1 ? strtol(argv[1], NULL, 10) : 10000000);
	return 0;
}
