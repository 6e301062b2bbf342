/* SPDX-License-Identifier: MIT */
/* The analysis cases' program: a loop, a recursion and a second thread, with known call counts. */
#include <pthread.h>

#include "e2e.h"

NOINLINE void leaf(void)
{
	sink++;
}

NOINLINE void middle(void)
{
	leaf();
	leaf();
	sink++;
}

NOINLINE int fib(int n)
{
	int r = n < 2 ? n : fib(n - 1) + fib(n - 2);

	sink = r;
	return r;
}

NOINLINE void *worker(void *arg)
{
	middle();
	sink++;
	return arg;
}

int main(void)
{
	pthread_t t;

	for (int i = 0; i < 3; i++)
		middle();
	fib(4);
	if (pthread_create(&t, NULL, worker, NULL) == 0)
		pthread_join(t, NULL);
	sink++;
	return 0;
}
