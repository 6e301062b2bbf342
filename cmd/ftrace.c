/* SPDX-License-Identifier: MIT */
/* main(): the one table of subcommands, the one table of options, and the parser built from them.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callstats.h"
#include "ftrace.h"
#include "term.h"
#include "trace_format.h"

struct command {
	const char *name;
	int (*fn)(struct opts *);
	unsigned bit;
	bool takes_program; /* option parsing stops at the program name */
	bool pages;	    /* long output: through the pager on a terminal */
	const char *summary;
};

static const struct command commands[] = {
	{"record", cmd_record, CMD_RECORD, true, false,
	 "run a program and record its function calls"},
	{"replay", cmd_replay, CMD_REPLAY, false, true,
	 "print the recorded calls as a nested tree"},
	{"live", cmd_live, CMD_LIVE, true, false,
	 "record into a temporary directory and replay it"},
	{"info", cmd_info, CMD_INFO, false, false, "show what was recorded"},
	{"report", cmd_report, CMD_REPORT, false, true,
	 "total and self time and calls per function"},
	{"graph", cmd_graph, CMD_GRAPH, false, true,
	 "the calling-context tree, or who calls FUNC and what it calls"},
	{"dump", cmd_dump, CMD_DUMP, false, true,
	 "raw records, or Chrome JSON, flame graphs, graphviz, callgrind, an HTML explorer"},
	{"tui", cmd_tui, CMD_TUI, false, false,
	 "browse the call tree, report and tasks in the terminal"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

#define CMD_READERS   (CMD_REPLAY | CMD_LIVE | CMD_INFO | CMD_REPORT | CMD_GRAPH | CMD_DUMP | CMD_TUI)
#define CMD_RECORDERS (CMD_RECORD | CMD_LIVE)
#define CMD_CALLS     (CMD_READERS & ~CMD_INFO) /* readers that show calls: info shows none */
#define CMD_ALL	      (~0u)
#define CMD_PAGED     (CMD_REPLAY | CMD_REPORT | CMD_GRAPH | CMD_DUMP) /* commands[].pages */
#define CMD_FILTERS                                                       \
	(CMD_RECORDERS | CMD_REPLAY | CMD_REPORT | CMD_GRAPH | CMD_DUMP | \
	 CMD_TUI) /* analysis/filter.h */

/* What an option row does with its value; the row's off says where in struct opts it goes. */
enum opt_kind {
	OPT_FLAG,   /* bool = true; takes no value */
	OPT_STR,    /* const char * = the value as given */
	OPT_CONST,  /* const char * = the row's value; takes no value (--chrome is dump_format) */
	OPT_LIST,   /* char ** grows by the value, the unsigned at count_off counts it (-A, -R) */
	OPT_FILTER, /* filter_opts grows by {short letter, value}: -F -N -H -C -T keep their order */
	OPT_PARSE,  /* the row's parse() checks the value and stores it */
	OPT_HELP,   /* prints the command's options and exits */
	OPT_NOTE, /* a uftrace option that changes nothing here: accepted, the row's value says why */
};

/*
 * One row per option: adding an option is adding a row (and its field in struct opts). The row
 * tells the parser, `ftrace CMD --help` and the value's destination, so they cannot disagree.
 */
struct option_spec {
	const char *name;
	int short_name;	      /* 0 when there is none */
	unsigned cmds;	      /* CMD_* bits of the commands that take it */
	const char *arg_name; /* the value's name in --help; NULL: the option takes no value;
				 "[=...]": an optional value, only as --name=value */
	const char *help;
	enum opt_kind kind;
	size_t off;	   /* where the value goes: offsetof(struct opts, FIELD) */
	size_t count_off;  /* OPT_LIST: offsetof(struct opts, the count) */
	const char *value; /* OPT_CONST: what is stored */
	void (*parse)(struct opts *o, const char *arg); /* OPT_PARSE */
};

static bool arg_optional(const struct option_spec *s)
{
	return s->arg_name && s->arg_name[0] == '[';
}

/* offsetof(struct opts, f), refused at compile time unless f has type T */
#define FIELD(f, T) (offsetof(struct opts, f) + 0 * sizeof(_Generic(((struct opts *)0)->f, T : 1)))
#define FLAG(f)	    OPT_FLAG, FIELD(f, bool), 0, NULL, NULL
#define STR(f)	    OPT_STR, FIELD(f, const char *), 0, NULL, NULL
#define CONST(f, v) OPT_CONST, FIELD(f, const char *), 0, v, NULL
#define LIST(f, n)  OPT_LIST, FIELD(f, char **), FIELD(n, unsigned), NULL, NULL
#define FILTER	    OPT_FILTER, 0, 0, NULL, NULL
#define PARSE(fn)   OPT_PARSE, 0, 0, NULL, fn
#define HELP	    OPT_HELP, 0, 0, NULL, NULL
#define NOTE(why)   OPT_NOTE, 0, 0, why, NULL

/* "4k", "1m", "2g", or a plain byte count */
static unsigned long long parse_size(const char *s, const char *what)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (end == s || *end)
		die("invalid %s '%s'", what, s);
	return v;
}

static long parse_number(const char *s, const char *what, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < min || v > max)
		die("invalid %s '%s' (expected %ld..%ld)", what, s, min, max);
	return v;
}

