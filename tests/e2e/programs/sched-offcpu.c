/* SPDX-License-Identifier: MIT */
/* Off-CPU time in known places: sleeper() sleeps 30 ms, waiter() blocks on a condition variable
 * until a thread signals it 40 ms after the wait began, spinner() only computes (its switches, if
 * any, are preemptions). Each prints its own measure of the time it was off the CPU, the wall time
 * minus the thread's CPU time over the function's body, as "NAME WALL_NS CPU_NS": the tests hold the
 * recorded off-CPU time to it, both ways. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include "e2e.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER, cv_waiting = PTHREAD_COND_INITIALIZER;
static int ready, waiting;

struct window {
	struct timespec wall, cpu;
};

__attribute__((no_instrument_function)) static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

__attribute__((no_instrument_function)) static void window_open(struct window *w)
{
	clock_gettime(CLOCK_MONOTONIC, &w->wall);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &w->cpu);
}

/* printed at the end, so that no write lands in the windows */
static char report[3][64];

__attribute__((no_instrument_function)) static void window_close(struct window *w, int i,
								 const char *name)
{
	struct window e;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &e.cpu);
	clock_gettime(CLOCK_MONOTONIC, &e.wall);
	snprintf(report[i], sizeof(report[i]), "%s %lld %lld", name, ns(&e.wall) - ns(&w->wall),
		 ns(&e.cpu) - ns(&w->cpu));
}

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

NOINLINE void sleeper(void)
{
	struct window w;

	window_open(&w);
	nap(30);
	window_close(&w, 0, "sleeper");
	sink++;
}

NOINLINE void waiter(void)
{
	struct window w;

	window_open(&w);
	pthread_mutex_lock(&mu);
	waiting = 1;
	pthread_cond_signal(&cv_waiting);
	while (!ready)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	window_close(&w, 1, "waiter");
	sink++;
}

NOINLINE void spinner(void)
{
	struct window w;

	window_open(&w);
	for (unsigned long i = 0; i < 20000000UL; i++)
		__atomic_fetch_add(&sink, 1, __ATOMIC_RELAXED);
	window_close(&w, 2, "spinner");
	sink++;
}

/* signals waiter() 40 ms after it began to wait, however late either thread got the CPU */
__attribute__((no_instrument_function)) static void *signaller(void *arg)
{
	pthread_mutex_lock(&mu);
	while (!waiting)
		pthread_cond_wait(&cv_waiting, &mu);
	pthread_mutex_unlock(&mu);
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
	for (int i = 0; i < 3; i++)
		puts(report[i]);
	return 0;
}
