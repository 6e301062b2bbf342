/* SPDX-License-Identifier: MIT */
/* A folding view of the calling-context tree: which nodes are open, the rows that leaves on
 * screen, and searches over every node. No terminal here: cmd/tui.c draws it. */
#ifndef FTRACE_ANALYSIS_TREEVIEW_H
#define FTRACE_ANALYSIS_TREEVIEW_H

/*
 * The view shows the subtree of one node, top (CA_ROOT for the whole run, a thread's node of a
 * CA_PER_THREAD tree for one thread) as rows: top first, then, depth-first in the tree's order (the
 * order calls were first seen, as `ftrace graph` prints them), the children of every open node.
 * Folding changes only the open flags; treeview_refresh() lays the rows out again, in time
 * proportional to the rows shown.
 *
 *	struct treeview v;
 *	treeview_init(&v, tree, CA_ROOT);
 *	treeview_open_heaviest(&v);           // what a reader wants first: where the time went
 *	for (uint32_t i = 0; i < v.nrows; i++) draw(v.rows[i], treeview_depth(&v, v.rows[i]));
 */

#include <stdbool.h>
#include <stdint.h>

#include "calltree.h"

struct treeview {
	const struct ca_tree *t;
	uint32_t top;
	uint8_t *open;	/* per node of t: its children are shown */
	uint32_t *rows; /* the nodes shown, depth-first */
	uint32_t nrows;
	uint32_t *order; /* every node of the subtree, depth-first (built by the first search) */
	uint32_t *pos;	 /* per node of t: its index in order */
	uint32_t norder;
};

void treeview_init(struct treeview *v, const struct ca_tree *t, uint32_t top);
void treeview_free(struct treeview *v);
/* Lays out rows from the open flags (every change to them is followed by this). */
void treeview_refresh(struct treeview *v);
/* Opens top, then level by level the child of most total time: the heaviest path. */
void treeview_open_heaviest(struct treeview *v);
/* Opens (or closes) every node; top stays open. */
void treeview_open_all(struct treeview *v, bool open);
/* Opens the ancestors of node, so that it is shown. */
void treeview_reveal(struct treeview *v, uint32_t node);
/* The row of node, or CA_NONE when it is not shown. */
uint32_t treeview_row_of(const struct treeview *v, uint32_t node);
/* Levels below top (top is 0). */
uint32_t treeview_depth(const struct treeview *v, uint32_t node);
bool treeview_has_children(const struct treeview *v, uint32_t node);

/*
 * The first node after from (dir > 0) or before it (dir < 0) in depth-first order, wrapping
 * around, for which match says true; CA_NONE when there is none. from itself is tried last.
 */
typedef bool (*treeview_match_fn)(void *arg, uint32_t node);
uint32_t treeview_find(struct treeview *v, uint32_t from, int dir, treeview_match_fn match,
		       void *arg);
/* How many nodes match, and (when at is not NULL) how many of them come before node in order. */
uint32_t treeview_count(struct treeview *v, treeview_match_fn match, void *arg, uint32_t node,
			uint32_t *at);

#endif
