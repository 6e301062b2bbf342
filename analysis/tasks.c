/* SPDX-License-Identifier: MIT */
/* The task log of a data directory, parsed once: processes, their images, threads, exits, crashes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "tasks.h"
#include "task_log.h"
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

/* ---- the parser ---- */

/* the keywords are common/task_log.h's, the ones libmcount's writer uses */
static const char *const kind_words[] = {
	[TL_START] = FT_TL_START,   [TL_FORK] = FT_TL_FORK,	[TL_CMDLINE] = FT_TL_CMDLINE,
	[TL_THREAD] = FT_TL_THREAD, [TL_EXEC] = FT_TL_EXEC,	[TL_EXIT] = FT_TL_EXIT,
	[TL_STOP] = FT_TL_STOP,	    [TL_SIGNAL] = FT_TL_SIGNAL, [TL_LOST] = FT_TL_LOST,
	[TL_END] = FT_TL_END,	    [TL_NAME] = FT_TL_NAME,
};

static int kind_of(const char *word)
{
	for (unsigned i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
		if (!strcmp(word, kind_words[i]))
			return (int)i;
	return -1;
}

/* The fields after the keyword, as l->kind has them: 0, or -1 when they do not parse. */
static int line_fields(struct task_line *l, const char *rest, struct fatal_signal *s)
{
	unsigned a, b;
	int off = 0;

	switch (l->kind) {
	case TL_START:
	case TL_FORK:
		if (sscanf(rest, "%u %u %n", &a, &b, &off) != 2)
			return -1;
		break;
	case TL_END:
		if (sscanf(rest, "%u", &a) != 1)
			return -1;
		b = 0;
		break;
	case TL_CMDLINE:
	case TL_EXEC:
		if (sscanf(rest, "%u %n", &a, &off) != 1)
			return -1;
		b = 0;
		break;
	case TL_THREAD:
	case TL_EXIT:
	case TL_LOST:
		if (sscanf(rest, "%u %u", &a, &b) != 2)
			return -1;
		break;
	case TL_STOP:
		if (sscanf(rest, "%u %u %*d %n", &a, &b, &off) != 2)
			return -1;
		break;
	case TL_NAME:
		if (sscanf(rest, "%u %u %n", &a, &b, &off) != 2 || !off || !rest[off])
			return -1;
		break;
	case TL_SIGNAL:
		if (sscanf(rest, "%u", &a) != 1)
			return -1;
		b = 0;
		if (sscanf(rest, "%d %d %d %llx %llu %1089s", &s->pid, &s->tid, &s->sig, &s->addr,
			   &s->session, s->frames) == 6) {
			s->tick = l->tick;
			l->sig = s;
		}
		break;
	}
	l->pid = a;
	l->arg = b;
	l->text = off ? rest + off : ""; /* off stays 0 for kinds without text */
	return 0;
}

int task_log_each(const char *dir, void (*fn)(void *ctx, const struct task_line *l), void *ctx)
{
	char path[4200], *line = NULL, word[16];
	unsigned long long tick;
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_TASK_FILE);
	f = fopen_regular(path); /* a FIFO in its place must not hang a reader */
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		struct fatal_signal sig = {0};
		struct task_line l = {.text = ""};
		int off = 0, kind;
		char *e;

		line[strcspn(line, "\n")] = '\0';
		e = escape_ctrl(line); /* exe paths and command lines are the program's to choose */
		if (sscanf(e ? e : line, "%llu %15s %n", &tick, word, &off) == 2 && off &&
		    (kind = kind_of(word)) >= 0) {
			l.tick = tick;
			l.kind = (enum task_kind)kind;
			if (line_fields(&l, (e ? e : line) + off, &sig) == 0)
				fn(ctx, &l);
		}
		free(e);
	}
	free(line);
	fclose(f);
	return 0;
}

/* ---- the whole log, per process ---- */

static void signal_line(struct task_log *log, const struct fatal_signal *s)
{
	log->sigs = xrealloc(log->sigs, (log->nsigs + 1) * sizeof(*log->sigs));
	log->sigs[log->nsigs++] = *s;
	task_add(log, (uint32_t)s->pid)->signo = s->sig;
}

