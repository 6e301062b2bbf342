/* SPDX-License-Identifier: MIT */
/* THREADS threads (default 64) each make CALLS calls (default 1000000) of a traced leaf, all at once:
 * no record may be lost. Prints the number of traced calls made, for the test to compare. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "e2e.h"

static long calls;

NOINLINE void leaf(void) { sink++; }

NOINLINE void *worker(void *arg)
{
	for (long i = 0; i < calls; i++)
		leaf();
	return arg;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 64; /* not atoi: an inline body clang would trace */
	pthread_t t[1024];
	int started = 0;

	calls = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	if (n > 1024)
		n = 1024;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) == 0)
			started++;
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	/* main, and per thread worker + its leaf calls */
	printf("%ld\n", 1 + started * (1 + calls));
	return 0;
}
