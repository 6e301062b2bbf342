/* SPDX-License-Identifier: MIT */
/* For the terminal cases: a call in microseconds, one in milliseconds, N more (a long replay), and
 * with "crash" an abort() (a signal line). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int sink;

__attribute__((noinline)) void leaf(int i)
{
	sink += i;
}

__attribute__((noinline)) void quick(void)
{
	leaf(1);
}

__attribute__((noinline)) void slow(void)
{
	usleep(3000);
	leaf(2);
}

__attribute__((noinline)) void crash(void)
{
	abort();
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;

	quick();
	slow();
	for (int i = 0; i < n; i++)
		leaf(i);
	if (argc > 2 && !strcmp(argv[2], "crash"))
		crash();
	return 0;
}
