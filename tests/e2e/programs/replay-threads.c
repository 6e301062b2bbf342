/* SPDX-License-Identifier: MIT */
/* A second thread's calls appear under its own tid, merged in time order with the main thread's. */
#include <pthread.h>
#include "e2e.h"

/* Set by the (untraced) thread routine once worker() has returned: the main thread waits for it
 * before pthread_join, so the merged order does not depend on scheduling. */
static volatile int worker_done;

NOINLINE void leaf(void) { sink++; }
NOINLINE void worker(void) { leaf(); sink++; leaf(); sink++; }

__attribute__((no_instrument_function)) static void *thread_main(void *arg)
{
	worker();
	__atomic_store_n(&worker_done, 1, __ATOMIC_RELEASE);
	return arg;
}

NOINLINE void spawn(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_main, NULL) != 0)
		return;
	while (!__atomic_load_n(&worker_done, __ATOMIC_ACQUIRE))
		;
	pthread_join(t, NULL);
	sink++;
}

int main(void)
{
	leaf();
	sink++;
	spawn();
	sink++;
	return 0;
}
