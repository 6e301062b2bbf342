/* SPDX-License-Identifier: MIT */
/* A folding view of the calling-context tree: open flags, the rows they leave, searches. */
#include <stdlib.h>
#include <string.h>

#include "treeview.h"

/* The node after n in a depth-first walk of the subtree of top, into n's children when descend;
 * CA_NONE at the end. */
static uint32_t walk_next(const struct ca_tree *t, uint32_t top, uint32_t n, bool descend)
{
	if (descend && t->nodes[n].first != CA_NONE)
		return t->nodes[n].first;
	while (n != top && t->nodes[n].next == CA_NONE)
		n = t->nodes[n].parent;
	return n == top ? CA_NONE : t->nodes[n].next;
}

void treeview_init(struct treeview *v, const struct ca_tree *t, uint32_t top)
{
	*v = (struct treeview){.t = t, .top = top};
	v->open = xcalloc(t->nnodes, 1);
	v->rows = xmalloc(sizeof(*v->rows));
	v->open[top] = 1;
	treeview_refresh(v);
}

void treeview_free(struct treeview *v)
{
	free(v->open);
	free(v->rows);
	free(v->order);
	free(v->pos);
	*v = (struct treeview){0};
}

void treeview_refresh(struct treeview *v)
{
	const struct ca_tree *t = v->t;
	uint32_t n = 0, cap = 64;

	free(v->rows);
	v->rows = xmalloc(cap * sizeof(*v->rows));
	for (uint32_t x = v->top; x != CA_NONE; x = walk_next(t, v->top, x, v->open[x])) {
		if (n == cap)
			v->rows = xrealloc(v->rows, (cap *= 2) * sizeof(*v->rows));
		v->rows[n++] = x;
	}
	v->nrows = n;
}

void treeview_open_heaviest(struct treeview *v)
{
	const struct ca_tree *t = v->t;

	for (uint32_t x = v->top; x != CA_NONE;) {
		uint32_t best = CA_NONE;

		v->open[x] = 1;
		for (uint32_t c = t->nodes[x].first; c != CA_NONE; c = t->nodes[c].next)
			if (best == CA_NONE || t->nodes[c].total > t->nodes[best].total)
				best = c;
		x = best;
	}
	treeview_refresh(v);
}

void treeview_open_all(struct treeview *v, bool open)
{
	for (uint32_t x = v->top; x != CA_NONE; x = walk_next(v->t, v->top, x, true))
		v->open[x] = open;
	v->open[v->top] = 1;
	treeview_refresh(v);
}

void treeview_reveal(struct treeview *v, uint32_t node)
{
	for (uint32_t a = v->t->nodes[node].parent; a != CA_NONE && node != v->top;
	     a = v->t->nodes[a].parent) {
		v->open[a] = 1;
		if (a == v->top)
			break;
	}
	treeview_refresh(v);
}

uint32_t treeview_row_of(const struct treeview *v, uint32_t node)
{
	for (uint32_t i = 0; i < v->nrows; i++)
		if (v->rows[i] == node)
			return i;
	return CA_NONE;
}

uint32_t treeview_depth(const struct treeview *v, uint32_t node)
{
	const struct ca_node *n = v->t->nodes;

	if (node == v->top)
		return 0;
	/* the root's children have depth 0, as have the root and a thread's node */
	return v->top == CA_ROOT ? n[node].depth + 1 : n[node].depth - n[v->top].depth;
}

bool treeview_has_children(const struct treeview *v, uint32_t node)
{
	return v->t->nodes[node].first != CA_NONE;
}

/* every node of the subtree in depth-first order, and where each one is in it */
static void build_order(struct treeview *v)
{
	uint32_t n = 0, cap = 64;

	if (v->order)
		return;
	v->order = xmalloc(cap * sizeof(*v->order));
	v->pos = xmalloc(v->t->nnodes * sizeof(*v->pos));
	memset(v->pos, 0xff, v->t->nnodes * sizeof(*v->pos));
	for (uint32_t x = v->top; x != CA_NONE; x = walk_next(v->t, v->top, x, true)) {
		if (n == cap)
			v->order = xrealloc(v->order, (cap *= 2) * sizeof(*v->order));
		v->pos[x] = n;
		v->order[n++] = x;
	}
	v->norder = n;
}

uint32_t treeview_find(struct treeview *v, uint32_t from, int dir, treeview_match_fn match,
		       void *arg)
{
	uint32_t i, n;

	build_order(v);
	n = v->norder;
	if (!n)
		return CA_NONE;
	i = from < v->t->nnodes && v->pos[from] != CA_NONE ? v->pos[from] : dir > 0 ? n - 1 : 0;
	for (uint32_t k = 0; k < n; k++) {
		i = dir > 0 ? (i + 1) % n : (i + n - 1) % n;
		if (match(arg, v->order[i]))
			return v->order[i];
	}
	return CA_NONE;
}

uint32_t treeview_count(struct treeview *v, treeview_match_fn match, void *arg, uint32_t node,
			uint32_t *at)
{
	uint32_t count = 0, before = 0;

	build_order(v);
	for (uint32_t i = 0; i < v->norder; i++)
		if (match(arg, v->order[i])) {
			count++;
			if (node < v->t->nnodes && v->pos[node] != CA_NONE && i < v->pos[node])
				before++;
		}
	if (at)
		*at = before;
	return count;
}
