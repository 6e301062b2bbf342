/* SPDX-License-Identifier: MIT */
/* Thread churn: ROUNDS rounds of 8 short threads of 20 calls each; the first thread of the first
 * round names itself "named-one", and one thread of the last round ends deeper than it started. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 8
#define CALLS	20

static volatile int sink;

static __attribute__((noinline)) void leaf(long i)
{
	sink += (int)i;
}

static __attribute__((noinline)) void nest(long i)
{
	if (i == -1)
		pthread_exit(NULL); /* frames still open: the thread's stream closes them */
	leaf(i);
}

static __attribute__((noinline)) void *work(void *arg)
{
	long id = (long)arg;

	if (id == 0)
		pthread_setname_np(pthread_self(), "named-one");
	for (long i = 0; i < CALLS; i++)
		leaf(i);
	if (id == -1)
		nest(-1);
	return arg;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 50;
	pthread_t th[THREADS];

	for (int r = 0; r < rounds; r++) {
		for (long i = 0; i < THREADS; i++) {
			long id = r * THREADS + i;

			if (r == rounds - 1 && i == THREADS - 1)
				id = -1;
			if (pthread_create(&th[i], NULL, work, (void *)id) != 0)
				return 1;
		}
		for (int i = 0; i < THREADS; i++)
			pthread_join(th[i], NULL);
	}
	printf("%d threads\n", rounds * THREADS);
	return 0;
}
