/* SPDX-License-Identifier: MIT */
/* Off-CPU time in known places: sleeper() sleeps 30 ms, waiter() blocks on a condition variable
 * until a thread signals it 40 ms later, spinner() only computes (its switches, if any, are
 * preemptions). */
#include <pthread.h>
#include <time.h>
#include "e2e.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

NOINLINE void sleeper(void)
{
	nap(30);
	sink++;
}

NOINLINE void waiter(void)
{
	pthread_mutex_lock(&mu);
	while (!ready)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	sink++;
}

NOINLINE void spinner(void)
{
	for (unsigned long i = 0; i < 20000000UL; i++)
		__atomic_fetch_add(&sink, 1, __ATOMIC_RELAXED);
	sink++;
}

__attribute__((no_instrument_function)) static void *signaller(void *arg)
{
	nap(40);
	pthread_mutex_lock(&mu);
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return arg;
}

int main(void)
{
	pthread_t t;

	sleeper();
	if (pthread_create(&t, NULL, signaller, NULL) != 0)
		return 1;
	waiter();
	pthread_join(t, NULL);
	spinner();
	return 0;
}
