/* SPDX-License-Identifier: MIT */
/* One thread of many chunks for the fold of one stream in ranges (argv[1] rounds, default 3000):
 * every round runs under calls that stay open for the whole run or for long stretches of it
 * (phase, deep), so ranges start inside them; some rounds leave deep recursion by longjmp, some
 * take a signal whose handler is traced, some sleep deep inside (off-CPU time). With argv[2]
 * "crowd", a helper thread and a fork child do a little work each: one big stream among small
 * ones. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

static jmp_buf out;
static int jumping; /* out is set */

NOINLINE void leaf(int i) { sink += i; }
NOINLINE void other(int i) { sink -= i; }
NOINLINE void mid(int i)
{
	for (int k = 0; k < 1 + i % 5; k++)
		(i + k) % 3 ? leaf(i + k) : other(k);
	sink++;
}
NOINLINE void on_signal(int sig) { mid(sig); sink++; }

/* recursion to depth d, then a little work, a sleep, a signal or a longjmp at the bottom */
NOINLINE void deep(int d, int round)
{
	if (d) {
		deep(d - 1, round);
	} else {
		for (int i = 0; i < 20; i++)
			mid(i + round);
		if (jumping && round % 97 == 13)
			longjmp(out, 1);
		if (round % 101 == 7)
			raise(SIGUSR1);
		if (round % 499 == 3)
			usleep(2000);
	}
	sink++;
}

NOINLINE void jumper(int round)
{
	if (!setjmp(out)) {
		jumping = 1;
		deep(20 + round % 20, round);
	}
	jumping = 0;
	sink++;
}

NOINLINE void phase(int rounds, int kind)
{
	for (int r = 0; r < rounds; r++) {
		if (kind)
			jumper(r);
		else
			deep(5 + r % 7, r + 1);
		mid(r);
	}
	sink++;
}

/* the helper thread's and the child's little work */
NOINLINE void chore(int n)
{
	for (int i = 0; i < n; i++)
		mid(i);
	sink++;
}

NOINLINE void *helper(void *arg)
{
	chore(*(int *)arg);
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3000, little = 300;
	int crowd = argc > 2 && !strcmp(argv[2], "crowd");
	pthread_t t;
	pid_t child;

	signal(SIGUSR1, on_signal);
	if (crowd && pthread_create(&t, NULL, helper, &little) != 0)
		return 1;
	phase(rounds / 3, 0);
	if (!crowd) {
		phase(rounds, 1);
		return 0;
	}
	pthread_join(t, NULL);
	child = fork();
	if (child == 0) {
		chore(little);
		_exit(0);
	}
	if (child > 0)
		waitpid(child, NULL, 0);
	phase(rounds, 1);
	return 0;
}
