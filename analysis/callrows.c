/* SPDX-License-Identifier: MIT */
/* Per-function rows (report, callgrind): the calling-context tree folded by function. */
#include <stdlib.h>
#include <string.h>

#include "callrows.h"
#include "util.h"

static void row_add(struct ca_row *r, const struct ca_node *n)
{
	r->calls += n->calls;
	r->total_all += n->total;
	if (!n->recursive) {
		r->total += n->total;
		r->offcpu += n->offcpu;
	}
	r->self += n->self;
	r->offcpu_self += n->offcpu_self;
	if (n->tmin < r->tmin)
		r->tmin = n->tmin;
	if (n->tmax > r->tmax)
		r->tmax = n->tmax;
	if (n->smin < r->smin)
		r->smin = n->smin;
	if (n->smax > r->smax)
		r->smax = n->smax;
}

uint32_t ca_rows(const struct ca_tree *t, const struct ca_funcs *fn, uint32_t top,
		 struct ca_row **rows)
{
	uint32_t nf = ca_nfuncs(fn), nrows = 0, *slot = xmalloc((nf + 1) * sizeof(*slot));
	struct ca_row *out = xcalloc(nf + 1, sizeof(*out));

	memset(slot, 0xff, (nf + 1) * sizeof(*slot));
	for (uint32_t n = t->nodes[top].first; n != CA_NONE && n != top;
	     n = ca_walk_next(t, top, n, true)) {
		const struct ca_node *node = &t->nodes[n];
		uint32_t fid = node->key;

		if ((fid & CA_THREAD_KEY) || !node->calls)
			continue;
		if (slot[fid] == CA_NONE) {
			slot[fid] = nrows;
			out[nrows++] = (struct ca_row){.fid = fid,
						       .thread = CA_NONE,
						       .tmin = UINT64_MAX,
						       .smin = UINT64_MAX};
		}
		row_add(&out[slot[fid]], node);
	}
	free(slot);
	*rows = out;
	return nrows;
}
