/* SPDX-License-Identifier: MIT */
/* ftrace live (and plain `ftrace PROG`): record into a temporary directory, replay it, remove it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ftrace.h"

static char live_dir[PATH_MAX];

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
	/* record wants to create the data directory itself */
	snprintf(dir, sizeof(dir), "%s/data", base);
	o->dir = dir;
	status = cmd_record(o);
	o->argc = 0;
	o->argv = NULL;
	fflush(stderr);
	if (cmd_replay(o) != 0)
		status = status ? status : 1;
	remove_live_dir();
	return status;
}
