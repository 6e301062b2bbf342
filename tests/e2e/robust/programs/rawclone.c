/* SPDX-License-Identifier: MIT */
/* A child made by syscall(SYS_clone, SIGCHLD): no fork() wrapper, so no atfork handler runs. The child
 * makes its own calls and exits 7; the parent waits, then makes calls of its own and exits 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int sink;

static __attribute__((noinline)) void child_work(int i)
{
	sink += i;
}

static __attribute__((noinline)) void parent_work(int i)
{
	sink -= i;
}

static __attribute__((noinline)) void before(void)
{
	sink++;
}

int main(void)
{
	int status = 0;
	long pid;

	before();
	fflush(stdout);
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		for (int i = 0; i < 1000; i++)
			child_work(i);
		_exit(7);
	}
	if (pid < 0 || waitpid((pid_t)pid, &status, 0) != pid) {
		perror("clone");
		return 1;
	}
	for (int i = 0; i < 1000; i++)
		parent_work(i);
	printf("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
