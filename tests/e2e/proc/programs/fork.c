/* SPDX-License-Identifier: MIT */
/* fork() two calls deep: the child's tree starts inside the frames it inherited, at the right depth. */
#include <sys/wait.h>
#include <unistd.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void in_child(void) { leaf(); sink++; }
NOINLINE void in_parent(void) { leaf(); sink++; }

NOINLINE void split(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		in_child();
		return; /* returns through the inherited frames, then exits from main */
	}
	waitpid(pid, NULL, 0); /* the child finishes first: a fixed order */
	in_parent();
}

NOINLINE void outer(void) { split(); sink++; }

int main(void)
{
	outer();
	leaf();
	sink++;
	return 0;
}
