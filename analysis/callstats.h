/* SPDX-License-Identifier: MIT */
/* What report, graph and dump share: function ids, the calling-context tree, output rows. */
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

#include "output.h"
#include "trace_reader.h"
#include "util.h"

struct filter_config;

/* ---- reading: the one place the shared filters (--tid, -D, -F -N -H -C -T -t -r) are applied ---- */

/* The reader of fc->dir with trace_reader_open()'s flags, only the threads of tid ("1,2", or NULL
 * for all), filtered as fc says. NULL after one line on stderr. */
struct trace_reader *ca_reader_open(const struct filter_config *fc, const char *tid,
				    unsigned flags);

/* ---- functions: one small integer per distinct function ---- */

/* a place a function was called from the trace: its process, image and entry address */
struct ca_where {
	uint32_t pid;
	uint64_t session, addr;
};

struct ca_func {
	const char
		*name; /* as shown (demangled per --demangle), or "0x..." for unknown addresses */
	const char *module; /* basename of the module, "" when unknown */
	uint64_t size;	    /* symbol size in bytes, 0 when unknown */
	uint32_t name_len;
	struct ca_where at; /* pid 0: unknown (an address without a symbol) */
};

struct ca_funcs;

/* Function ids for the trace in dir, names shown in style ds. */
struct ca_funcs *ca_funcs_new(const char *dir, enum demangle_style ds);
void ca_funcs_free(struct ca_funcs *f);
/* The id of the function at rec's address (ENTRY/EXIT/LEAF); stable for the life of f. */
uint32_t ca_func_id(struct ca_funcs *f, const struct tr_rec *rec);
const struct ca_func *ca_func(const struct ca_funcs *f, uint32_t fid);
uint32_t ca_nfuncs(const struct ca_funcs *f);
struct srclines;
/* The file and line where fid is defined (sl from srclines_new()), or NULL: no DWARF, no symbol. */
const struct srcline *ca_func_source(struct ca_funcs *f, struct srclines *sl, uint32_t fid);

/* ---- the calling-context tree ---- */

#define CA_ROOT	      0u	  /* node index of the root */
#define CA_NONE	      UINT32_MAX  /* no node */
#define CA_THREAD_KEY 0x80000000u /* key bit of a per-thread root (CA_PER_THREAD) */

struct ca_node {
	uint64_t calls;	      /* calls counted (inherited frames are not) */
	uint64_t total, self; /* ns, summed over the calls */
	uint64_t tmin, tmax;  /* total time of one call */
	uint64_t smin, smax;  /* self time of one call */
	uint32_t key;	      /* function id, or CA_THREAD_KEY | thread index */
	uint32_t parent, first, next,
		last;  /* tree links, CA_NONE when absent; last: the last child */
	uint32_t hint; /* the child found last: loops hit it without hashing */
	uint64_t hint_addr,
		hint_session;	      /* the address that led to hint: skips the function lookup */
	uint32_t depth;		      /* 0 for the root's children */
	bool recursive;		      /* the same function is an ancestor on this path */
	uint64_t offcpu, offcpu_self; /* ns its thread was switched out inside it: in all of it, and
					 while it was the innermost call */
};

#define CA_PER_THREAD 0x1u /* one subtree per thread under the root */
#define CA_MINMAX     0x2u /* keep min and max per node (report -f): costs a little per record */

struct ca_thread_info {
	uint32_t tid, pid;
	uint64_t first_ns, last_ns; /* time of its first and last record */
	uint64_t records;
};

struct ca_tree {
	struct ca_node *nodes;
	uint32_t nnodes, cap;
	unsigned flags;
	/* (parent, key) -> node, open addressing */
	uint64_t *hkeys;
	uint32_t *hvals;
	size_t hmask;
	/* per-thread stacks */
	struct ca_tstate *threads, *last;
	uint32_t nthreads, tcap;
	uint32_t *thash;
	size_t thmask;
};

struct ca_tree *ca_tree_new(unsigned flags);
void ca_tree_free(struct ca_tree *t);
/* Folds one record into the tree (events are ignored, but for the off-CPU time of a context
 * switch-in, TR_EV_SCHED_IN, which goes to the calls open at it). */
void ca_tree_add(struct ca_tree *t, struct ca_funcs *fn, const struct tr_rec *rec);
/* The child of parent with key, or a new one. */
uint32_t ca_tree_child(struct ca_tree *t, uint32_t parent, uint32_t key);
/* Adds the counters of src (a node of another tree, or of this one) to node dst. */
void ca_node_merge(struct ca_node *dst, const struct ca_node *src);
/* Merges the subtree below src (in tree s) into the children of dst (in tree t). */
void ca_tree_merge_below(struct ca_tree *t, uint32_t dst, const struct ca_tree *s, uint32_t src);
/* Threads seen, in order of first record (index i is the key CA_THREAD_KEY | i). */
uint32_t ca_tree_nthreads(const struct ca_tree *t);
const struct ca_thread_info *ca_tree_thread(const struct ca_tree *t, uint32_t i);
/* Sum of the total time of the root's children (per thread: of the threads' children). */
uint64_t ca_tree_top_total(const struct ca_tree *t);

/*
 * Reads the whole trace, handing fn batches of records in reader order (a non-zero return stops).
 * The reader may run in another thread: fn must not touch r. The records' payload, args and retval
 * are copies that stay valid during the call only.
 * Returns 0, or -1 when the reader failed (it printed why).
 */
typedef int (*ca_batch_fn)(void *arg, const struct tr_rec *recs, uint32_t n);
int ca_read(struct trace_reader *r, ca_batch_fn fn, void *arg);

/* Reads the whole trace into t; returns 0, or 1 after a message (reader failure). */
int ca_tree_read(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r);

/* ---- per-function rows (report, callgrind): the tree folded by function ---- */

struct ca_row {
	uint32_t fid, thread; /* thread: index in the tree's threads, CA_NONE when all */
	uint64_t calls;
	uint64_t total;	    /* recursion counted once per outermost call */
	uint64_t total_all; /* every call's total, for the average */
	uint64_t self;
	uint64_t tmin, tmax, smin, smax;
	uint64_t offcpu;      /* off-CPU ns inside it, recursion counted once as total is */
	uint64_t offcpu_self; /* off-CPU ns while it was the innermost call */
};

/* Rows of the subtree below node top (CA_ROOT: everything), one per function; returns the count. */
uint32_t ca_rows(const struct ca_tree *t, const struct ca_funcs *fn, uint32_t top,
		 struct ca_row **rows);

/* the program's name for titles: basename of the info file's exe, or "ftrace" */
const char *ca_program_name(struct trace_reader *r);

#endif
