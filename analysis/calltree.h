/* SPDX-License-Identifier: MIT */
/* The calling-context tree: one node per distinct call path (per thread with CA_PER_THREAD). */
#ifndef FTRACE_ANALYSIS_CALLTREE_H
#define FTRACE_ANALYSIS_CALLTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "funcids.h"
#include "hashmap.h"
#include "trace_reader.h"

#define CA_ROOT	      0u	  /* node index of the root */
#define CA_THREAD_KEY 0x80000000u /* key bit of a per-thread root (CA_PER_THREAD) */

struct ca_node {
	/* the first 64 bytes are what a record touches: its node's counters, its parent's hint */
	uint64_t calls;	      /* calls counted (inherited frames are not) */
	uint64_t total, self; /* ns, summed over the calls */
	uint64_t hint_addr,
		hint_session; /* the address that led to hint: skips the function lookup */
	uint32_t hint;	      /* the child found last: loops hit it without hashing */
	uint32_t key;	      /* function id, or CA_THREAD_KEY | thread index */
	uint32_t parent;
	uint32_t depth;		      /* 0 for the root's children */
	bool recursive;		      /* the same function is an ancestor on this path */
	uint64_t tmin, tmax;	      /* total time of one call */
	uint64_t smin, smax;	      /* self time of one call */
	uint32_t first, next, last;   /* tree links, CA_NONE when absent; last: the last child */
	uint64_t offcpu, offcpu_self; /* ns its thread was switched out inside it: in all of it, and
					 while it was the innermost call */
};
_Static_assert(sizeof(struct ca_node) == 128, "a node index scales by a shift");

#define CA_PER_THREAD 0x1u /* one subtree per thread under the root */
#define CA_MINMAX     0x2u /* keep min and max per node (report -f): costs a little per record */

struct ca_thread_info {
	uint32_t tid, pid;
	uint64_t first_ns, last_ns; /* time of its first and last record */
	uint64_t records;
};

/*
 * The children found by (parent, address, session) when the parent's own hint missed, in a
 * direct-mapped cache in front of byaddr (192 KiB: in the L2 cache). An interpreter's hot
 * functions call many children in turn, which one hint cannot follow: on the Lua trace the hint
 * misses 3.4M times in 5.35M calls, and the cache 31K times.
 */
#define CA_DM_BITS 13
struct ca_dm {
	uint64_t addr, session;
	uint32_t parent1, child; /* parent1: the parent + 1, 0 in an empty entry */
};

struct ca_tree {
	struct ca_node *nodes;
	struct ca_dm *dm; /* 1 << CA_DM_BITS entries, allocated at the first hint miss */
	uint32_t nnodes, cap;
	unsigned flags;
	struct hashmap children; /* (parent << 32 | key) -> node */
	struct hashmap byaddr;	 /* (address, session, parent) -> node: a hint miss's lookup */
	/* per-thread stacks */
	struct ca_tstate *threads, *last;
	uint32_t nthreads, tcap;
	struct hashmap bytid;	/* tid -> index in threads */
	unsigned jobs;		/* ca_tree_set_jobs() */
	uint64_t lane_records;	/* on-disk records the fast lane folded (tests, --debug=reader) */
	uint32_t ranges_joined; /* ranges of one stream folded apart and joined (tests) */
	/* a part of one stream read in ranges (calltree.c, fold_ranges()) */
	bool outer;		    /* its thread starts inside frames of an earlier range */
	bool seen, stitch_bad;	    /* a record was added; an outer exit could not be placed */
	uint32_t outer_depth;	    /* frames open when its thread started */
	struct ca_stitch *stitches; /* the exits of those frames, in order */
	uint32_t nstitches, stitch_cap;
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

/* Reads the whole trace into t; returns 0, or 1 after a message (reader failure). A big trace of
 * several streams (TR_NO_MERGE) is folded on several threads, with the same result. */
int ca_tree_read(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r);
/* Threads ca_tree_read() may use: 0 (the default) one per CPU when the trace is big enough,
 * 1 none but the caller's, n up to n whatever the trace's size (at most one per stream). */
void ca_tree_set_jobs(struct ca_tree *t, unsigned jobs);
/* Next node of a depth-first walk of the subtree below top, CA_NONE at the end. */
/* qsort_r order of node indexes (arg: the tree): most calls first, then most time, then index */
int ca_node_cmp_hits(const void *a, const void *b, void *arg);
uint32_t ca_walk_next(const struct ca_tree *t, uint32_t top, uint32_t n, bool descend);

#endif
