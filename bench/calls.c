/* SPDX-License-Identifier: MIT */
/* Benchmark target: N traced calls, either of one tiny leaf or spread over a small call tree. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * usage: calls [N [leaf|tree|threads]]
 *   leaf     main calls leaf() N times: the cost of one traced call, nothing else (default)
 *   tree     main calls level3() N/15 times; each makes 2 level2 -> 4 level1 -> 8 leaf calls, so
 *            a trace has 15 calls per iteration at depths 1-4 and the analysers see nesting
 *   threads  4 threads, each running tree mode for N/4 calls: 4 streams to merge
 * The empty asm keeps the compiler from folding or hoisting the calls; noinline keeps them calls.
 */

#define NOINLINE __attribute__((noinline))

NOINLINE long leaf(long x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

NOINLINE long level1(long x)
{
	x = leaf(x);
	return leaf(x);
}

NOINLINE long level2(long x)
{
	x = level1(x);
	return level1(x);
}

NOINLINE long level3(long x)
{
	x = level2(x);
	return level2(x);
}

#define NTHREADS 4

static void *tree_thread(void *arg)
{
	long n = *(long *)arg, s = 0;

	for (long i = 0; i < n / 15; i++)
		s = level3(s);
	return s < 0 ? arg : NULL; /* uses s, so the loop is not dead */
}

/* every thread is started before any runs long, so the streams overlap in time */
static int run_threads(long n)
{
	pthread_t th[NTHREADS];
	long each = n / NTHREADS;

	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, tree_thread, &each)) {
			fprintf(stderr, "calls: cannot create a thread\n");
			return 1;
		}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static long parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end || n < 0) {
		fprintf(stderr, "calls: invalid count '%s'\n", s);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 10000000;
	long s = 0;

	if (argc > 2 && !strcmp(argv[2], "tree")) {
		for (long i = 0; i < n / 15; i++)
			s = level3(s);
	} else if (argc > 2 && !strcmp(argv[2], "threads")) {
		return run_threads(n);
	} else if (argc > 2 && strcmp(argv[2], "leaf")) {
		fprintf(stderr, "calls: unknown mode '%s' (leaf, tree or threads)\n", argv[2]);
		return 2;
	} else {
		for (long i = 0; i < n; i++)
			s = leaf(s);
	}
	return s < 0; /* uses s, so the loop is not dead; always 0 */
}
