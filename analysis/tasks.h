/* SPDX-License-Identifier: MIT */
/* The task log of a data directory, parsed once: processes, their images, threads, exits, crashes.
 */
#ifndef FTRACE_ANALYSIS_TASKS_H
#define FTRACE_ANALYSIS_TASKS_H

/*
 * libmcount appends one line per event to DIR/task (common/trace_format.h lists them). Every reader
 * of it goes through task_log_each(), the one parser: task_log_load() (info, graph --task, record's
 * crash line, the process and thread names of dump --chrome and --perfetto), the symbols (which
 * program a process ran) and the trace reader (which processes died of a signal), so they agree on
 * what happened.
 * Malformed lines are skipped: the log is advisory, the streams are the trace.
 */

#include <stdbool.h>
#include <stdint.h>

#include "trace_format.h"

struct fatal_signal {
	uint64_t tick;
	int pid, tid, sig;
	unsigned long long addr, session;
	/* hex addresses, innermost first, comma-separated; "-" for none */
	char frames[FT_FATAL_FRAMES_MAX * 17 + 2];
};

struct task {
	uint32_t pid, ppid;
	bool forked;  /* a fork child (else the recorded program, or a child traced from exec on) */
	char *exe;    /* the image it runs last */
	char *images; /* every image in turn, "fk -> p" (basenames) */
	char *cmdline;	/* the first image's command line, when libmcount logged it, else NULL */
	int exit_code;	/* from exit()/_exit(), -1 unknown */
	int signo;	/* the fatal signal libmcount saw, 0 none */
	uint32_t *tids; /* threads that recorded, in order */
	unsigned ntids;
};

struct thread_name {
	uint32_t pid, tid; /* a tid may come back in another process */
	char *name;
};

struct task_log {
	struct task *v;
	unsigned n;
	struct thread_name *names; /* the last name logged for each thread */
	unsigned nnames;
	struct fatal_signal *sigs;
	unsigned nsigs;
	uint64_t lost; /* records lost by threads that never opened a stream */
	char **stops;  /* "pid P tid T: why", one per thread whose tracing stopped */
	unsigned nstops;
};

/* The kinds of line, by their keyword */
enum task_kind {
	TL_START,   /* a process image began: pid, arg = ppid, text = exe */
	TL_FORK,    /* a fork child began: pid, arg = ppid, text = exe */
	TL_CMDLINE, /* pid, text = the image's arguments */
	TL_THREAD,  /* pid, arg = tid */
	TL_EXEC,    /* pid, text = the path it is about to exec */
	TL_EXIT,    /* pid, arg = the exit code */
	TL_STOP,    /* pid, arg = tid, text = why tracing stopped */
	TL_SIGNAL,  /* pid, sig = the whole line, or NULL when only the pid could be read */
	TL_LOST,    /* pid, arg = records lost by threads that never got a stream */
	TL_END,	    /* pid: the process's last destructor ran */
	TL_NAME,    /* pid, arg = tid, text = the thread's name */
};

/* One line of DIR/task, split. text and sig are valid during the callback only. */
struct task_line {
	uint64_t tick;
	enum task_kind kind;
	uint32_t pid;
	uint32_t arg;
	const char *text; /* "" for kinds without text */
	const struct fatal_signal *sig;
};

/* Calls fn(ctx, l) for each line of DIR/task whose fields parse, in order; lines with another
 * keyword or malformed fields are skipped. 0, or -1 when DIR/task cannot be opened. */
int task_log_each(const char *dir, void (*fn)(void *ctx, const struct task_line *l), void *ctx);

/* 0, or -1 when DIR/task cannot be read (nothing printed: callers decide whether that matters) */
int task_log_load(const char *dir, struct task_log *log);
void task_log_free(struct task_log *log);
struct task *task_log_find(const struct task_log *log, uint32_t pid);
/* The program process pid runs last (its image's base name), NULL when the log does not say */
const char *task_log_program(const struct task_log *log, uint32_t pid);
/* The name of thread tid of process pid: the last one logged, else the kernel's default (the
 * program's name, 15 characters at most) in buf; NULL when nothing is known. */
const char *task_log_thread_name(const struct task_log *log, uint32_t pid, uint32_t tid,
				 char buf[16]);
/* The same, but only a name the program gave (not its own name): NULL otherwise */
const char *task_log_given_name(const struct task_log *log, uint32_t pid, uint32_t tid);

/* "disk full"...: an FT_STOP_* reason in words */
const char *stop_reason_text(uint64_t reason);
/* DIR/counters (what libmcount counted without a descriptor): 0, or -1 (and all zero) when it is
 * absent or not ftrace's */
int counters_load(const char *dir, struct ft_counters *c);
/* the one line that says what stopped and what was lost; false when there is nothing to say */
bool counters_describe(const struct ft_counters *c, char *buf, size_t size);

#endif