static void parse_buffer(struct opts *o, const char *arg)
{
	o->chunk_size = (unsigned)parse_size(arg, "buffer size");
	if (o->chunk_size < FT_CHUNK_SIZE_MIN || o->chunk_size > FT_CHUNK_SIZE_MAX)
		die("invalid buffer size '%s' (64k..256m)", arg);
}

static void parse_max_stack(struct opts *o, const char *arg)
{
	o->max_stack = (unsigned)parse_number(arg, "stack size", 1, 1 << 20);
}

/* uftrace's --trace=on|off: off is --disable */
static void parse_trace(struct opts *o, const char *arg)
{
	if (strcmp(arg, "on") && strcmp(arg, "off"))
		die("invalid --trace '%s' (on or off)", arg);
	o->disable = !strcmp(arg, "off");
}

/* dump --format=chrome|flame-graph|...: the same as --chrome, --flame-graph... */
static void parse_dump_format(struct opts *o, const char *arg)
{
	static const char *const formats[] = {"chrome",	  "flame-graph", "flame-svg",
					      "graphviz", "callgrind",	 "html"};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(arg, formats[i])) {
			o->dump_format = formats[i];
			return;
		}
	if (!strcmp(arg, "flamegraph")) {
		o->dump_format = "flame-graph";
		return;
	}
	die("invalid --format '%s' (chrome, flame-graph, flame-svg, graphviz, callgrind, html)",
	    arg);
}

/* --flame-svg[=inverted] */
static void parse_flame_svg(struct opts *o, const char *arg)
{
	if (arg && strcmp(arg, "inverted"))
		die("invalid --flame-svg '%s' (inverted, or no value)", arg);
	o->dump_format = "flame-svg";
	o->flame_inverted = arg != NULL;
}

/* --flame-graph, or --flame-graph=offcpu: the classic off-CPU flame graph */
static void parse_flame_graph(struct opts *o, const char *arg)
{
	o->dump_format = "flame-graph";
	if (arg && strcmp(arg, "offcpu"))
		die("invalid --flame-graph '%s' (offcpu, or no value for the self time)", arg);
	o->flame_offcpu = arg != NULL;
}

static void parse_flight(struct opts *o, const char *arg)
{
	o->flight = parse_size(arg, "flight size");
}

static void parse_clock(struct opts *o, const char *arg)
{
	if (strcmp(arg, "tsc") && strcmp(arg, "mono"))
		die("invalid --clock '%s' (tsc or mono)", arg);
	o->clock = arg;
}

static void parse_depth(struct opts *o, const char *arg)
{
	o->depth = (int)parse_number(arg, "depth", 1, 1 << 20);
}

static void parse_column_offset(struct opts *o, const char *arg)
{
	o->column_offset = (unsigned)parse_number(arg, "column offset", 0, 1024);
}

static void parse_jobs(struct opts *o, const char *arg)
{
	o->jobs = (unsigned)parse_number(arg, "job count", 1, 1024);
}

