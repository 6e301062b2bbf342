/* SPDX-License-Identifier: MIT */
/* The task log of a data directory, parsed once: processes, their images, threads, exits, crashes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	f = fopen_regular(path);
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		char *e;

		line[strcspn(line, "\n")] = '\0';
		e = escape_ctrl(line); /* exe paths and command lines are the program's to choose */
		task_line(log, e ? e : line);
		free(e);
	}
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

const char *stop_reason_text(uint64_t reason)
{
	switch (reason) {
	case FT_STOP_NOSPACE: return "disk full";
	case FT_STOP_NOMEM: return "out of memory";
	case FT_STOP_IO: return "I/O error";
	case FT_STOP_FINISH: return "finish trigger";
	case FT_STOP_FSIZE: return "file size limit";
	default: return "unknown reason";
	}
}

int counters_load(const char *dir, struct ft_counters *c)
{
	char path[4200];
	int fd;
	ssize_t n;

	*c = (struct ft_counters){0};
	snprintf(path, sizeof(path), "%s/%s", dir, FT_COUNTERS_FILE);
	fd = open_regular(path);
	if (fd < 0)
		return -1;
	n = read(fd, c, sizeof(*c));
	close(fd);
	if (n != (ssize_t)sizeof(*c) || c->magic != FT_COUNTERS_MAGIC) {
		*c = (struct ft_counters){0};
		return -1;
	}
	return 0;
}

/* "tracing stopped early: disk full (3 threads); 1200 records lost", or false: nothing to say */
bool counters_describe(const struct ft_counters *c, char *buf, size_t size)
{
	size_t len = 0;
	bool any = false;

	buf[0] = '\0';
	for (unsigned i = 0; i < FT_STOP_REASONS; i++) {
		if (!c->stops[i] || i == FT_STOP_FINISH)
			continue;
		len += (size_t)snprintf(
			buf + len, len < size ? size - len : 0, "%s%s (%llu thread%s)",
			any ? ", " : "tracing stopped early: ", stop_reason_text(i),
			(unsigned long long)c->stops[i], c->stops[i] == 1 ? "" : "s");
		any = true;
	}
	if (c->lost)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0,
					"%s%llu records lost", any ? "; " : "",
					(unsigned long long)c->lost);
	return any || c->lost;
}

void counters_warn(const char *dir)
{
	struct ft_counters c;
	char what[512];

	if (counters_load(dir, &c) == 0 && counters_describe(&c, what, sizeof(what)))
		warn("%s: the trace in '%s' is incomplete", what, dir);
}
