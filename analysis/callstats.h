/* SPDX-License-Identifier: MIT */
/* What report, graph and dump share: the reader with the shared filters; ids, tree, rows included. */
#ifndef FTRACE_ANALYSIS_CALLSTATS_H
#define FTRACE_ANALYSIS_CALLSTATS_H

/*
 * Every analysis that summarises a trace (report, graph, dump --flame-graph/--flame-svg/--graphviz/
 * --callgrind) is a fold of one structure: the calling-context tree, one node per distinct call
 * path (per thread with CA_PER_THREAD), holding the calls, total and self time of that path.
 * Memory grows with the number of distinct paths, never with the length of the trace.
 *
 *	struct ca_funcs *fn = ca_funcs_new(dir, ds);      // address -> function id, names
 *	struct ca_tree *t = ca_tree_new(0);
 *	struct trace_reader *r = ca_reader_open(&fc, tid, TR_FOLD_LEAF | TR_NO_MERGE);
 *	while (trace_reader_next(r, &rec) > 0)
 *		ca_tree_add(t, fn, &rec);
 *	... walk t->nodes (node 0 is the root; children via first/next) ...
 *
 * Time of a frame inherited from a fork parent is not counted (the parent counts it); its node
 * keeps the path so the child's calls sit under it. A function is "recursive" on a path when it
 * already appears above on that path: its total time is counted once, at the outermost node.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "callrows.h"
#include "calltree.h"
#include "funcids.h"
#include "output.h"
#include "readpipe.h"
#include "trace_reader.h"
#include "util.h"

struct filter_config;

/* ---- reading: the one place the shared filters (--tid, -D, -F -N -H -C -T -t -r) are applied ---- */

/* The reader of fc->dir with trace_reader_open()'s flags, only the threads of tid ("1,2", or NULL
 * for all), filtered as fc says. NULL after one line on stderr. */
struct trace_reader *ca_reader_open(const struct filter_config *fc, const char *tid,
				    unsigned flags);

/* the program's name for titles: basename of the info file's exe, or "ftrace" */
const char *ca_program_name(struct trace_reader *r);

#endif