static void parse_max_nodes(struct opts *o, const char *arg)
{
	o->max_nodes = (unsigned)parse_number(arg, "node count", 1, 1 << 24);
}

static void parse_debug(struct opts *o, const char *arg)
{
	debug_set(arg);
	o->debug = arg;
}

static void parse_demangle(struct opts *o, const char *arg)
{
	if (!strcmp(arg, "full"))
		o->demangle = DEMANGLE_FULL;
	else if (!strcmp(arg, "simple"))
		o->demangle = DEMANGLE_SIMPLE;
	else if (!strcmp(arg, "no"))
		o->demangle = DEMANGLE_NO;
	else
		die("invalid --demangle '%s' (full, simple or no)", arg);
}

static void parse_color(struct opts *o, const char *arg)
{
	o->color = term_color_wanted(arg);
}

/* the one table of options: --help, the parser and struct opts all come from it */
static const struct option_spec options[] = {
	{"data", 'd', CMD_ALL, "DIR", "data directory (default " FT_DEFAULT_DIR ")", STR(dir)},
	{"libmcount-path", 0, CMD_RECORDERS, "DIR", "load libmcount.so from DIR",
	 STR(libmcount_path)},
	{"buffer", 'b', CMD_RECORDERS, "SIZE", "bytes per trace chunk (e.g. 1m)",
	 PARSE(parse_buffer)},
	{"max-stack", 0, CMD_RECORDERS, "N", "deepest traced call depth", PARSE(parse_max_stack)},
	{"clock", 0, CMD_RECORDERS, "tsc|mono",
	 "timestamps from the TSC or CLOCK_MONOTONIC (default: the TSC when it is invariant)",
	 PARSE(parse_clock)},
	{"flight", 0, CMD_RECORDERS, "SIZE",
	 "flight recorder: keep only the last SIZE of records per thread (e.g. 4m)",
	 PARSE(parse_flight)},
	{"force", 0, CMD_RECORDERS, NULL,
	 "trace a program that looks uninstrumented, and its library calls", FLAG(force)},
	{"no-libcall", 0, CMD_RECORDERS | CMD_CALLS, NULL, "do not trace (or show) library calls",
	 FLAG(no_libcall)},
	{"nest-libcall", 0, CMD_RECORDERS, NULL,
	 "also trace calls between libraries (not inside libc)", FLAG(nest_libcall)},
	{"argument", 'A', CMD_RECORDERS, "FUNC@arg1[/FMT],...",
	 "record arguments of FUNC (a name or glob; FMT: d i u x c s p f, sizes d32...)",
	 LIST(arg_specs, narg_specs)},
	{"retval", 'R', CMD_RECORDERS, "FUNC@retval[/FMT]", "record the return value of FUNC",
	 LIST(ret_specs, nret_specs)},
	{"auto-args", 'a', CMD_RECORDERS, NULL,
	 "arguments and return values of well-known libc functions, and of the program's own "
	 "(DWARF, -g)",
	 FLAG(auto_args)},
	{"srcline", 0, CMD_REPLAY | CMD_LIVE, NULL,
	 "show the source file and line of each function (DWARF, -g)", FLAG(srcline)},
	{"libname", 0, CMD_REPLAY | CMD_LIVE, NULL,
	 "show functions outside the executable as name@library", FLAG(libname)},
	{"tid", 0, CMD_CALLS | CMD_RECORD, "TID[,TID...]",
	 "only these threads (when reading: record warns)", STR(tid)},
	{"depth", 'D', CMD_CALLS | CMD_FILTERS, "N", "only calls up to depth N",
	 PARSE(parse_depth)},
	{"filter", 'F', CMD_FILTERS, "PATTERN", "only these functions and what they call", FILTER},
	{"notrace", 'N', CMD_FILTERS, "PATTERN", "not these functions, nor what they call", FILTER},
	{"hide", 'H', CMD_FILTERS, "PATTERN", "hide these functions, keep what they call", FILTER},
	{"caller-filter", 'C', CMD_FILTERS, "PATTERN", "these functions and their callers", FILTER},
	{"trigger", 'T', CMD_FILTERS, "PATTERN@ACTION,...",
	 "depth=N, trace_on, trace_off, backtrace, finish, time=TIME", FILTER},
	{"time-filter", 't', CMD_FILTERS, "TIME", "hide calls shorter than TIME (e.g. 5us)",
	 STR(time_filter)},
	{"time-range", 'r', CMD_FILTERS, "START~END",
	 "only calls entered in this range, from the recording's start (e.g. 1ms~5ms)",
	 STR(time_range)},
	{"match", 0, CMD_FILTERS, "regex|glob", "how patterns match names (default regex)",
	 STR(match)},
	{"disable", 0, CMD_FILTERS, NULL, "start with tracing off until a trace_on trigger",
	 FLAG(disable)},
	{"estimate-return", 'e', CMD_RECORDERS, NULL,
	 "do not hook returns: estimate exits from the next call (stack tricks)",
	 FLAG(estimate_return)},
	{"demangle", 0, CMD_READERS, "full|simple|no", "how to show C++/Rust names",
	 PARSE(parse_demangle)},
	{"sort", 's', CMD_REPORT, "KEY[,KEY...]",
	 "sort by total, self, call, func, avg, min, max (default total)", STR(sort_keys)},
	{"output-fields", 'f', CMD_REPORT | CMD_REPLAY | CMD_LIVE, "FIELD[,...]",
	 "columns: report: total, self, call, total-avg/min/max, self-avg/min/max, size, all; "
	 "replay: duration, tid, addr, time, delta, elapsed, task, module, none; "
	 "+FIELD,... adds to the default",
	 STR(output_fields)},
	{"threads", 0, CMD_REPORT, NULL, "one row per thread and function", FLAG(threads)},
	{"jobs", 'j', CMD_REPORT | CMD_GRAPH | CMD_DUMP | CMD_TUI, "N",
	 "read the threads' streams on up to N threads (default: one per CPU for a big trace; 1: "
	 "one thread)",
	 PARSE(parse_jobs)},
	{"diff", 0, CMD_REPORT, "DIR", "compare with the trace in DIR", STR(diff_dir)},
	{"format", 0, CMD_REPORT, "normal|csv", "output format", STR(format)},
	{"task", 0, CMD_GRAPH, NULL, "the tree of processes and threads", FLAG(task)},
	{"chrome", 0, CMD_DUMP, NULL, "Chrome trace event JSON (Perfetto, chrome://tracing)",
	 CONST(dump_format, "chrome")},
	{"max-nodes", 0, CMD_DUMP, "N",
	 "--graphviz: only the N functions of most total time (and the calls between them)",
	 PARSE(parse_max_nodes)},
	{"perfetto", 0, CMD_DUMP, NULL,
	 "Perfetto's protobuf trace (ui.perfetto.dev, trace_processor), streamed",
	 CONST(dump_format, "perfetto")},
	{"flame-graph", 0, CMD_DUMP, "[=offcpu]",
	 "folded stacks, self time in ns (offcpu: the time switched out)",
	 PARSE(parse_flame_graph)},
	{"flame-svg", 0, CMD_DUMP, "[=inverted]",
	 "a flame graph as a self-contained SVG; inverted: an icicle graph, the root at the top",
	 PARSE(parse_flame_svg)},
	{"graphviz", 0, CMD_DUMP, NULL, "dot call graph with call counts",
	 CONST(dump_format, "graphviz")},
	{"callgrind", 0, CMD_DUMP, NULL, "callgrind profile (KCachegrind, callgrind_annotate)",
	 CONST(dump_format, "callgrind")},
	{"html", 0, CMD_DUMP, NULL, "one self-contained page to explore the calls in a browser",
	 CONST(dump_format, "html")},
	{"output", 'o', CMD_DUMP, "FILE", "write to FILE instead of stdout", STR(output)},
	{"no-pager", 0, CMD_PAGED, NULL,
	 "print to the terminal, not through $PAGER (default less -FRSX)", FLAG(no_pager)},
	{"color", 0, CMD_REPLAY | CMD_LIVE | CMD_REPORT | CMD_TUI, "auto|always|never",
	 "colour the output (auto: on a terminal, unless NO_COLOR is set)", PARSE(parse_color)},
	{"debug", 0, CMD_ALL, "DOMAIN,...", "debug log: record, replay, symbol, reader, all",
	 PARSE(parse_debug)},
	/* uftrace's options: what they do here, or why they change nothing (doc/uftrace-differences.md) */
	{"trace", 0, CMD_FILTERS, "on|off", "off: start with tracing off (--disable)",
	 PARSE(parse_trace)},
	{"no-merge", 0, CMD_REPLAY | CMD_LIVE, NULL,
	 "do not fold a call without children into one line", FLAG(no_merge)},
	{"no-comment", 0, CMD_REPLAY | CMD_LIVE, NULL, "closing lines without the function's name",
	 FLAG(no_comment)},
	{"no-args", 0, CMD_REPLAY | CMD_LIVE, NULL, "do not show arguments and return values",
	 FLAG(no_args)},
	{"avg-total", 0, CMD_REPORT, NULL, "average, min and max of the total time",
	 CONST(output_fields, "total-avg,total-min,total-max")},
	{"avg-self", 0, CMD_REPORT, NULL, "average, min and max of the self time",
	 CONST(output_fields, "self-avg,self-min,self-max")},
	{"task", 0, CMD_REPORT, NULL, "one row per thread and function (as --threads)",
	 FLAG(threads)},
	{"format", 0, CMD_DUMP, "chrome|flame-graph|...", "the same as --chrome, --flame-graph...",
	 PARSE(parse_dump_format)},
	{"no-event", 0, CMD_RECORDERS | CMD_READERS, NULL,
	 "no context switches: not recorded (record), not shown or counted (readers)",
	 FLAG(no_event)},
	{"sched-events", 0, CMD_RECORDERS, "cpu|thread",
	 "context switches from one perf event per CPU (default) or one per thread",
	 STR(sched_events)},
	{"column-view", 0, CMD_REPLAY | CMD_LIVE, NULL,
	 "each thread in its own column, indented by --column-offset", FLAG(column_view)},
	{"column-offset", 0, CMD_REPLAY | CMD_LIVE, "DEPTH",
	 "--column-view: depths between two threads' columns (default 8)",
	 PARSE(parse_column_offset)},
	{"no-pltbind", 0, CMD_RECORDERS, NULL, "accepted (uftrace)",
	 NOTE("ftrace binds each library call itself when it hooks it")},
	{"signal", 0, CMD_RECORDERS, "SIG@ACTION", "accepted (uftrace)",
	 NOTE("signal triggers are not supported; use a function trigger (-T)")},
	{"keep-pid", 0, CMD_RECORDERS, NULL, "accepted (uftrace)",
	 NOTE("the program runs as ftrace's child, under its own pid")},
	{"with-syms", 0, CMD_READERS, "DIR", "accepted (uftrace)",
	 NOTE("ftrace reads the symbols saved in the data directory")},
	{"srcline", 0, CMD_RECORD, NULL, "accepted (uftrace)",
	 NOTE("source lines come from the program's DWARF (-g) when replaying: give it to replay")},
	{"srcline", 0, CMD_REPORT | CMD_GRAPH | CMD_DUMP, NULL, "accepted (uftrace)",
	 NOTE("only replay shows source lines")},
	{"loc-filter", 'L', CMD_FILTERS, "FILE", "accepted (uftrace)",
	 NOTE("filters by source location are not supported; filter by name (-F)")},
	{"size-filter", 'Z', CMD_FILTERS, "SIZE", "accepted (uftrace)",
	 NOTE("filters by function size are not supported; filter by name (-N)")},
	{"watch", 'W', CMD_RECORDERS, "POINT", "accepted (uftrace)",
	 NOTE("watch points are not supported")},
	{"sort-column", 0, CMD_REPORT, "N", "accepted (uftrace)",
	 NOTE("report --diff sorts by the difference of the --sort key")},
	{"diff-policy", 0, CMD_REPORT, "POLICY", "accepted (uftrace)",
	 NOTE("report --diff always shows both values and their difference")},
	{"task", 0, CMD_INFO, NULL, "accepted (uftrace)", NOTE("info always lists the tasks")},
	{"system", 0, CMD_INFO, NULL, "accepted (uftrace)",
	 NOTE("info shows the recording's machine facts it has")},
	{"output-fields", 'f', CMD_GRAPH, "FIELD[,...]",
	 "columns: total, self, addr, none; +FIELD,... adds to total", STR(output_fields)},
	{"help", 'h', CMD_ALL, NULL, "show this help", HELP},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: ftrace [COMMAND] [OPTIONS] [PROGRAM [ARGS...]]\n\n"
		   "Trace the function calls of a program built with -pg, -pg -mfentry or "
		   "-finstrument-functions.\n"
		   "`ftrace PROGRAM` is `ftrace live PROGRAM`.\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s  %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n`ftrace COMMAND --help` lists the options of a command. `ftrace --version` "
		   "prints the version.\n");
}

