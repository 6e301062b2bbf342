/* SPDX-License-Identifier: MIT */
/* ftrace live (and plain `ftrace PROG`): record into a temporary directory, replay it, remove it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ftrace.h"

static char live_dir[PATH_MAX];
static volatile sig_atomic_t live_signal; /* SIGTERM or SIGHUP arrived while the program ran */

/* Runs at exit, so the directory goes away even when record or replay die() on bad input. */
static void remove_live_dir(void)
{
	if (!live_dir[0])
		return;
	/* live_dir is the mkdtemp() directory made below, nothing else */
	if (remove_tree(live_dir) != 0)
		warn("cannot remove '%s': %s", live_dir, strerror(errno));
	live_dir[0] = '\0';
}

/* remove_tree() with async-signal-safe calls only (openat, getdents64, unlinkat), for a handler. */
static void remove_at(int dfd, const char *name, int depth)
{
	char buf[4096];
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	bool removed = true;
	ssize_t n;

	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	while (removed) { /* a directory read while it shrinks: read again until nothing goes */
		removed = false;
		lseek(fd, 0, SEEK_SET);
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *e = (struct dirent64 *)(buf + off);

				off += e->d_reclen;
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				if (e->d_type == DT_DIR && depth < 8)
					remove_at(fd, e->d_name, depth + 1);
				else
					unlinkat(fd, e->d_name, 0);
				removed = true;
			}
	}
	close(fd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/*
 * SIGTERM, SIGHUP: while the program runs, it gets the signal and record finishes its trace as for
 * ^C; afterwards (symbols, replay) the directory is removed here and ftrace dies of the signal.
 */
static void on_terminate(int sig)
{
	pid_t child = record_child;

	live_signal = sig;
	if (child > 0) {
		kill(child, sig);
		return;
	}
	if (live_dir[0])
		remove_at(AT_FDCWD, live_dir, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A signal the shell ignored (nohup: SIGHUP) stays ignored, for ftrace and for the program. */
static void catch_terminate(void)
{
	static const int sigs[] = {SIGTERM, SIGHUP};
	struct sigaction old;

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler != SIG_IGN)
			catch_signal(sigs[i], on_terminate, 0);
}

static void die_of_signal(void)
{
	int sig = live_signal;

	remove_live_dir();
	signal(sig, SIG_DFL);
	raise(sig);
}

int cmd_live(struct opts *o)
{
	const char *tmp = getenv("TMPDIR");
	char base[PATH_MAX], dir[PATH_MAX + 16];
	int status;

	snprintf(base, sizeof(base), "%s/ftrace-live-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base))
		die("cannot create a temporary directory in '%s'", tmp && *tmp ? tmp : "/tmp");
	strcpy(live_dir, base);
	atexit(remove_live_dir);
	catch_terminate();
	/* record wants to create the data directory itself */
	snprintf(dir, sizeof(dir), "%s/data", base);
	o->dir = dir;
	status = cmd_record(o);
	if (live_signal)
		die_of_signal(); /* the user asked ftrace to stop, not for the tree */
	o->argc = 0;
	o->argv = NULL;
	fflush(stderr);
	if (cmd_replay(o) != 0)
		status = status ? status : 1;
	remove_live_dir();
	return status;
}
