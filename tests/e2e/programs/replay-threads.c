/* SPDX-License-Identifier: MIT */
/* A second thread's calls appear under its own tid, merged in time order with the main thread's. */
#include <pthread.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void *worker(void *arg) { leaf(); sink++; leaf(); sink++; return arg; }

NOINLINE void spawn(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL) == 0)
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
