/* SPDX-License-Identifier: MIT */
/* A SIGALRM storm (setitimer, every 50 us) during a tight loop of traced calls: signals land inside
 * libmcount too. The program must compute the right result and the tree stay balanced. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "e2e.h"

static volatile long ticks;

NOINLINE void tick(void) { ticks++; }
NOINLINE void on_alarm(int sig) { (void)sig; tick(); sink++; }
NOINLINE long add(long a, long b) { sink++; return a + b; }

NOINLINE long loop(long n)
{
	long sum = 0;

	for (long i = 0; i < n; i++)
		sum = add(sum, i);
	return sum;
}

int main(int argc, char **argv)
{
	struct itimerval it = { { 0, 50 }, { 0, 50 } }, off;
	struct sigaction sa;
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000000, sum;

	memset(&sa, 0, sizeof(sa));
	memset(&off, 0, sizeof(off));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	sum = loop(n);
	setitimer(ITIMER_REAL, &off, NULL);
	printf("sum %ld %s, ticks %s\n", sum, sum == n * (n - 1) / 2 ? "ok" : "WRONG", ticks > 10 ? "many" : "few");
	return 0;
}
