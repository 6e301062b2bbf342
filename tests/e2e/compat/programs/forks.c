/* SPDX-License-Identifier: MIT */
/* fork() from main: the child does its own calls and returns from main too. */
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void in_child(void) { leaf(); }

int main(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		in_child();
		return 0;
	}
	waitpid(pid, NULL, 0);
	leaf();
	return 0;
}
