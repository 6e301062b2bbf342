/* SPDX-License-Identifier: MIT */
/* Runs one command and prints its wall time, CPU time and peak RSS on one line, for bench/run.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * usage: timeit [-o OUT] [-e ERR] PROG [ARGS...]
 * Prints "wall_s user_s sys_s maxrss_kb status" to stdout. PROG's stdout goes to OUT (default
 * /dev/null) and its stderr to ERR (default: inherited). CPU times cover PROG and every descendant
 * it waited for (a recorder's traced program, say); maxrss is the largest of those processes, the
 * figure `/usr/bin/time -v` reports. status is the exit code, or 128 + the signal number.
 * wait4() gives all of this for the one child without a shell in between to blur it.
 */

static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void redirect(const char *path, int fd)
{
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (f < 0 || dup2(f, fd) < 0) {
		fprintf(stderr, "timeit: cannot open '%s': %s\n", path, strerror(errno));
		_exit(127);
	}
	close(f);
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null", *err = NULL;
	struct rusage ru;
	double t0, t1;
	int opt, st;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+o:e:")) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == 'e')
			err = optarg;
		else
			return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: timeit [-o OUT] [-e ERR] PROG [ARGS...]\n");
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "timeit: cannot fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		redirect(out, STDOUT_FILENO);
		if (err)
			redirect(err, STDERR_FILENO);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "timeit: cannot run '%s': %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		fprintf(stderr, "timeit: wait4: %s\n", strerror(errno));
		return 2;
	}
	t1 = now();
	printf("%.6f %.6f %.6f %ld %d\n", t1 - t0, secs(ru.ru_utime), secs(ru.ru_stime),
	       ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}
