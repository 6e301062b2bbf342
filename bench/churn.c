/* SPDX-License-Identifier: MIT */
/* Benchmark target for thread churn: R rounds of 16 short threads, each making a few traced calls. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * usage: churn [ROUNDS]   (default 500)
 * Each round starts 16 threads and joins them; a thread makes 20 calls of a tiny leaf. What a tracer
 * pays here is per thread (its buffer, its stream file, its signal stack), not per call.
 */

#define NOINLINE __attribute__((noinline))
#define THREADS	 16

NOINLINE long leaf(long x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

NOINLINE void *work(void *arg)
{
	long x = (long)arg;

	for (int i = 0; i < 20; i++)
		x = leaf(x);
	return (void *)x;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 500;
	pthread_t th[THREADS];
	long sum = 0;

	for (int r = 0; r < rounds; r++) {
		for (long i = 0; i < THREADS; i++)
			if (pthread_create(&th[i], NULL, work, (void *)i) != 0)
				return 1;
		for (int i = 0; i < THREADS; i++) {
			void *ret;

			pthread_join(th[i], &ret);
			sum += (long)ret;
		}
	}
	printf("%ld\n", sum);
	return 0;
}
