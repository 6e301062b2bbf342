/* SPDX-License-Identifier: MIT */
/* For the tui cases: one heavy path (main > compute > heavy_work), names to search, a second
 * thread, and shared_leaf called from several places (its backtraces). */
#include <pthread.h>
#include <unistd.h>

static volatile int sink;

__attribute__((noinline)) void shared_leaf(int i)
{
	sink += i;
}

__attribute__((noinline)) void lex_token(int i)
{
	shared_leaf(i);
}

__attribute__((noinline)) void parse_input(void)
{
	for (int i = 0; i < 5; i++)
		lex_token(i);
}

__attribute__((noinline)) void heavy_work(void)
{
	usleep(20000);
	shared_leaf(1);
}

__attribute__((noinline)) void light_work(void)
{
	shared_leaf(2);
}

__attribute__((noinline)) void compute(void)
{
	heavy_work();
	light_work();
}

__attribute__((noinline)) void *worker_main(void *arg)
{
	light_work();
	usleep(2000);
	return arg;
}

int main(void)
{
	pthread_t t;

	parse_input();
	pthread_create(&t, NULL, worker_main, NULL);
	pthread_join(t, NULL);
	compute();
	return 0;
}
