/* SPDX-License-Identifier: MIT */
/* Four threads of 50,000 calls each, all alive at once (a barrier: their streams exist together however
 * the machine schedules them). With "nofd" the program first uses up every file descriptor it may
 * have, so the tracer cannot open a file for the threads' streams. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define CALLS 50000

static volatile int sink;
static pthread_barrier_t all_started;

static __attribute__((noinline)) void leaf(int i)
{
	sink += i;
}

static void *worker(void *arg)
{
	pthread_barrier_wait(&all_started);
	for (int i = 0; i < CALLS; i++)
		leaf(i);
	return arg;
}

static int use_all_fds(void)
{
	struct rlimit rl = {64, 64};
	int n = 0;

	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		perror("setrlimit");
	while (open("/dev/null", O_RDONLY) >= 0)
		n++;
	return n;
}

int main(int argc, char **argv)
{
	pthread_t th[4];

	if (argc > 1 && !strcmp(argv[1], "nofd"))
		printf("descriptors used up: %s\n", use_all_fds() > 0 ? "yes" : "no");
	pthread_barrier_init(&all_started, NULL, 4);
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	printf("calls %d\n", 4 * CALLS);
	return 0;
}
