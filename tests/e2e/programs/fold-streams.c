/* SPDX-License-Identifier: MIT */
/* Many streams of many chunks for the parallel fold (argv[1] calls per task, default 20000): three
 * threads and the main one walk call trees of different shapes, one takes signals whose handler is
 * traced, one recurses deep, and a fork child does the same work in its own process. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

static int calls = 20000;
static pthread_barrier_t all_started; /* four streams at once: no thread takes another's over */

NOINLINE void leaf(int i) { sink += i; }
NOINLINE void other(int i) { sink -= i; }
NOINLINE void mid(int i)
{
	for (int k = 0; k < 1 + i % 4; k++)
		(i + k) % 5 ? leaf(i + k) : other(k);
	sink++;
}
NOINLINE void top(int n)
{
	for (int i = 0; i < n; i++)
		i % 3 ? mid(i) : leaf(i);
	sink++;
}
NOINLINE void deep(int d)
{
	if (d)
		deep(d - 1);
	else
		mid(d);
	sink++;
}
NOINLINE void on_signal(int sig) { leaf(sig); sink++; }

NOINLINE void signalled(int n)
{
	signal(SIGUSR1, on_signal);
	for (int i = 0; i < n; i++) {
		mid(i);
		if (i % 1000 == 0)
			raise(SIGUSR1);
	}
	sink++;
}

NOINLINE void work(long kind)
{
	if (kind == 1)
		signalled(calls);
	else if (kind == 2)
		for (int i = 0; i < calls / 50; i++)
			deep(100);
	else
		top(calls);
	sink++;
}

__attribute__((no_instrument_function)) static void *thread_main(void *arg)
{
	pthread_barrier_wait(&all_started);
	work((long)arg);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];
	pid_t child;

	if (argc > 1)
		calls = atoi(argv[1]);
	pthread_barrier_init(&all_started, NULL, 4);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, thread_main, (void *)(i + 1));
	pthread_barrier_wait(&all_started);
	top(calls);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	child = fork();
	if (child == 0) {
		work(0);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	return 0;
}
