/* SPDX-License-Identifier: MIT */
/* ftrace info: what a data directory holds (program, run, clock, tasks, record counts), uftrace-style. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crash.h"
#include "ftrace.h"
#include "trace_format.h"
#include "trace_reader.h"

#define KEY_WIDTH 20

static void line(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("# %-*s: ", KEY_WIDTH, key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
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
	const char *elapsed = trace_reader_info(r, "elapsed-ns"), *clock = trace_reader_info(r, "clock");
	const char *sync = trace_reader_info(r, "clock-sync");
	unsigned long long t0, n0, t1, n1, ns;

	if (elapsed) {
		ns = strtoull(elapsed, NULL, 10);
		line("elapsed time", "%llu.%09llu sec", ns / 1000000000ull, ns % 1000000000ull);
	}
	if (clock && !strcmp(clock, "tsc") && sync && sscanf(sync, "%llu %llu %llu %llu", &t0, &n0, &t1, &n1) == 4 &&
	    n1 > n0 && t1 > t0)
		line("clock", "tsc (%.3f GHz, calibrated over %.3f ms)", (double)(t1 - t0) / (double)(n1 - n0),
		     (double)(n1 - n0) / 1e6);
	else if (clock)
		line("clock", "%s%s", clock, strcmp(clock, "mono") ? " (not calibrated)" : " (CLOCK_MONOTONIC)");
}

/* The task log: one process per start/fork line, one thread per thread line, signals and stops. */
static void print_tasks(const char *dir)
{
	char path[4200], buf[4400], procs[4096] = "", threads[4096] = "";
	unsigned long long tick;
	char what[16];
	size_t pl = 0, tl = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_TASK_FILE);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		int a = 0, b = 0, off = 0;

		if (sscanf(buf, "%llu %15s %d %d %n", &tick, what, &a, &b, &off) < 4)
			continue;
		buf[strcspn(buf, "\n")] = '\0';
		if ((!strcmp(what, "start") || !strcmp(what, "fork") || !strcmp(what, "exec")) && pl < sizeof(procs) - 64) {
			const char *base = strrchr(buf + off, '/');

			pl += (size_t)snprintf(procs + pl, sizeof(procs) - pl, "%s%d(%s)", pl ? " " : "", a,
					       base ? base + 1 : buf + off);
		} else if (!strcmp(what, "thread") && tl < sizeof(threads) - 16) {
			tl += (size_t)snprintf(threads + tl, sizeof(threads) - tl, "%s%d", tl ? " " : "", b);
		} else if (!strcmp(what, "stop")) {
			line("tracing stopped", "pid %d tid %d: %s", a, b, buf + off);
		}
	}
	fclose(f);
	if (pl)
		line("process list", "%s%s", procs, pl >= sizeof(procs) - 64 ? " ..." : "");
	if (tl)
		line("thread list", "%s%s", threads, tl >= sizeof(threads) - 16 ? " ..." : "");
}

/* Each fatal signal, per thread, in the words of `record`'s crash line. */
static void print_crashes(const char *dir, enum demangle_style style)
{
	unsigned n;
	struct fatal_signal *fs = fatal_signals_read(dir, &n);
	char where[3000];

	for (unsigned i = 0; i < n; i++) {
		const char *name = sigabbrev_np(fs[i].sig);

		fatal_signal_where(dir, &fs[i], style, where, sizeof(where));
		line("crash", "pid %d tid %d killed by SIG%s%s", fs[i].pid, fs[i].tid, name ? name : "?", where);
	}
	free(fs);
}

/* Bytes in the <tid>.dat streams. */
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
		if (stat(path, &st) == 0)
			total += (unsigned long long)st.st_size;
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
	info_line(r, "flight", "flight recorder");
	if (state)
		line("recording", "%s", strcmp(state, "complete") ? "did not finish (the recorder was killed?)"
								    : "complete");
	printf("#\n# tasks and records\n# =================\n");
	print_tasks(o->dir);
	print_crashes(o->dir, o->demangle);
	rc = print_counts(r, o->dir);
	trace_reader_close(r);
	return rc < 0 ? 1 : 0;
}
