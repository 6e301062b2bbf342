/* SPDX-License-Identifier: MIT */
/* The ftrace command: subcommand entry points, parsed options, and the analyser's error helpers. */
#ifndef FTRACE_CMD_FTRACE_H
#define FTRACE_CMD_FTRACE_H

/*
 * To add a subcommand:
 *   1. write cmd/<name>.c exporting int cmd_<name>(struct opts *);
 *   2. declare it below;
 *   3. add a row to the command table in cmd/ftrace.c, and mark the options it takes there
 * (CMD_<NAME>);
 *   4. add the file to libftrace_a_SOURCES in Makefile.am, a doc/ftrace-<name>.md page, and a test.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

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
};

enum demangle_style { DEMANGLE_SIMPLE, DEMANGLE_FULL, DEMANGLE_NO };

/* Everything the command line can say. Filled by cmd/ftrace.c from the option table. */
struct opts {
	const char *dir;	    /* -d, --data */
	const char *libmcount_path; /* --libmcount-path: directory holding libmcount.so */
	const char *debug;	    /* --debug=domain,... */
	unsigned chunk_size;	    /* -b, --buffer: bytes per chunk */
	unsigned max_stack;	    /* --max-stack */
	unsigned long long flight;  /* --flight: ring bytes per thread, 0 = keep everything */
	const char *clock;	    /* --clock: "tsc", "mono", or NULL to choose */
	bool force;		    /* --force: record a program that looks uninstrumented */
	bool no_libcall;	    /* --no-libcall: not recorded, or hidden when reading */
	bool srcline;		    /* --srcline: file:line of each function (replay) */
	bool libname;	   /* --libname: name@module for functions outside the executable */
	bool nest_libcall; /* --nest-libcall: calls between libraries too */
	bool auto_args;	   /* -a, --auto-args */
	char **arg_specs;  /* -A, --argument, in order */
	unsigned narg_specs;
	char **ret_specs; /* -R, --retval, in order */
	unsigned nret_specs;
	bool no_pager;	 /* accepted for uftrace compatibility; we never page */
	const char *tid; /* --tid: comma-separated thread ids */
	int depth;	 /* -D, --depth (0 = no limit) */
	struct filter_opt {
		int kind; /* 'F', 'N', 'H', 'C', 'T' */
		const char *spec;
	} * filter_opts; /* -F -N -H -C -T in command-line order (analysis/filter.h) */
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
	const char *output;	   /* dump -o: the file to write, NULL for stdout */
	bool threads;		   /* report --threads: one row per thread and function */
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
int cmd_replay(struct opts *o);
int cmd_live(struct opts *o);
int cmd_info(struct opts *o);
int cmd_report(struct opts *o);
int cmd_graph(struct opts *o);
int cmd_dump(struct opts *o);

/* errors: lowercase messages prefixed with "ftrace: "; die() exits 1 */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
unsigned parse_tid_list(const char *spec, uint32_t **tids);
int remove_tree(const char *dir);
/* a data file or binary, opened without blocking and only when it is a regular file: the fd, or
 * -1 with errno set (EINVAL: not a regular file); open_reason() words errno for a message */
int open_regular(const char *path);
FILE *fopen_regular(const char *path);
const char *open_reason(int err);
/* a data directory file written by record, created anew and never through a link */
int open_new(const char *path);
FILE *fopen_new(const char *path);
/* control characters from a trace, escaped as \xNN: has_ctrl() tells whether s has any,
 * escape_ctrl() returns a copy (NULL when there is none), escape_ctrl_in() works in place */
bool has_ctrl(const char *s);
char *escape_ctrl(const char *s);
void escape_ctrl_in(char *buf, size_t size);

/* --debug domains, tested with debug_on(DBG_SYMBOL); cost one load when off */
enum debug_domain {
	DBG_RECORD = 1 << 0,
	DBG_REPLAY = 1 << 1,
	DBG_SYMBOL = 1 << 2,
	DBG_READER = 1 << 3
};
extern unsigned debug_mask;
#define debug_on(d) (debug_mask & (d))
void debug_set(const char *spec);
__attribute__((format(printf, 2, 3))) void debug(unsigned domain, const char *fmt, ...);

#endif
