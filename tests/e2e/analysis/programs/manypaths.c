/* SPDX-License-Identifier: MIT */
/* A big trace with many distinct call paths: two threads, each calling top() N times (argv[1]); top
 * walks a binary tree of depth 9 whose every node is one of four functions, picked pseudo-randomly,
 * so the calls (1022 per top) spread over far more call paths than a page can show. */
#include <pthread.h>
#include <stdlib.h>

#include "e2e.h"

static void walk(int depth, unsigned x);

NOINLINE void alpha(int depth, unsigned x) { walk(depth, x); sink++; }
NOINLINE void beta(int depth, unsigned x) { walk(depth, x ^ 0x55u); sink++; }
NOINLINE void gamma_(int depth, unsigned x) { walk(depth, x + 7u); sink++; }
NOINLINE void delta(int depth, unsigned x) { walk(depth, x * 3u); sink++; }

static void (*const fns[4])(int, unsigned) = {alpha, beta, gamma_, delta};

static void walk(int depth, unsigned x)
{
	if (depth == 0)
		return;
	for (unsigned i = 0; i < 2; i++) {
		unsigned y = x * 1103515245u + 12345u + i;

		fns[(y >> 16) & 3](depth - 1, y);
	}
}

NOINLINE void top(unsigned i) { walk(9, i * 2654435761u); sink++; }

static unsigned iterations;

NOINLINE void *worker(void *arg)
{
	for (unsigned i = 0; i < iterations; i++)
		top(i + 1000000u);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;

	iterations = argc > 1 ? (unsigned)atoi(argv[1]) : 10;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	for (unsigned i = 0; i < iterations; i++)
		top(i);
	pthread_join(t, NULL);
	sink++;
	return 0;
}
