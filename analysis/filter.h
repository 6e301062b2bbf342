/* SPDX-License-Identifier: MIT */
/* Filters and triggers: the options, the pattern parser and name matching (struct filter). */
#ifndef FTRACE_ANALYSIS_FILTER_H
#define FTRACE_ANALYSIS_FILTER_H

/*
 * One `struct filter` holds what -F -N -H -C -T -D -t -r --disable --match said. The same object
 * serves both ends (doc/filters.md):
 *
 *   replay, report, graph, dump (filter_engine.h): filter_attach() plugs the engine into a trace reader as its
 *	per-thread stage, so every command sees the same filtered tree (depths renumbered, leaves
 *	re-folded).
 *   record (filter_record.h): filter_write_table() matches the executable's symbols once and writes the address
 *	table libmcount reads (libmcount/record_filter.c); no regex ever runs in the traced program.
 *
 * Typical use:
 *	struct filter *f = filter_from_config(&c);       // dies with one line on a bad pattern
 *	if (f)
 *		filter_attach(f, reader, symtabs, c.demangle);  // the reader owns f now
 * or simply filter_setup_reader(reader, &c, symtabs), which does both or sets the plain -D.
 */

#include <stdbool.h>
#include <stdint.h>

#include "filter_table.h"
#include "util.h"

/* One -F -N -H -C -T option: kind is its letter, spec the pattern and triggers as given. */
struct filter_opt {
	int kind;
	const char *spec;
};

/* What a command asks of the filters; cmd/ fills it from its options (opts_filter_config()). */
struct filter_config {
	const struct filter_opt *rules; /* -F -N -H -C -T in command-line order */
	unsigned nrules;
	const char *match;	      /* --match: "regex" (NULL: the default) or "glob" */
	int depth;		      /* -D, 0: no limit */
	const char *time_filter;      /* -t, or NULL */
	const char *time_range;	      /* -r, or NULL */
	bool disable;		      /* --disable: start with tracing off */
	bool no_libcall;	      /* reading: hide library calls */
	bool estimate_return;	      /* recording: -e */
	enum demangle_style demangle; /* how the patterns see C++ and Rust names */
	const char *dir;	      /* reading: the data directory whose symbols are matched */
	bool live; /* recording then reading in one run: the reading warns about unmatched patterns */
	bool sched; /* reading: context switches as events (trace_reader_set_sched()) */
};

/* everything the rules say about one function, merged */
struct filter_match {
	uint32_t flags; /* FR_* */
	uint32_t depth; /* FR_DEPTH: the smallest depth= */
	uint64_t time;	/* FR_TIME: ns */
};

struct filter;

struct filter *filter_new(bool glob);
void filter_free(struct filter *f);
/*
 * kind: 'F', 'N', 'H', 'C' (spec: PATTERN[@MODULE]) or 'T' (spec: PATTERN@ACTION[,ACTION...], one
 * token may name a module). 0 on success; -1 with a one-line message in err naming the spec.
 */
int filter_add(struct filter *f, int kind, const char *spec, char *err, size_t errlen);
void filter_set_depth(struct filter *f, uint32_t depth); /* -D: 0 = no limit */
void filter_set_time(struct filter *f, uint64_t ns);	 /* -t */
void filter_set_range(struct filter *f, uint64_t from,
		      uint64_t to);			   /* -r, ns from the trace start */
void filter_set_disabled(struct filter *f, bool disabled); /* --disable */
/* true when some rule or setting changes what is shown */
bool filter_active(const struct filter *f);
/* FR_* flags that need a rule (for record-time checks) */
uint32_t filter_rule_flags(const struct filter *f);

/* What the rules say about a function shown as name, in module (basename, may be NULL). */
void filter_match_name(const struct filter *f, const char *name, const char *module,
		       struct filter_match *m);

/* "5us", "1.5ms", "200ns", "2s", "100" (ns): 0 and *ns set, -1 when malformed. */
int filter_parse_time(const char *s, uint64_t *ns);
/* "A~B", either side may be empty: times as filter_parse_time(). */
int filter_parse_range(const char *s, uint64_t *from, uint64_t *to);

/* Builds the filter c describes; NULL when it describes none. Dies on bad input. */
struct filter *filter_from_config(const struct filter_config *c);

#endif