static void command_usage(const struct command *c)
{
	printf("usage: ftrace %s [OPTIONS]%s\n\n%s\n\noptions:\n", c->name,
	       c->takes_program ? " PROGRAM [ARGS...]" : "", c->summary);
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct option_spec *s = &options[i];
		char left[64];

		if (!(s->cmds & c->bit))
			continue;
		snprintf(left, sizeof(left), "%c%c%s--%s%s%s", s->short_name ? '-' : ' ',
			 s->short_name ? s->short_name : ' ', s->short_name ? ", " : "  ", s->name,
			 s->arg_name && !arg_optional(s) ? "=" : "",
			 s->arg_name ? s->arg_name : "");
		printf("  %-30s %s\n", left, s->help);
	}
}

/*
 * uftrace's commands that ftrace does not have: `ftrace script` would otherwise try to trace a
 * program named script (/usr/bin/script), and fail in a way that says nothing about the mistake.
 */
static const char *const uftrace_only[] = {"script", "recv"};

static const struct command *find_command(const char *name);

static void refuse_uftrace_only(const char *name)
{
	for (size_t i = 0; i < sizeof(uftrace_only) / sizeof(uftrace_only[0]); i++)
		if (!strcmp(uftrace_only[i], name) && !find_command(name))
			die("'%s' is a uftrace command that ftrace does not have (see 'ftrace "
			    "--help'; "
			    "to trace a program named %s: ftrace live ./%s)",
			    name, name, name);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* DIR/ and DIR name the same directory, but record makes DIR.old of it: the slashes go */
static const char *dir_arg(const char *arg)
{
	static char d[PATH_MAX]; /* one per run */
	size_t n = strlen(arg);

	if (n >= sizeof(d))
		die("data directory name too long: '%s'", arg);
	memcpy(d, arg, n + 1);

	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	return d;
}

/* Stores arg where the row says; the field's C type is the one its kind names. */
static void apply_option(struct opts *o, const struct command *c, const struct option_spec *s,
			 const char *arg)
{
	char *field = (char *)o + s->off;

	switch (s->kind) {
	case OPT_FLAG: *(bool *)field = true; break;
	case OPT_STR: *(const char **)field = arg; break;
	case OPT_CONST: *(const char **)field = s->value; break;
	case OPT_LIST: {
		char ***list = (char ***)field;
		unsigned *n = (unsigned *)((char *)o + s->count_off);

		*list = xrealloc(*list, (*n + 1) * sizeof(**list));
		(*list)[(*n)++] = (char *)arg;
		break;
	}
	case OPT_FILTER:
		o->filter_opts =
			xrealloc(o->filter_opts, (o->nfilter_opts + 1) * sizeof(*o->filter_opts));
		o->filter_opts[o->nfilter_opts++] = (struct filter_opt){s->short_name, arg};
		break;
	case OPT_PARSE: s->parse(o, arg); break;
	case OPT_HELP: command_usage(c); exit(0);
	case OPT_NOTE: warn("--%s has no effect: %s", s->name, s->value); break;
	}
}

/* Builds getopt's tables from the option table, restricted to what command c takes. */
static void parse_options(struct opts *o, const struct command *c, int argc, char **argv)
{
	struct option longopts[NOPTIONS + 1];
	char shortopts[2 * NOPTIONS + 4] = "+:";
	size_t n = 0, sl = 2;

	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct option_spec *s = &options[i];
		int has_arg = arg_optional(s) ? optional_argument
			      : s->arg_name   ? required_argument
					      : no_argument;

		if (!(s->cmds & c->bit))
			continue;
		/* getopt_long returns 256 + the row's index for the long form */
		longopts[n++] = (struct option){s->name, has_arg, NULL, 256 + (int)i};
		if (s->short_name) {
			shortopts[sl++] = (char)s->short_name;
			if (has_arg == required_argument)
				shortopts[sl++] = ':';
		}
	}
	longopts[n] = (struct option){0};
	shortopts[sl] = '\0';

	opterr = 0;
	optind = 1;
	for (;;) {
		int ch = getopt_long(argc, argv, shortopts, longopts, NULL), id = ch - 256;

		if (ch == -1)
			break;
		if (ch == '?')
			die("unknown option '%s' for '%s' (see 'ftrace %s --help')",
			    argv[optind - 1], c->name, c->name);
		if (ch == ':')
			die("option '%s' needs a value", argv[optind - 1]);
		for (size_t i = 0; i < NOPTIONS && ch < 256;
		     i++) /* the row of c's, when rows share it */
			if (options[i].short_name == ch && (options[i].cmds & c->bit))
				id = (int)i;
		apply_option(o, c, &options[id], optarg);
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
}

/* The option of the table spelled arg ("--data", "--data=x", "-d", "-dx"); NULL when none is. */
static const struct option_spec *spec_of_arg(const char *arg)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct option_spec *s = &options[i];
		size_t n = strlen(s->name);

		if (arg[1] == '-' ? !strncmp(arg + 2, s->name, n) &&
					    (arg[2 + n] == '\0' || arg[2 + n] == '=')
				  : s->short_name && arg[1] == s->short_name)
			return s;
	}
	return NULL;
}

