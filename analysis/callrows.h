/* SPDX-License-Identifier: MIT */
/* Per-function rows (report, callgrind): the calling-context tree folded by function. */
#ifndef FTRACE_ANALYSIS_CALLROWS_H
#define FTRACE_ANALYSIS_CALLROWS_H

#include <stdint.h>

#include "calltree.h"

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

#endif
