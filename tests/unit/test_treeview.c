/* SPDX-License-Identifier: MIT */
/* Unit tests of the folding tree view of ftrace tui: the heaviest path, folding, expand and collapse
 * all, revealing a node, searches that wrap, depths below a subtree's top. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "treeview.h"

/*
 * The tree (node: key, total):
 *   root
 *    +- a: 1, 100
 *    |   +- b: 2, 10
 *    |   |   +- d: 4, 5
 *    |   +- c: 3, 80
 *    |       +- e: 5, 70
 *    |           +- f: 6, 1
 *    +- g: 7, 5
 */
struct fixture {
	struct ca_tree *t;
	uint32_t a, b, c, d, e, f, g;
};

static uint32_t node(struct ca_tree *t, uint32_t parent, uint32_t key, uint64_t total)
{
	uint32_t n = ca_tree_child(t, parent, key);

	t->nodes[n].total = total;
	t->nodes[n].calls = 1;
	return n;
}

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));

	x->t = ca_tree_new(0);
	x->a = node(x->t, CA_ROOT, 1, 100);
	x->b = node(x->t, x->a, 2, 10);
	x->d = node(x->t, x->b, 4, 5);
	x->c = node(x->t, x->a, 3, 80);
	x->e = node(x->t, x->c, 5, 70);
	x->f = node(x->t, x->e, 6, 1);
	x->g = node(x->t, CA_ROOT, 7, 5);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;

	ca_tree_free(x->t);
	free(x);
	return 0;
}

static void rows_are(const struct treeview *v, uint32_t n, ...)
{
	va_list ap;

	assert_int_equal(v->nrows, n);
	va_start(ap, n);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(v->rows[i], va_arg(ap, uint32_t));
	va_end(ap);
}

static void starts_with_the_top_only(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	rows_are(&v, 3, CA_ROOT, x->a, x->g);
	treeview_free(&v);
}

static void heaviest_path_is_open_down_to_a_leaf(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	treeview_open_heaviest(&v);
	/* a (100 > 5), then c (80 > 10), then e, then f: b stays folded */
	rows_are(&v, 7, CA_ROOT, x->a, x->b, x->c, x->e, x->f, x->g);
	assert_false(v.open[x->b]);
	treeview_free(&v);
}

static void folding_hides_the_subtree(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	treeview_open_heaviest(&v);
	v.open[x->c] = 0;
	treeview_refresh(&v);
	rows_are(&v, 5, CA_ROOT, x->a, x->b, x->c, x->g);
	assert_int_equal(treeview_row_of(&v, x->g), 4);
	assert_int_equal(treeview_row_of(&v, x->e), CA_NONE);
	treeview_free(&v);
}

static void expand_and_collapse_all(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	treeview_open_all(&v, true);
	rows_are(&v, 8, CA_ROOT, x->a, x->b, x->d, x->c, x->e, x->f, x->g);
	treeview_open_all(&v, false); /* the top stays open */
	rows_are(&v, 3, CA_ROOT, x->a, x->g);
	treeview_free(&v);
}

static void reveal_opens_the_ancestors(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	treeview_reveal(&v, x->d);
	rows_are(&v, 6, CA_ROOT, x->a, x->b, x->d, x->c, x->g);
	assert_false(v.open[x->c]);
	treeview_free(&v);
}

static bool key_4_or_6(void *arg, uint32_t n)
{
	const struct ca_tree *t = arg;

	return t->nodes[n].key == 4 || t->nodes[n].key == 6;
}

static bool nothing(void *arg, uint32_t n)
{
	(void)arg, (void)n;
	return false;
}

static void find_searches_folded_nodes_and_wraps(void **state)
{
	struct fixture *x = *state;
	struct treeview v;
	uint32_t at;

	treeview_init(&v, x->t, CA_ROOT); /* d and f are folded away */
	assert_int_equal(treeview_find(&v, CA_ROOT, 1, key_4_or_6, x->t), x->d);
	assert_int_equal(treeview_find(&v, x->d, 1, key_4_or_6, x->t), x->f);
	assert_int_equal(treeview_find(&v, x->f, 1, key_4_or_6, x->t), x->d); /* wraps */
	assert_int_equal(treeview_find(&v, x->d, -1, key_4_or_6, x->t), x->f);
	assert_int_equal(treeview_find(&v, x->d, 1, nothing, NULL), CA_NONE);
	assert_int_equal(treeview_count(&v, key_4_or_6, x->t, x->f, &at), 2);
	assert_int_equal(at, 1);
	treeview_free(&v);
}

static void a_subtree_counts_depth_from_its_top(void **state)
{
	struct fixture *x = *state;
	struct treeview v;

	treeview_init(&v, x->t, CA_ROOT);
	assert_int_equal(treeview_depth(&v, CA_ROOT), 0);
	assert_int_equal(treeview_depth(&v, x->a), 1);
	assert_int_equal(treeview_depth(&v, x->d), 3);
	treeview_free(&v);
	treeview_init(&v, x->t, x->c);
	rows_are(&v, 2, x->c, x->e);
	assert_int_equal(treeview_depth(&v, x->e), 1);
	assert_int_equal(treeview_depth(&v, x->f), 2);
	/* a search stays inside the subtree */
	assert_int_equal(treeview_find(&v, x->c, 1, key_4_or_6, x->t), x->f);
	assert_int_equal(treeview_find(&v, x->f, 1, key_4_or_6, x->t), x->f);
	treeview_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(starts_with_the_top_only, setup, teardown),
		cmocka_unit_test_setup_teardown(heaviest_path_is_open_down_to_a_leaf, setup,
						teardown),
		cmocka_unit_test_setup_teardown(folding_hides_the_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(expand_and_collapse_all, setup, teardown),
		cmocka_unit_test_setup_teardown(reveal_opens_the_ancestors, setup, teardown),
		cmocka_unit_test_setup_teardown(find_searches_folded_nodes_and_wraps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_subtree_counts_depth_from_its_top, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
