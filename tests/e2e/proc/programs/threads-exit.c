/* SPDX-License-Identifier: MIT */
/* Threads that end by return and by pthread_exit() deep in their calls, and a thread that starts one. */
#include <pthread.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }

/* pthread_exit() two traced frames down: both are closed and marked when the thread ends */
NOINLINE void quit(void) { leaf(); pthread_exit(NULL); }
NOINLINE void work(void) { quit(); sink++; }
NOINLINE void *by_exit(void *arg) { work(); sink++; return arg; }

NOINLINE void *by_return(void *arg) { leaf(); sink++; return arg; }

/* a thread that starts a thread of its own and waits for it */
NOINLINE void *parent(void *arg)
{
	pthread_t t;

	leaf();
	if (pthread_create(&t, NULL, by_return, NULL) == 0)
		pthread_join(t, NULL);
	sink++;
	return arg;
}

/* one thread at a time, so the merged order does not depend on scheduling */
NOINLINE void run(void *(*fn)(void *))
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, NULL) == 0)
		pthread_join(t, NULL);
	sink++;
}

int main(void)
{
	run(by_exit);
	run(by_return);
	run(parent);
	leaf();
	sink++;
	return 0;
}
