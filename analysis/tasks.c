/* SPDX-License-Identifier: MIT */
/* The task log of a data directory, parsed once: processes, their images, threads, exits, crashes.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace.h"
#include "tasks.h"
#include "trace_format.h"

struct task *task_log_find(const struct task_log *log, uint32_t pid)
{
	for (unsigned i = log->n; i-- > 0;)
		if (log->v[i].pid == pid)
			return &log->v[i];
	return NULL;
}

static struct task *task_add(struct task_log *log, uint32_t pid)
{
	struct task *t = task_log_find(log, pid);

	if (t)
		return t;
	log->v = xrealloc(log->v, (log->n + 1) * sizeof(*log->v));
	t = &log->v[log->n++];
	*t = (struct task){.pid = pid, .exit_code = -1};
	return t;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/*
 * A new image for t: a "start" or "fork" line names the first; an exec'd image writes "start" too.
 * "exec" lines are only the intent (the exec may fail), so they add nothing.
 */
static void task_image(struct task *t, const char *exe)
{
	size_t n = t->images ? strlen(t->images) : 0;
	const char *base = base_name(exe);

	free(t->exe);
	t->exe = xstrdup(exe);
	t->images = xrealloc(t->images, n + strlen(base) + 5);
	sprintf(t->images + n, "%s%s", n ? " -> " : "", base);
}

static void signal_line(struct task_log *log, unsigned long long tick, const char *rest)
{
	struct fatal_signal s = {.tick = tick};

	if (sscanf(rest, "%d %d %d %llx %llu %1089s", &s.pid, &s.tid, &s.sig, &s.addr, &s.session,
		   s.frames) != 6)
		return;
	log->sigs = xrealloc(log->sigs, (log->nsigs + 1) * sizeof(*log->sigs));
	log->sigs[log->nsigs++] = s;
	task_add(log, (uint32_t)s.pid)->signo = s.sig;
}

static void task_line(struct task_log *log, char *line)
{
	unsigned long long tick;
	unsigned a, b;
	char word[16];
	int off = 0;
	struct task *t;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%llu %15s %n", &tick, word, &off) != 2 || !off)
		return;
	line += off;
	if (!strcmp(word, "signal")) {
		signal_line(log, tick, line);
	} else if ((!strcmp(word, "start") || !strcmp(word, "fork")) &&
		   sscanf(line, "%u %u %n", &a, &b, &off) == 2) {
		t = task_log_find(log, a);
		if (!t) {
			t = task_add(log, a);
			t->ppid = b;
			t->forked = !strcmp(word, "fork");
		}
		task_image(t, line + off);
	} else if (!strcmp(word, "cmdline") && sscanf(line, "%u %n", &a, &off) == 1) {
		t = task_add(log, a);
		if (!t->cmdline)
			t->cmdline = xstrdup(line + off);
	} else if (!strcmp(word, "thread") && sscanf(line, "%u %u", &a, &b) == 2) {
		t = task_add(log, a);
		for (unsigned i = 0; i < t->ntids; i++)
			if (t->tids[i] == b)
				return; /* the same thread again, in the image it exec'd */
		t->tids = xrealloc(t->tids, (t->ntids + 1) * sizeof(*t->tids));
		t->tids[t->ntids++] = b;
	} else if (!strcmp(word, "exit") && sscanf(line, "%u %u", &a, &b) == 2) {
		task_add(log, a)->exit_code = (int)b;
	} else if (!strcmp(word, "lost") && sscanf(line, "%u %u", &a, &b) == 2) {
		log->lost += b;
	} else if (!strcmp(word, "stop") && sscanf(line, "%u %u %*d %n", &a, &b, &off) == 2) {
		char *why = xmalloc(strlen(line) + 40);

		sprintf(why, "pid %u tid %u: %s", a, b, line + off);
		log->stops = xrealloc(log->stops, (log->nstops + 1) * sizeof(*log->stops));
		log->stops[log->nstops++] = why;
	}
}

int task_log_load(const char *dir, struct task_log *log)
{
	char path[4200], *line = NULL;
	size_t cap = 0;
	FILE *f;

	*log = (struct task_log){0};
	snprintf(path, sizeof(path), "%s/%s", dir, FT_TASK_FILE);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		task_line(log, line);
	free(line);
	fclose(f);
	return 0;
}

void task_log_free(struct task_log *log)
{
	for (unsigned i = 0; i < log->n; i++) {
		free(log->v[i].exe);
		free(log->v[i].images);
		free(log->v[i].cmdline);
		free(log->v[i].tids);
	}
	for (unsigned i = 0; i < log->nstops; i++)
		free(log->stops[i]);
	free(log->stops);
	free(log->v);
	free(log->sigs);
	*log = (struct task_log){0};
}
