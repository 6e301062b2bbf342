/* SPDX-License-Identifier: MIT */
/* Benchmark target for context switches: two threads hand a token back and forth through pipes, so
 * each of them sleeps and wakes N times (default 100,000), with one traced call per turn. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * usage: sleepwake [N]
 * A thread blocks in read() until the other writes: every turn is a switch-out and a switch-in of
 * each thread (more when the kernel preempts), and a call of pass() that a tracer records. What a
 * tracer pays here is per context switch, not per call: pass() is one call per 10 us or so.
 */

#define NOINLINE __attribute__((noinline))

static int ping[2], pong[2];
static long turns;

NOINLINE void pass(int in, int out)
{
	char c;

	if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
		exit(1);
}

static void *other(void *arg)
{
	for (long i = 0; i < turns; i++)
		pass(ping[0], pong[1]);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;
	char c = 'x';

	turns = argc > 1 ? atol(argv[1]) : 100000;
	if (pipe(ping) || pipe(pong) || pthread_create(&t, NULL, other, NULL))
		return 1;
	if (write(ping[1], &c, 1) != 1)
		return 1;
	for (long i = 1; i < turns; i++)
		pass(pong[0], ping[1]);
	if (read(pong[0], &c, 1) != 1)
		return 1;
	pthread_join(t, NULL);
	return 0;
}
