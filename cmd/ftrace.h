/* SPDX-License-Identifier: MIT */
/* The ftrace command: subcommand entry points and the options the command line parsed. */
#ifndef FTRACE_CMD_FTRACE_H
#define FTRACE_CMD_FTRACE_H

/*
 * To add a subcommand:
 *   1. write cmd/<name>.c exporting int cmd_<name>(struct opts *);
 *   2. declare it below;
 *   3. add a row to the command table in cmd/ftrace.c, and mark the options it takes there
 *      (CMD_<NAME>);
 *   4. add the file to libftrace_a_SOURCES in Makefile.am, a doc/ftrace-<name>.md page, and a
 *      test (doc/HACKING.md has the whole recipe).
 */

#include <stdbool.h>
#include <sys/types.h>

#include "filter.h"
#include "util.h"

#define FT_DEFAULT_DIR "ftrace.data"

/* one bit per subcommand: the option table says which commands take which option */
enum cmd_bit {
	CMD_RECORD = 1 << 0,
	CMD_REPLAY = 1 << 1,
	CMD_LIVE = 1 << 2,
	CMD_INFO = 1 << 3,
	CMD_REPORT = 1 << 4,
	CMD_GRAPH = 1 << 5,
	CMD_DUMP = 1 << 6,
	CMD_TUI = 1 << 7,
};

/* Everything the command line can say. Filled by cmd/ftrace.c: each row of its option table names
 * the field its value goes to. */
struct opts {
	const char *dir;	    /* -d, --data */
	const char *libmcount_path; /* --libmcount-path: directory holding libmcount.so */
	const char *debug;	    /* --debug=domain,... */
	unsigned chunk_size;	    /* -b, --buffer: bytes per chunk */
	unsigned max_stack;	    /* --max-stack */
	unsigned max_nodes;	    /* --max-nodes (dump --graphviz; 0 = all) */
	unsigned jobs;		    /* -j, --jobs: folding threads (0 = one per CPU) */
	unsigned long long flight;  /* --flight: ring bytes per thread, 0 = keep everything */
	const char *clock;	    /* --clock: "tsc", "mono", or NULL to choose */
	bool force;		    /* --force: record a program that looks uninstrumented */
	bool no_libcall;	    /* --no-libcall: not recorded, or hidden when reading */
	bool no_event;		    /* --no-event: context switches not recorded, or not read */
	const char *sched_events;   /* --sched-events: "cpu" (default) or "thread" */
	bool srcline;		    /* --srcline: file:line of each function (replay) */
	bool libname;	   /* --libname: name@module for functions outside the executable */
	bool nest_libcall; /* --nest-libcall: calls between libraries too */
	bool auto_args;	   /* -a, --auto-args */
	char **arg_specs;  /* -A, --argument, in order */
	unsigned narg_specs;
	char **ret_specs; /* -R, --retval, in order */
	unsigned nret_specs;
	bool no_pager;	 /* --no-pager: print straight to the terminal */
	bool color;	 /* --color: escape codes in the output (cmd/term.h) */
	const char *tid; /* --tid: comma-separated thread ids */
	int depth;	 /* -D, --depth (0 = no limit) */
	struct filter_opt
		*filter_opts; /* -F -N -H -C -T in command-line order (analysis/filter.h) */
	unsigned nfilter_opts;
	const char *time_filter; /* -t, --time-filter */
	const char *time_range;	 /* -r, --time-range */
	const char *match;	 /* --match: regex (default) or glob */
	bool disable;		 /* --disable: start with tracing off */
	bool estimate_return;	 /* -e, --estimate-return */
	enum demangle_style demangle;
	const char *output_fields; /* reserved for -f */
	const char *sort_keys;	   /* -s (report) */
	const char *dump_format;   /* dump: chrome, flame-graph, graphviz, callgrind, html, raw */
	bool flame_offcpu;	   /* dump --flame-graph=offcpu: weighted by off-CPU time */
	const char *output;	   /* dump -o: the file to write, NULL for stdout */
	bool flame_inverted;	   /* dump --flame-svg=inverted: an icicle graph */
	bool threads;		   /* report --threads: one row per thread and function */
	bool no_merge;		   /* replay --no-merge: no leaf folding */
	bool no_comment;	   /* replay --no-comment: closing lines without the name */
	bool no_args;		   /* replay --no-args: no arguments, no return values */
	bool column_view;	   /* replay --column-view: one column per thread */
	unsigned column_offset;	   /* replay --column-offset: depths between two columns */
	const char *diff_dir;	   /* report --diff DIR */
	const char *format;	   /* report --format: normal or csv */
	bool task;		   /* graph --task: the tree of processes and threads */
	int argc; /* what follows the options: the program (record/live) or arguments */
	char **argv;
	const char *cmd_name; /* the subcommand being run */
	unsigned cmd_bit;
};

int cmd_record(struct opts *o);
/* The traced program while `record` waits for it (0 otherwise): `live` forwards SIGTERM to it. */
extern volatile pid_t record_child;
/* cmd/spawn.c: every handler ftrace installs goes through catch_signal(), so that spawn_program()
 * knows which ones the traced program must not run before its exec. */
int catch_signal(int sig, void (*handler)(int), int flags);
pid_t spawn_program(const char *path, char *const argv[], char *const envp[]);
int cmd_replay(struct opts *o);
int cmd_live(struct opts *o);
int cmd_info(struct opts *o);
int cmd_report(struct opts *o);
int cmd_graph(struct opts *o);
int cmd_dump(struct opts *o);
int cmd_tui(struct opts *o);

/* The library takes its own small structs: these translate the options into them (cmd/opts.c). */
struct filter_config opts_filter_config(const struct opts *o);
/* The reader of o->dir as every reading command opens it: --tid and the filters applied. */
struct trace_reader *opts_reader_open(const struct opts *o, unsigned flags);

#endif
