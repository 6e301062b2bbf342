/* SPDX-License-Identifier: MIT */
/* The terminal: whether output is coloured, and the pager long output goes through. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ftrace.h"
#include "term.h"

bool term_color_wanted(const char *mode)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	if (mode && strcmp(mode, "auto"))
		die("invalid --color '%s' (auto, always or never)", mode);
	/* https://no-color.org: present and not empty turns colour off */
	if (no_color && *no_color)
		return false;
	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
}

/* True when PATH has an executable NAME: a missing less means no pager, not a dead pipe. */
static bool in_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? path : ".", name);
		if (!access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* $PAGER, `less -FRSX`, or NULL for no pager. */
static const char *pager_command(void)
{
	const char *p = getenv("PAGER");

	if (p)
		return *p && strcmp(p, "cat") ? p : NULL;
	return in_path("less") ? "less -FRSX" : NULL;
}

static pid_t pager_pid;

/*
 * The end of ftrace with a pager: close our ends of the pipe so that it sees the end of the
 * output, and wait for it, so that the shell's prompt does not come back under the pager.
 */
static void pager_wait(void)
{
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* ^C (which the pager ignores) or a kill: wait for the pager to be done with the terminal. */
static void pager_signal(int sig)
{
	pager_wait();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void pager_exec(const char *cmd, int fds[2])
{
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	close(fds[1]);
	setenv("LESS", "FRSX", 0); /* a plain PAGER=less still shows colour and quits when short */
	setenv("LV", "-c", 0);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

void term_start_pager(void)
{
	const char *cmd;
	int fds[2];

	if (!isatty(STDOUT_FILENO) || !(cmd = pager_command()))
		return;
	fflush(stdout);
	if (pipe(fds) < 0)
		return; /* no pager is better than no output */
	pager_pid = fork();
	if (pager_pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pager_pid == 0)
		pager_exec(cmd, fds);
	dup2(fds[1], STDOUT_FILENO);
	if (isatty(STDERR_FILENO))
		dup2(fds[1],
		     STDERR_FILENO); /* warnings after the tree show under it, in the pager */
	close(fds[0]);
	close(fds[1]);
	/* quitting the pager early: writes fail with EPIPE, which every command treats as the end
	 */
	signal(SIGPIPE, SIG_IGN);
	catch_signal(SIGINT, pager_signal, SA_RESTART);
	catch_signal(SIGTERM, pager_signal, SA_RESTART);
	catch_signal(SIGHUP, pager_signal, SA_RESTART);
	catch_signal(SIGQUIT, pager_signal, SA_RESTART);
	atexit(pager_wait);
}
