/* SPDX-License-Identifier: MIT */
/* Inside struct filter: what the pattern, engine and record-table files of the filter share. */
#ifndef FTRACE_ANALYSIS_FILTER_IMPL_H
#define FTRACE_ANALYSIS_FILTER_IMPL_H

#include <regex.h>

#include "filter.h"
#include "hashmap.h"

struct rule {
	char *spec; /* as given, for messages */
	int kind;   /* 'F', 'N', 'H', 'C', 'T' */
	char *pattern, *module;
	bool exact;	    /* no metacharacter: compare the whole name */
	unsigned long hits; /* functions it matched: none is worth a warning */
	regex_t re;
	struct filter_match act;
};

struct filter {
	struct rule *rules;
	unsigned nrules;
	bool glob, disabled, has_filter, has_caller, has_backtrace;
	bool hide_libcalls; /* --no-libcall when reading: functions outside the executable are -H */
	bool libcall;	    /* the function being matched lies outside the executable (@plt) */
	uint32_t depth;
	uint64_t time, from, to;
	/* the engine */
	struct symtabs *st, *own_st;
	struct demangler *dm;
	struct hashmap match_idx; /* (addr, session, pid) -> index in matches */
	struct filter_match *matches;
	size_t nmatches, matches_cap;
	struct hashmap thread_idx; /* the reader's thread -> index in threads */
	struct fl_thread **threads, *last_thread;
	size_t nthreads;
	uint64_t origin; /* ns of the recording's start, -r counts from it */
};

/* The rule's pattern against a name, whatever its module says (filter.c). */
bool filter_pattern_matches(const struct filter *f, const struct rule *r, const char *name);
/* PATTERN@plt: the rule names library calls only (filter.c). */
bool filter_rule_is_plt(const struct rule *r);
/* One line per pattern that matched nothing, and where it was looked for (filter.c). */
void filter_warn_unmatched(const struct filter *f, const char *where);
/* live: what record matched counts as matched for its replay (filter.c). */
void filter_keep_record_hits(const struct filter *f);
/* Frees the engine's state (filter_engine.c); filter_free() calls it. */
void filter_engine_free(struct filter *f);

#endif
