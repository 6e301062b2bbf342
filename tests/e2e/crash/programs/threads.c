/* SPDX-License-Identifier: MIT */
/* Two threads: the worker makes its counted calls and waits three calls deep; then main segfaults three
 * calls deep. Prints "main calls N" and "worker calls N" first (each thread counts its own traced calls). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "../../programs/e2e.h"

static int *volatile bad_ptr = (int *)4;
static pthread_barrier_t parked;
static int main_calls, worker_calls;

NOINLINE void worker_step(void) { worker_calls++; sink++; }

/* tells main it is parked here, then waits for the end of the process */
NOINLINE void worker_wait(void)
{
	worker_calls++;
	pthread_barrier_wait(&parked);
	for (;;)
		pause();
}

NOINLINE void worker_loop(void) { worker_calls++; worker_step(); worker_step(); worker_wait(); sink++; }

NOINLINE void *worker(void *arg)
{
	worker_calls++;
	worker_loop();
	return arg;
}

NOINLINE void crash(void)
{
	main_calls++;
	dprintf(1, "main calls %d\nworker calls %d\n", main_calls, worker_calls);
	*bad_ptr = 1;
}

NOINLINE void work(void) { main_calls++; crash(); sink++; }

int main(void)
{
	pthread_t t;

	main_calls++;
	pthread_barrier_init(&parked, NULL, 2);
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	pthread_barrier_wait(&parked);
	work();
	return 0;
}