/*
 * uftrace takes options before the command too (`uftrace -d DIR replay`): the first word that is
 * not an option or an option's value names the command when it is one, and moves to the front.
 */
static void command_first(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const struct option_spec *s;
		char *cmd = argv[i];

		if (!strcmp(argv[i], "--"))
			return;
		if (argv[i][0] != '-' || !argv[i][1]) {
			if (!find_command(cmd))
				return; /* the program: `ftrace [OPTIONS] PROG` */
			memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof(*argv));
			argv[1] = cmd;
			return;
		}
		s = spec_of_arg(argv[i]);
		if (s && s->arg_name && !arg_optional(s) &&
		    (argv[i][1] == '-' ? !strchr(argv[i], '=') : !argv[i][2]))
			i++; /* its value is the next word */
	}
}

int main(int argc, char **argv)
{
	struct opts o = {
		.dir = NULL,
		.demangle = DEMANGLE_SIMPLE,
		.color = term_color_wanted(NULL),
		.column_offset = 8,
	};
	const struct command *c;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ftrace %s\n", PACKAGE_VERSION);
		return 0;
	}
	command_first(argc, argv);
	c = find_command(argv[1]);
	if (c) {
		argc--;
		argv++;
	} else if (argv[1][0] == '-' && argv[1][1] != '\0' && !find_command("live")) {
		die("unknown option '%s'", argv[1]);
	} else {
		refuse_uftrace_only(argv[1]);
		c = find_command("live"); /* `ftrace [OPTIONS] PROG` */
	}
	o.cmd_name = c->name;
	o.cmd_bit = c->bit;
	parse_options(&o, c, argc, argv);
	o.dir = o.dir ? dir_arg(o.dir) : FT_DEFAULT_DIR;
	if (c->takes_program && o.argc < 1)
		die("'%s' needs a program to run (usage: ftrace %s [OPTIONS] PROGRAM [ARGS...])",
		    c->name, c->name);
	if (c->pages && !o.no_pager && !o.output) /* dump -o FILE: nothing to page */
		term_start_pager(); /* after --color, which looks at the terminal the pager hides */
	rc = c->fn(&o);
	/* the readers' one rule (doc/ftrace-replay.md): whatever was skipped was said, and fails */
	if (!rc && !c->takes_program && damage_seen())
		rc = 1;
	free(o.filter_opts);
	free(o.arg_specs);
	free(o.ret_specs);
	return rc;
}
