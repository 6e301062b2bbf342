/* SPDX-License-Identifier: MIT */
/* Off-CPU time in every kind of task a program starts: a thread (thread_sleeper), a fork child
 * (child_sleeper), and the program it execs (exec_sleeper): each sleeps 20 ms. */
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "e2e.h"

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

NOINLINE void thread_sleeper(void)
{
	nap(20);
	sink++;
}

NOINLINE void child_sleeper(void)
{
	nap(20);
	sink++;
}

NOINLINE void exec_sleeper(void)
{
	nap(20);
	sink++;
}

static void *thread_main(void *arg)
{
	thread_sleeper();
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "exec")) {
		exec_sleeper();
		return 0;
	}
	if (pthread_create(&t, NULL, thread_main, NULL) != 0)
		return 1;
	pthread_join(t, NULL);
	pid = fork();
	if (pid == 0) {
		child_sleeper();
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		return 1;
	return 0;
}
