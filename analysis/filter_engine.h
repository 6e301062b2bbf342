/* SPDX-License-Identifier: MIT */
/* The replay-time filter engine: struct filter applied as a trace reader's per-thread stage. */
#ifndef FTRACE_ANALYSIS_FILTER_ENGINE_H
#define FTRACE_ANALYSIS_FILTER_ENGINE_H

#include "filter.h"

struct trace_reader;
struct symtabs;

/* events the engine synthesises, next to the reader's TR_EV_* */
#define TR_EV_BACKTRACE 257 /* payload: varint n, then n varint addresses, outermost first */

/*
 * What every reading command calls once, after trace_reader_open(): the filters of c on r, or the
 * reader's plain depth limit when c has none. st: the command's symbols, or NULL (the filter loads
 * those of c->dir). The reader frees the filter when it is closed.
 */
void filter_setup_reader(struct trace_reader *r, const struct filter_config *c, struct symtabs *st);

/* replay side: plug the engine into r, which owns f from then on; names come from st (kept by the
 * caller until the reader is closed), shown in style ds, as the commands show them. */
void filter_attach(struct filter *f, struct trace_reader *r, struct symtabs *st,
		   enum demangle_style ds);

#endif
