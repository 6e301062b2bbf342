/* SPDX-License-Identifier: MIT */
/* vfork(): a child that calls a traced function, then _exit()s; the parent's trace is not disturbed. */
#include <sys/wait.h>
#include <unistd.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void in_parent(void) { leaf(); sink++; }

NOINLINE void split(void)
{
	pid_t pid = vfork();

	if (pid == 0) {
		leaf();
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	in_parent();
}

int main(void)
{
	split();
	leaf();
	sink++;
	return 0;
}