static void thread_line(struct task *t, uint32_t tid)
{
	for (unsigned i = 0; i < t->ntids; i++)
		if (t->tids[i] == tid)
			return; /* the same thread again, in the image it exec'd */
	t->tids = xrealloc(t->tids, (t->ntids + 1) * sizeof(*t->tids));
	t->tids[t->ntids++] = tid;
}

static void stop_line(struct task_log *log, const struct task_line *l)
{
	char *why = xmalloc(strlen(l->text) + 40);

	sprintf(why, "pid %u tid %u: %s", l->pid, l->arg, l->text);
	log->stops = xrealloc(log->stops, (log->nstops + 1) * sizeof(*log->stops));
	log->stops[log->nstops++] = why;
}

/*
 * libmcount logs a thread's name when it is given and, at its exit, when it is not the process's
 * default (its executable's name): a thread with no line has the default. Lines are per process
 * (pid), since a tid may be reused by another process's thread.
 */
static void name_line(struct task_log *log, uint32_t pid, uint32_t tid, const char *name)
{
	for (unsigned i = 0; i < log->nnames; i++)
		if (log->names[i].tid == tid && log->names[i].pid == pid) {
			free(log->names[i].name);
			log->names[i].name = xstrdup(name);
			return;
		}
	log->names = xrealloc(log->names, (log->nnames + 1) * sizeof(*log->names));
	log->names[log->nnames++] = (struct thread_name){pid, tid, xstrdup(name)};
}

const char *task_log_program(const struct task_log *log, uint32_t pid)
{
	const struct task *t = task_log_find(log, pid);

	return t && t->exe ? base_name(t->exe) : NULL;
}

const char *task_log_thread_name(const struct task_log *log, uint32_t pid, uint32_t tid,
				 char buf[16])
{
	const struct task *t = task_log_find(log, pid);

	for (unsigned i = 0; i < log->nnames; i++)
		if (log->names[i].tid == tid && log->names[i].pid == pid)
			return log->names[i].name;
	if (!t || !t->exe)
		return NULL;
	snprintf(buf, 16, "%s", base_name(t->exe));
	return buf;
}

const char *task_log_given_name(const struct task_log *log, uint32_t pid, uint32_t tid)
{
	const struct task *t = task_log_find(log, pid);
	char def[16] = "";

	if (t && t->exe)
		snprintf(def, sizeof(def), "%s", base_name(t->exe));
	for (unsigned i = 0; i < log->nnames; i++)
		if (log->names[i].tid == tid && log->names[i].pid == pid)
			return strcmp(log->names[i].name, def) ? log->names[i].name : NULL;
	return NULL;
}

static void task_line(void *ctx, const struct task_line *l)
{
	struct task_log *log = ctx;
	struct task *t;

	switch (l->kind) {
	case TL_SIGNAL:
		if (l->sig)
			signal_line(log, l->sig);
		break;
	case TL_START:
	case TL_FORK:
		t = task_log_find(log, l->pid);
		if (!t) {
			t = task_add(log, l->pid);
			t->ppid = l->arg;
			t->forked = l->kind == TL_FORK;
		}
		task_image(t, l->text);
		break;
	case TL_CMDLINE:
		t = task_add(log, l->pid);
		if (!t->cmdline)
			t->cmdline = xstrdup(l->text);
		break;
	case TL_THREAD: thread_line(task_add(log, l->pid), l->arg); break;
	case TL_EXIT: task_add(log, l->pid)->exit_code = (int)l->arg; break;
	case TL_LOST: log->lost += l->arg; break;
	case TL_STOP: stop_line(log, l); break;
	case TL_EXEC: break; /* only the intent: the exec may fail */
	case TL_END: break;  /* the reader's business: when still-blocked threads stopped */
	case TL_NAME: name_line(log, l->pid, l->arg, l->text); break;
	}
}

int task_log_load(const char *dir, struct task_log *log)
{
	*log = (struct task_log){0};
	return task_log_each(dir, task_line, log);
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
	for (unsigned i = 0; i < log->nnames; i++)
		free(log->names[i].name);
	free(log->names);
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
