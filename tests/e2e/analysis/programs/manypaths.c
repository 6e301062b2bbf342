/* SPDX-License-Identifier: MIT */
/* A big trace with many distinct call paths: two threads, each calling top() N times (argv[1]); top
 * walks a binary tree of depth 9 whose every node is one of four functions, picked pseudo-randomly,
 * so the calls (1022 per top) spread over far more call paths than a page can show. Then main
 * calls tick() 7 N times, and prints its traced calls and those of gamma_ ("calls 3012345 gamma_ 749635"). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "e2e.h"

static void walk(int depth, unsigned x);

static __thread unsigned long calls, gammas; /* per thread: no lock, summed at the end */
static unsigned long worker_calls, worker_gammas;

NOINLINE void alpha(int depth, unsigned x) { calls++; walk(depth, x); sink++; }
NOINLINE void beta(int depth, unsigned x) { calls++; walk(depth, x ^ 0x55u); sink++; }
NOINLINE void gamma_(int depth, unsigned x) { calls++; gammas++; walk(depth, x + 7u); sink++; }
NOINLINE void delta(int depth, unsigned x) { calls++; walk(depth, x * 3u); sink++; }

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

NOINLINE void top(unsigned i) { calls++; walk(9, i * 2654435761u); sink++; }

NOINLINE void tick(void) { calls++; sink++; }

static unsigned iterations;

NOINLINE void *worker(void *arg)
{
	calls++;
	for (unsigned i = 0; i < iterations; i++)
		top(i + 1000000u);
	worker_calls = calls;
	worker_gammas = gammas;
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;

	calls++;
	iterations = argc > 1 ? (unsigned)atoi(argv[1]) : 10;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	for (unsigned i = 0; i < iterations; i++)
		top(i);
	for (unsigned i = 0; i < 7 * iterations; i++) /* many short calls for the timeline to thin */
		tick();
	pthread_join(t, NULL);
	printf("calls %lu gamma_ %lu\n", calls + worker_calls, gammas + worker_gammas);
	sink++;
	return 0;
}
