/* SPDX-License-Identifier: MIT */
/* ftrace info: what a data directory holds (program, run, clock, tasks, record counts),
 * uftrace-style. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crash.h"
#include "ftrace.h"
#include "tasks.h"
#include "trace_format.h"
#include "trace_reader.h"

#define KEY_WIDTH 20

static void line(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(const char *key, const char *fmt, ...)
{
	va_list ap;
	char text[8192];

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	escape_ctrl_in(text, sizeof(text)); /* values come from the trace */
	printf("# %-*s: %s\n", KEY_WIDTH, key, text);
}

static void info_line(struct trace_reader *r, const char *key, const char *label)
{
	const char *v = trace_reader_info(r, key);

	if (v && *v)
		line(label, "%s", v);
}

/* Time and clock: the elapsed time of the run, and how ticks became nanoseconds. */
static void print_clock(struct trace_reader *r)
{
	const char *elapsed = trace_reader_info(r, "elapsed-ns"),
		   *clock = trace_reader_info(r, "clock");
	const char *sync = trace_reader_info(r, "clock-sync");
	unsigned long long t0, n0, t1, n1, ns;

	if (elapsed) {
		ns = strtoull(elapsed, NULL, 10);
		line("elapsed time", "%llu.%09llu sec", ns / 1000000000ull, ns % 1000000000ull);
	}
	if (clock && !strcmp(clock, "tsc") && sync &&
	    sscanf(sync, "%llu %llu %llu %llu", &t0, &n0, &t1, &n1) == 4 && n1 > n0 && t1 > t0)
		line("clock", "tsc (%.3f GHz, calibrated over %.3f ms)",
		     (double)(t1 - t0) / (double)(n1 - n0), (double)(n1 - n0) / 1e6);
	else if (clock)
		line("clock", "%s%s", clock,
		     strcmp(clock, "mono") ? " (not calibrated)" : " (CLOCK_MONOTONIC)");
}

/* A process, then the ones it forked, indented: its images, threads and how it ended. */
static void print_task(const struct task_log *log, const struct task *t, int depth,
		       const char *status)
{
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "%*s%s%u %s%s", 3 * depth, "", depth ? "+- " : "",
			 t->pid, t->images ? t->images : "?", t->forked ? " (forked)" : "");

	if (t->cmdline && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ": %s", t->cmdline);
	if (t->ntids > 1 && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", %u threads", t->ntids);
	if (t->signo && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", killed by SIG%s",
			      sigabbrev_np(t->signo) ?: "?");
	else if (t->exit_code >= 0 && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", exit %d", t->exit_code);
	else if (status && n < (int)sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n, ", %s", status);
	line(depth ? "" : "task tree", "%s", buf);
	if (depth > 64)
		return; /* a cycle in a corrupt task log */
	for (unsigned i = 0; i < log->n; i++)
		if (log->v[i].ppid == t->pid && &log->v[i] != t)
			print_task(log, &log->v[i], depth + 1, NULL);
}

/* The task log: processes and threads as lists (uftrace's lines), the tree, stops, crashes. */
static void print_tasks(struct trace_reader *r, const char *dir, enum demangle_style style)
{
	const char *pid = trace_reader_info(r, "pid"),
		   *status = trace_reader_info(r, "exit-status");
	struct task_log log;
	char list[4096], where[3000], buf[16];
	size_t len = 0;

	if (task_log_load(dir, &log) < 0)
		return;
	for (unsigned i = 0; i < log.n && len < sizeof(list) - 64; i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%u(%s)", len ? " " : "",
					log.v[i].pid, log.v[i].images ? log.v[i].images : "?");
	if (len)
		line("process list", "%s", list);
	len = 0;
	for (unsigned i = 0; i < log.n; i++)
		for (unsigned k = 0; k < log.v[i].ntids && len < sizeof(list) - 32; k++) {
			const char *name =
				task_log_thread_name(&log, log.v[i].pid, log.v[i].tids[k], buf);

			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%u(%s)",
						len ? " " : "", log.v[i].tids[k],
						name ? name : "?");
		}
	if (len)
		line("thread list", "%s", list);
	for (unsigned i = 0; i < log.n; i++)
		if (!task_log_find(&log, log.v[i].ppid))
			print_task(&log, &log.v[i], 0,
				   pid && log.v[i].pid == strtoul(pid, NULL, 10) ? status : NULL);
	for (unsigned i = 0; i < log.nstops; i++)
		line("tracing stopped", "%s", log.stops[i]);
	for (unsigned i = 0; i < log.nsigs; i++) {
		const struct fatal_signal *fs = &log.sigs[i];

		fatal_signal_where(dir, fs, style, where, sizeof(where));
		line("crash", "pid %d tid %d killed by SIG%s%s", fs->pid, fs->tid,
		     sigabbrev_np(fs->sig) ?: "?", where);
	}
	task_log_free(&log);
}

/* Bytes the <tid>.dat streams take: the smaller of their length and their allocated blocks, since
 * a stream cut short (exec, crash) keeps a preallocated tail that holds no data. */
static unsigned long long data_size(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned long long total = 0;
	char path[4400];
	struct stat st;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".dat"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0) {
			unsigned long long blocks = (unsigned long long)st.st_blocks * 512;

			total += blocks < (unsigned long long)st.st_size
					 ? blocks
					 : (unsigned long long)st.st_size;
		}
	}
	closedir(d);
	return total;
}

/* Counts come from decoding every stream: the data, not what the recorder believed. */
static int print_counts(struct trace_reader *r, const char *dir)
{
	static struct tr_rec recs[256];
	struct tr_stats st;
	unsigned long long size = data_size(dir);
	int rc;

	while ((rc = trace_reader_read(r, recs, 256)) > 0)
		;
	trace_reader_stats(r, &st);
	line("number of threads", "%u", st.threads);
	line("number of processes", "%u", st.processes);
	line("records", "%llu", (unsigned long long)st.records);
	line("lost records", "%llu", (unsigned long long)st.lost);
	line("data size", "%llu bytes in %u chunks (%.2f bytes/record)", size, st.chunks,
	     st.records ? (double)size / (double)st.records : 0.0);
	if (st.corrupt_chunks) {
		line("corrupt chunks", "%u (skipped: the trace is incomplete)", st.corrupt_chunks);
		rc = -1; /* trace_reader_close() describes them */
	}
	return rc;
}

int cmd_info(struct opts *o)
{
	struct trace_reader *r = trace_reader_open(o->dir, TR_NO_MERGE);
	const char *state;
	int rc;

	if (!r)
		return 1;
	state = trace_reader_info(r, "state");
	printf("# ftrace information\n# ==================\n");
	info_line(r, "cmdline", "cmdline");
	info_line(r, "exe", "exe image");
	info_line(r, "build-id", "build id");
	info_line(r, "recorded", "recorded on");
	info_line(r, "pid", "pid");
	info_line(r, "exit-status", "exit status");
	print_clock(r);
	info_line(r, "chunk-size", "chunk size");
	info_line(r, "max-stack", "max stack");
	info_line(r, "libcall", "library calls");
	info_line(r, "sched", "context switches");
	info_line(r, "flight", "flight recorder");
	if (state)
		line("recording", "%s",
		     strcmp(state, "complete") ? "did not finish (the recorder was killed?)"
					       : "complete");
	printf("#\n# tasks and records\n# =================\n");
	print_tasks(r, o->dir, o->demangle);
	rc = print_counts(r, o->dir);
	trace_reader_close(r);
	return rc < 0 ? 1 : 0;
}
