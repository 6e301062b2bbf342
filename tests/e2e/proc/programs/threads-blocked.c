/* SPDX-License-Identifier: MIT */
/* A thread still blocked when the process exits (main returns after 300 ms): its open calls end when
 * the process ended, not at its last record. */
#include <pthread.h>
#include <unistd.h>
#include "e2e.h"

static int ready[2], never[2];

NOINLINE void wait_forever(void)
{
	char c;

	if (write(ready[1], "r", 1) != 1)
		return;
	while (read(never[0], &c, 1) != 0)
		;
}

NOINLINE void *worker(void *arg)
{
	wait_forever();
	return arg;
}

NOINLINE void busy(void) { usleep(300000); sink++; }

int main(void)
{
	pthread_t t;
	char c;

	if (pipe(ready) || pipe(never) || pthread_create(&t, NULL, worker, NULL))
		return 1;
	if (read(ready[0], &c, 1) != 1) /* the worker is about to block */
		return 1;
	busy();
	return 0;
}
