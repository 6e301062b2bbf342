/* SPDX-License-Identifier: MIT */
/* The record-time filter table: what `ftrace record` (analysis/filter.c) tells libmcount
 * (libmcount/record_filter.c). */
#ifndef FTRACE_COMMON_FILTER_TABLE_H
#define FTRACE_COMMON_FILTER_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * FT_ENV_FILTER (trace_format.h) holds the absolute path of DIR/filter, a text file:
 *	ftrace-filter 2
 *	exe /abs/path/of/the/program     the table is for this image only
 *	flags 5                          hex, MCF_* below
 *	depth 3                          -D (0: none)
 *	time 5000                        -t in ns (0: none)
 *	range 1000000 18446744073709551615   -r in ns from the recording's start (0 and ~0: none)
 *	hz 2995104000                    clock ticks per second, to turn the times above into ticks
 *	401126 401140 3 0 0              one line per matched function: link-time [lo, hi) in hex,
 *	...                              FR_* flags in hex, depth= and time= (ns) of its triggers
 *	plt puts * 1 0 0                 one line per (library function the program imports, rule
 *	plt strlen libc 2 0 0            that names it): its name as the relocation asks for it, the
 *	...                              rule's module ('*': any; "libc" as mcf_module_matches()),
 *	                                 then the rule's flags, depth= and time= as above
 *	module /abs/path/libfoo.so       an instrumented library the program loads at start-up (as
 *	1126 1140 2 0 0                  its dynamic linker finds it): the address lines after it are
 *	...                              that library's, link-time, until the next module line
 * Address lines are sorted by lo within each image; plt lines are sorted by name, a name's lines in the order of
 * the rules on the command line (libmcount merges them with mcf_merge() as replay does, once per
 * hooked PLT slot). Patterns are matched by `record`: the traced program never sees one.
 * MCF_ENV_ORIGIN holds the tick at which the recording started (info's clock-sync), from which -r
 * counts, as replay does.
 */

#define MCF_FILE       "filter"
#define MCF_MAGIC      "ftrace-filter"
#define MCF_VERSION    3
#define MCF_ENV_ORIGIN "FTRACE_FILTER_ORIGIN"

/* The backtrace trigger's event, FT_EV_BACKTRACE, is defined with the others in trace_format.h. */

/* whole-table flags */
enum mcf_flag {
	MCF_HAS_FILTER = 1 << 0, /* some -F: calls outside every -F function are not recorded */
	MCF_DISABLED = 1 << 1,	 /* --disable: tracing starts off */
	MCF_ESTIMATE = 1 << 2,	 /* -e: no return hijacking, exits estimated at the next entry */
	MCF_HAS_CALLER =
		1 << 3, /* some -C: calls that lead to no -C call are taken back at their exit */
	MCF_HAS_TIME = 1 << 4,	/* -t or time=: calls shorter than the threshold are taken back */
	MCF_HAS_RANGE = 1 << 5, /* -r: only calls entered in the range are recorded */
};

/* what a rule does to the functions it matches (a line's flags, and struct filter_match) */
enum filter_flag {
	FR_FILTER = 1 << 0,    /* -F: only these and what they call */
	FR_NOTRACE = 1 << 1,   /* -N: not these, nor what they call */
	FR_HIDE = 1 << 2,      /* -H: not these, their children take their place */
	FR_CALLER = 1 << 3,    /* -C: these (as leaves) and their callers */
	FR_DEPTH = 1 << 4,     /* trigger depth=N: N levels from this one */
	FR_TRACE_ON = 1 << 5,  /* trigger trace_on */
	FR_TRACE_OFF = 1 << 6, /* trigger trace_off */
	FR_BACKTRACE = 1 << 7, /* trigger backtrace: the call path at entry */
	FR_FINISH = 1 << 8,    /* trigger finish: stop tracing, end cleanly */
	FR_TIME = 1 << 9,      /* trigger time=TIME: the -t threshold inside this function */
	FR_TRACE = 1 << 10,    /* trigger trace: shown whatever its duration (-t, time=) */
};

/* "libc" names libc.so.6 and libc-2.36.so; a full basename names itself. */
static inline bool mcf_module_matches(const char *want, const char *module)
{
	size_t n = strlen(want);

	if (!module)
		return false;
	return !strncmp(want, module, n) &&
	       (module[n] == '\0' || module[n] == '.' || module[n] == '-');
}

/* What one more matching rule adds to a function's flags, depth= and time=: the smallest depth=,
 * the last time=, and of -F and -N the later one wins, as in uftrace. */
static inline void mcf_merge(uint32_t *flags, uint32_t *depth, uint64_t *time, uint32_t rflags,
			     uint32_t rdepth, uint64_t rtime)
{
	if ((rflags & FR_DEPTH) && (!(*flags & FR_DEPTH) || rdepth < *depth))
		*depth = rdepth;
	if (rflags & FR_TIME)
		*time = rtime;
	if (rflags & FR_FILTER)
		*flags &= ~(uint32_t)FR_NOTRACE;
	if (rflags & FR_NOTRACE)
		*flags &= ~(uint32_t)FR_FILTER;
	*flags |= rflags;
}

#endif
