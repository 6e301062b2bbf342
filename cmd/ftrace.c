/* SPDX-License-Identifier: MIT */
/* main(): the one table of subcommands, the one table of options, and the parser built from them.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace.h"
#include "trace_format.h"

struct command {
	const char *name;
	int (*fn)(struct opts *);
	unsigned bit;
	bool takes_program; /* option parsing stops at the program name */
	const char *summary;
};

static const struct command commands[] = {
	{"record", cmd_record, CMD_RECORD, true, "run a program and record its function calls"},
	{"replay", cmd_replay, CMD_REPLAY, false, "print the recorded calls as a nested tree"},
	{"live", cmd_live, CMD_LIVE, true, "record into a temporary directory and replay it"},
	{"info", cmd_info, CMD_INFO, false, "show what was recorded"},
	{"report", cmd_report, CMD_REPORT, false, "total and self time and calls per function"},
	{"graph", cmd_graph, CMD_GRAPH, false,
	 "the calling-context tree, or who calls FUNC and what it calls"},
	{"dump", cmd_dump, CMD_DUMP, false,
	 "raw records, or Chrome JSON, flame graphs, graphviz, callgrind, an HTML explorer"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

#define CMD_READERS   (CMD_REPLAY | CMD_LIVE | CMD_INFO | CMD_REPORT | CMD_GRAPH | CMD_DUMP)
#define CMD_RECORDERS (CMD_RECORD | CMD_LIVE)
#define CMD_ALL	      (~0u)
#define CMD_FILTERS \
	(CMD_RECORDERS | CMD_REPLAY | CMD_REPORT | CMD_GRAPH | CMD_DUMP) /* analysis/filter.h */

enum opt_id {
	OPT_DATA = 256,
	OPT_LIBMCOUNT_PATH,
	OPT_DEBUG,
	OPT_BUFFER,
	OPT_MAX_STACK,
	OPT_FORCE,
	OPT_NO_LIBCALL,
	OPT_NO_PAGER,
	OPT_FLIGHT,
	OPT_CLOCK,
	OPT_TID,
	OPT_DEPTH,
	OPT_DEMANGLE,
	OPT_HELP,
	OPT_FILTER,
	OPT_NOTRACE,
	OPT_HIDE,
	OPT_CALLER,
	OPT_TRIGGER,
	OPT_TIME_FILTER,
	OPT_TIME_RANGE,
	OPT_MATCH,
	OPT_DISABLE,
	OPT_ESTIMATE_RETURN,
	OPT_SORT,
	OPT_FIELDS,
	OPT_THREADS,
	OPT_DIFF,
	OPT_FORMAT,
	OPT_TASK,
	OPT_CHROME,
	OPT_FLAME,
	OPT_FLAME_SVG,
	OPT_GRAPHVIZ,
	OPT_CALLGRIND,
	OPT_HTML,
	OPT_OUTPUT,
	OPT_NEST_LIBCALL,
	OPT_ARGUMENT,
	OPT_RETVAL,
	OPT_AUTO_ARGS,
	OPT_SRCLINE,
	OPT_LIBNAME,
};

struct option_spec {
	const char *name;
	int short_name; /* 0 when there is none */
	int has_arg;	/* no_argument, required_argument, optional_argument */
	int id;
	unsigned cmds; /* CMD_* bits of the commands that take it */
	const char *arg_name;
	const char *help;
};

static const struct option_spec options[] = {
	{"data", 'd', required_argument, OPT_DATA, CMD_ALL, "DIR",
	 "data directory (default " FT_DEFAULT_DIR ")"},
	{"libmcount-path", 0, required_argument, OPT_LIBMCOUNT_PATH, CMD_RECORDERS, "DIR",
	 "load libmcount.so from DIR"},
	{"buffer", 'b', required_argument, OPT_BUFFER, CMD_RECORDERS, "SIZE",
	 "bytes per trace chunk (e.g. 1m)"},
	{"max-stack", 0, required_argument, OPT_MAX_STACK, CMD_RECORDERS, "N",
	 "deepest traced call depth"},
	{"clock", 0, required_argument, OPT_CLOCK, CMD_RECORDERS, "tsc|mono",
	 "timestamps from the TSC or CLOCK_MONOTONIC (default: the TSC when it is invariant)"},
	{"flight", 0, required_argument, OPT_FLIGHT, CMD_RECORDERS, "SIZE",
	 "flight recorder: keep only the last SIZE of records per thread (e.g. 4m)"},
	{"force", 0, no_argument, OPT_FORCE, CMD_RECORDERS, NULL,
	 "trace a program that looks uninstrumented, and its library calls"},
	{"no-libcall", 0, no_argument, OPT_NO_LIBCALL, CMD_RECORDERS | CMD_READERS, NULL,
	 "do not trace (or show) library calls"},
	{"nest-libcall", 0, no_argument, OPT_NEST_LIBCALL, CMD_RECORDERS, NULL,
	 "also trace calls between libraries (not inside libc)"},
	{"argument", 'A', required_argument, OPT_ARGUMENT, CMD_RECORDERS, "FUNC@arg1[/FMT],...",
	 "record arguments of FUNC (a name or glob; FMT: d i u x c s p f, sizes d32...)"},
	{"retval", 'R', required_argument, OPT_RETVAL, CMD_RECORDERS, "FUNC@retval[/FMT]",
	 "record the return value of FUNC"},
	{"auto-args", 'a', no_argument, OPT_AUTO_ARGS, CMD_RECORDERS, NULL,
	 "arguments and return values of well-known libc functions, and of the program's own "
	 "(DWARF, -g)"},
	{"srcline", 0, no_argument, OPT_SRCLINE, CMD_REPLAY | CMD_LIVE, NULL,
	 "show the source file and line of each function (DWARF, -g)"},
	{"libname", 0, no_argument, OPT_LIBNAME, CMD_REPLAY | CMD_LIVE, NULL,
	 "show functions outside the executable as name@library"},
	{"tid", 0, required_argument, OPT_TID, CMD_READERS | CMD_RECORD, "TID[,TID...]",
	 "only these threads (when reading: record warns)"},
	{"depth", 'D', required_argument, OPT_DEPTH, CMD_READERS | CMD_FILTERS, "N",
	 "only calls up to depth N"},
	{"filter", 'F', required_argument, OPT_FILTER, CMD_FILTERS, "PATTERN",
	 "only these functions and what they call"},
	{"notrace", 'N', required_argument, OPT_NOTRACE, CMD_FILTERS, "PATTERN",
	 "not these functions, nor what they call"},
	{"hide", 'H', required_argument, OPT_HIDE, CMD_FILTERS, "PATTERN",
	 "hide these functions, keep what they call"},
	{"caller-filter", 'C', required_argument, OPT_CALLER, CMD_FILTERS, "PATTERN",
	 "these functions and their callers"},
	{"trigger", 'T', required_argument, OPT_TRIGGER, CMD_FILTERS, "PATTERN@ACTION,...",
	 "depth=N, trace_on, trace_off, backtrace, finish, time=TIME"},
	{"time-filter", 't', required_argument, OPT_TIME_FILTER, CMD_FILTERS, "TIME",
	 "hide calls shorter than TIME (e.g. 5us)"},
	{"time-range", 'r', required_argument, OPT_TIME_RANGE, CMD_FILTERS, "START~END",
	 "only calls entered in this range, from the recording's start (e.g. 1ms~5ms)"},
	{"match", 0, required_argument, OPT_MATCH, CMD_FILTERS, "regex|glob",
	 "how patterns match names (default regex)"},
	{"disable", 0, no_argument, OPT_DISABLE, CMD_FILTERS, NULL,
	 "start with tracing off until a trace_on trigger"},
	{"estimate-return", 'e', no_argument, OPT_ESTIMATE_RETURN, CMD_RECORDERS, NULL,
	 "do not hook returns: estimate exits from the next call (stack tricks)"},
	{"demangle", 0, required_argument, OPT_DEMANGLE, CMD_READERS, "full|simple|no",
	 "how to show C++/Rust names"},
	{"sort", 's', required_argument, OPT_SORT, CMD_REPORT, "KEY[,KEY...]",
	 "sort by total, self, call, func, avg, min, max (default total)"},
	{"output-fields", 'f', required_argument, OPT_FIELDS, CMD_REPORT | CMD_REPLAY | CMD_LIVE,
	 "FIELD[,...]",
	 "columns: report: total, self, call, total-avg/min/max, self-avg/min/max, size, all; "
	 "replay: duration, tid, addr, none"},
	{"threads", 0, no_argument, OPT_THREADS, CMD_REPORT, NULL,
	 "one row per thread and function"},
	{"diff", 0, required_argument, OPT_DIFF, CMD_REPORT, "DIR",
	 "compare with the trace in DIR"},
	{"format", 0, required_argument, OPT_FORMAT, CMD_REPORT, "normal|csv", "output format"},
	{"task", 0, no_argument, OPT_TASK, CMD_GRAPH, NULL, "the tree of processes and threads"},
	{"chrome", 0, no_argument, OPT_CHROME, CMD_DUMP, NULL,
	 "Chrome trace event JSON (Perfetto, chrome://tracing)"},
	{"flame-graph", 0, no_argument, OPT_FLAME, CMD_DUMP, NULL,
	 "folded stacks, self time in ns"},
	{"flame-svg", 0, no_argument, OPT_FLAME_SVG, CMD_DUMP, NULL,
	 "a flame graph as a self-contained SVG"},
	{"graphviz", 0, no_argument, OPT_GRAPHVIZ, CMD_DUMP, NULL,
	 "dot call graph with call counts"},
	{"callgrind", 0, no_argument, OPT_CALLGRIND, CMD_DUMP, NULL,
	 "callgrind profile (KCachegrind, callgrind_annotate)"},
	{"html", 0, no_argument, OPT_HTML, CMD_DUMP, NULL,
	 "one self-contained page to explore the calls in a browser"},
	{"output", 'o', required_argument, OPT_OUTPUT, CMD_DUMP, "FILE",
	 "write to FILE instead of stdout"},
	{"no-pager", 0, no_argument, OPT_NO_PAGER, CMD_ALL, NULL,
	 "accepted for uftrace compatibility"},
	{"debug", 0, required_argument, OPT_DEBUG, CMD_ALL, "DOMAIN,...",
	 "debug log: record, replay, symbol, reader, all"},
	{"help", 'h', no_argument, OPT_HELP, CMD_ALL, NULL, "show this help"},
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
			 s->arg_name ? "=" : "", s->arg_name ? s->arg_name : "");
		printf("  %-30s %s\n", left, s->help);
	}
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

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

/* -F -N -H -C -T keep their order: analysis/filter.c checks them when the command runs */
static void add_filter_opt(struct opts *o, int kind, const char *spec)
{
	o->filter_opts = xrealloc(o->filter_opts, (o->nfilter_opts + 1) * sizeof(*o->filter_opts));
	o->filter_opts[o->nfilter_opts++] = (struct filter_opt){kind, spec};
}

/* DIR/ and DIR name the same directory, but record makes DIR.old of it: the slashes go */
static const char *dir_arg(const char *arg)
{
	char *d = xstrdup(arg);
	size_t n = strlen(d);

	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	return d;
}

static void apply_option(struct opts *o, const struct command *c, int id, const char *arg)
{
	switch (id) {
	case OPT_DATA: o->dir = dir_arg(arg); break;
	case OPT_LIBMCOUNT_PATH: o->libmcount_path = arg; break;
	case OPT_BUFFER:
		o->chunk_size = (unsigned)parse_size(arg, "buffer size");
		if (o->chunk_size < FT_CHUNK_SIZE_MIN || o->chunk_size > FT_CHUNK_SIZE_MAX)
			die("invalid buffer size '%s' (64k..256m)", arg);
		break;
	case OPT_MAX_STACK:
		o->max_stack = (unsigned)parse_number(arg, "stack size", 8, 1 << 20);
		break;
	case OPT_FORCE: o->force = true; break;
	case OPT_FLIGHT: o->flight = parse_size(arg, "flight size"); break;
	case OPT_CLOCK:
		if (strcmp(arg, "tsc") && strcmp(arg, "mono"))
			die("invalid --clock '%s' (tsc or mono)", arg);
		o->clock = arg;
		break;
	case OPT_NO_LIBCALL: o->no_libcall = true; break;
	case OPT_NEST_LIBCALL: o->nest_libcall = true; break;
	case OPT_AUTO_ARGS: o->auto_args = true; break;
	case OPT_SRCLINE: o->srcline = true; break;
	case OPT_LIBNAME: o->libname = true; break;
	case OPT_ARGUMENT:
		o->arg_specs = xrealloc(o->arg_specs, (o->narg_specs + 1) * sizeof(*o->arg_specs));
		o->arg_specs[o->narg_specs++] = (char *)arg;
		break;
	case OPT_RETVAL:
		o->ret_specs = xrealloc(o->ret_specs, (o->nret_specs + 1) * sizeof(*o->ret_specs));
		o->ret_specs[o->nret_specs++] = (char *)arg;
		break;
	case OPT_NO_PAGER: o->no_pager = true; break;
	case OPT_TID: o->tid = arg; break;
	case OPT_DEPTH: o->depth = (int)parse_number(arg, "depth", 1, 1 << 20); break;
	case OPT_DEBUG:
		debug_set(arg);
		o->debug = arg;
		break;
	case OPT_DEMANGLE:
		if (!strcmp(arg, "full"))
			o->demangle = DEMANGLE_FULL;
		else if (!strcmp(arg, "simple"))
			o->demangle = DEMANGLE_SIMPLE;
		else if (!strcmp(arg, "no"))
			o->demangle = DEMANGLE_NO;
		else
			die("invalid --demangle '%s' (full, simple or no)", arg);
		break;
	case OPT_SORT: o->sort_keys = arg; break;
	case OPT_FIELDS: o->output_fields = arg; break;
	case OPT_THREADS: o->threads = true; break;
	case OPT_DIFF: o->diff_dir = arg; break;
	case OPT_FORMAT: o->format = arg; break;
	case OPT_TASK: o->task = true; break;
	case OPT_CHROME: o->dump_format = "chrome"; break;
	case OPT_FLAME: o->dump_format = "flame-graph"; break;
	case OPT_FLAME_SVG: o->dump_format = "flame-svg"; break;
	case OPT_GRAPHVIZ: o->dump_format = "graphviz"; break;
	case OPT_CALLGRIND: o->dump_format = "callgrind"; break;
	case OPT_HTML: o->dump_format = "html"; break;
	case OPT_OUTPUT: o->output = arg; break;
	case OPT_FILTER: add_filter_opt(o, 'F', arg); break;
	case OPT_NOTRACE: add_filter_opt(o, 'N', arg); break;
	case OPT_HIDE: add_filter_opt(o, 'H', arg); break;
	case OPT_CALLER: add_filter_opt(o, 'C', arg); break;
	case OPT_TRIGGER: add_filter_opt(o, 'T', arg); break;
	case OPT_TIME_FILTER: o->time_filter = arg; break;
	case OPT_TIME_RANGE: o->time_range = arg; break;
	case OPT_MATCH: o->match = arg; break;
	case OPT_DISABLE: o->disable = true; break;
	case OPT_ESTIMATE_RETURN: o->estimate_return = true; break;
	case OPT_HELP: command_usage(c); exit(0);
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

		if (!(s->cmds & c->bit))
			continue;
		longopts[n++] = (struct option){s->name, s->has_arg, NULL, s->id};
		if (s->short_name) {
			shortopts[sl++] = (char)s->short_name;
			if (s->has_arg == required_argument)
				shortopts[sl++] = ':';
		}
	}
	longopts[n] = (struct option){0};
	shortopts[sl] = '\0';

	opterr = 0;
	optind = 1;
	for (;;) {
		int ch = getopt_long(argc, argv, shortopts, longopts, NULL), id = ch;

		if (ch == -1)
			break;
		if (ch == '?')
			die("unknown option '%s' for '%s' (see 'ftrace %s --help')",
			    argv[optind - 1], c->name, c->name);
		if (ch == ':')
			die("option '%s' needs a value", argv[optind - 1]);
		for (size_t i = 0; i < NOPTIONS && ch < 256; i++)
			if (options[i].short_name == ch)
				id = options[i].id;
		apply_option(o, c, id, optarg);
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
}

int main(int argc, char **argv)
{
	struct opts o = {.dir = NULL, .demangle = DEMANGLE_SIMPLE};
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
	c = find_command(argv[1]);
	if (c) {
		argc--;
		argv++;
	} else if (argv[1][0] == '-' && argv[1][1] != '\0' && !find_command("live")) {
		die("unknown option '%s'", argv[1]);
	} else {
		c = find_command("live"); /* `ftrace [OPTIONS] PROG` */
	}
	o.cmd_name = c->name;
	o.cmd_bit = c->bit;
	parse_options(&o, c, argc, argv);
	if (!o.dir)
		o.dir = FT_DEFAULT_DIR;
	if (c->takes_program && o.argc < 1)
		die("'%s' needs a program to run (usage: ftrace %s [OPTIONS] PROGRAM [ARGS...])",
		    c->name, c->name);
	rc = c->fn(&o);
	free(o.filter_opts);
	free(o.arg_specs);
	free(o.ret_specs);
	return rc;
}
