/* SPDX-License-Identifier: MIT */
/* What the unit tests of the calling-context tree share: asserting that two trees are the same. */
#ifndef FTRACE_TESTS_UNIT_TREECHECK_H
#define FTRACE_TESTS_UNIT_TREECHECK_H

/* included after <cmocka.h> */
#include <stdint.h>

#include "calltree.h"

/* One field of node i of both trees: a failure names the node, the field and both values. */
#define TREECHECK_FIELD(x, y, i, field)                                                        \
	do {                                                                                   \
		if ((x)->field != (y)->field)                                                  \
			fail_msg("node %u: " #field " is %llu in one tree, %llu in the other", \
				 (unsigned)(i), (unsigned long long)(x)->field,                \
				 (unsigned long long)(y)->field);                              \
	} while (0)

/*
 * Asserts that trees a and b hold the same nodes at the same indexes (function, links, depth,
 * counters, min and max, off-CPU times) and the same threads. Not the hints (hint, hint_addr,
 * hint_session): they cache where the last lookup under a node went, which is how the tree was
 * built (record by record, by the fast lane, in parts), not what it says.
 */
static inline void treecheck_equal(const struct ca_tree *a, const struct ca_tree *b)
{
	assert_int_equal(a->nnodes, b->nnodes);
	for (uint32_t i = 0; i < a->nnodes; i++) {
		const struct ca_node *x = &a->nodes[i], *y = &b->nodes[i];

		TREECHECK_FIELD(x, y, i, key);
		TREECHECK_FIELD(x, y, i, parent);
		TREECHECK_FIELD(x, y, i, depth);
		TREECHECK_FIELD(x, y, i, first);
		TREECHECK_FIELD(x, y, i, next);
		TREECHECK_FIELD(x, y, i, last);
		TREECHECK_FIELD(x, y, i, recursive);
		TREECHECK_FIELD(x, y, i, calls);
		TREECHECK_FIELD(x, y, i, total);
		TREECHECK_FIELD(x, y, i, self);
		TREECHECK_FIELD(x, y, i, tmin);
		TREECHECK_FIELD(x, y, i, tmax);
		TREECHECK_FIELD(x, y, i, smin);
		TREECHECK_FIELD(x, y, i, smax);
		TREECHECK_FIELD(x, y, i, offcpu);
		TREECHECK_FIELD(x, y, i, offcpu_self);
	}
	assert_int_equal(ca_tree_nthreads(a), ca_tree_nthreads(b));
	for (uint32_t k = 0; k < ca_tree_nthreads(a); k++)
		assert_memory_equal(ca_tree_thread(a, k), ca_tree_thread(b, k),
				    sizeof(struct ca_thread_info));
}

#endif
