/* SPDX-License-Identifier: MIT */
/* posix_spawn() and posix_spawnp() of this program: the children are traced into the same directory,
 * even the one given an environment without our variables. */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include "e2e.h"

extern char **environ;

NOINLINE void leaf(void) { sink++; }
NOINLINE void child(void) { leaf(); sink++; }

NOINLINE void run(int use_path, char *arg)
{
	char *argv[] = { "spawn", arg, NULL }, *bare[] = { "E2E=1", NULL };
	pid_t pid;
	int rc;

	if (use_path)
		rc = posix_spawnp(&pid, "/proc/self/exe", NULL, NULL, argv, bare);
	else
		rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
	if (rc == 0)
		waitpid(pid, NULL, 0);
	sink++;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		child();
		return 0;
	}
	run(0, "a");
	run(1, "b");
	sink++;
	return 0;
}
