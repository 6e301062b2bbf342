/* SPDX-License-Identifier: MIT */
/* Unit tests of the calling-context tree: self time, recursion counted once, path merging, threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "callstats.h"
#include "testdir.h"
#include "trace_format.h"
#include "treecheck.h"

#define MAIN 0x1000
#define A    0x2000
#define B    0x3000
#define FIB  0x4000

struct fixture {
	char dir[64];
	struct ca_funcs *fn;
	struct ca_tree *t;
	uint64_t now;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/test_callstats.XXXXXX");
	assert_non_null(mkdtemp(f->dir)); /* an empty data directory: every name is "0x..." */
	f->fn = ca_funcs_new(f->dir, DEMANGLE_NO);
	f->t = ca_tree_new(CA_MINMAX);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	ca_tree_free(f->t);
	ca_funcs_free(f->fn);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void rec(struct fixture *f, uint8_t type, uint32_t tid, uint32_t depth, uint64_t addr,
		uint64_t dur, bool inherited)
{
	struct tr_rec r = {.type = type,
			   .tid = tid,
			   .pid = 1,
			   .depth = depth,
			   .addr = addr,
			   .duration = dur,
			   .inherited = inherited,
			   .time = f->now++};

	ca_tree_add(f->t, f->fn, &r);
}
#define ENTRY(f, d, addr)     rec(f, TR_ENTRY, 1, d, addr, 0, false)
#define EXIT(f, d, addr, dur) rec(f, TR_EXIT, 1, d, addr, dur, false)
#define LEAF(f, d, addr, dur) rec(f, TR_LEAF, 1, d, addr, dur, false)

/* the row of the function at addr, or NULL */
static const struct ca_row *row_of(struct fixture *f, struct ca_row *rows, uint32_t n,
				   uint64_t addr)
{
	char name[32];

	snprintf(name, sizeof(name), "0x%llx", (unsigned long long)addr);
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(ca_func(f->fn, rows[i].fid)->name, name))
			return &rows[i];
	return NULL;
}

static void self_time_excludes_children(void **state)
{
	struct fixture *f = *state;
	struct ca_row *rows;
	uint32_t n;

	ENTRY(f, 0, MAIN);
	LEAF(f, 1, A, 30);
	LEAF(f, 1, B, 20);
	EXIT(f, 0, MAIN, 100);
	n = ca_rows(f->t, f->fn, CA_ROOT, &rows);
	assert_int_equal(n, 3);
	assert_int_equal(row_of(f, rows, n, MAIN)->total, 100);
	assert_int_equal(row_of(f, rows, n, MAIN)->self, 50);
	assert_int_equal(row_of(f, rows, n, A)->self, 30);
	assert_int_equal(row_of(f, rows, n, B)->total, 20);
	free(rows);
}

static void recursion_total_counted_once(void **state)
{
	struct fixture *f = *state;
	struct ca_row *rows;
	const struct ca_row *fib;
	uint32_t n;

	/* fib(2) -> fib(1), fib(0): the outer call takes 100, the inner ones 10 each */
	ENTRY(f, 0, FIB);
	LEAF(f, 1, FIB, 10);
	LEAF(f, 1, FIB, 10);
	EXIT(f, 0, FIB, 100);
	n = ca_rows(f->t, f->fn, CA_ROOT, &rows);
	fib = row_of(f, rows, n, FIB);
	assert_int_equal(fib->calls, 3);
	assert_int_equal(fib->total, 100);     /* not 120 */
	assert_int_equal(fib->total_all, 120); /* the average uses every call */
	assert_int_equal(fib->self, 100);
	assert_int_equal(fib->tmin, 10);
	assert_int_equal(fib->tmax, 100);
	free(rows);
}

static void indirect_recursion_counted_once(void **state)
{
	struct fixture *f = *state;
	struct ca_row *rows;
	uint32_t n;

	/* a -> b -> a: a's total is the outer call only */
	ENTRY(f, 0, A);
	ENTRY(f, 1, B);
	LEAF(f, 2, A, 5);
	EXIT(f, 1, B, 20);
	EXIT(f, 0, A, 50);
	n = ca_rows(f->t, f->fn, CA_ROOT, &rows);
	assert_int_equal(row_of(f, rows, n, A)->total, 50);
	assert_int_equal(row_of(f, rows, n, A)->calls, 2);
	assert_int_equal(row_of(f, rows, n, A)->self, 35);
	free(rows);
}

static void same_path_merges_other_paths_do_not(void **state)
{
	struct fixture *f = *state;
	uint32_t main_node, a_under_main, a_under_b, b_node;

	ENTRY(f, 0, MAIN);
	LEAF(f, 1, A, 1);
	LEAF(f, 1, A, 2);
	ENTRY(f, 1, B);
	LEAF(f, 2, A, 3);
	EXIT(f, 1, B, 10);
	EXIT(f, 0, MAIN, 20);
	main_node = f->t->nodes[CA_ROOT].first;
	a_under_main = f->t->nodes[main_node].first;
	b_node = f->t->nodes[a_under_main].next;
	a_under_b = f->t->nodes[b_node].first;
	assert_int_equal(f->t->nnodes, 5); /* root, main, main;a, main;b, main;b;a */
	assert_int_equal(f->t->nodes[a_under_main].calls, 2);
	assert_int_equal(f->t->nodes[a_under_main].total, 3);
	assert_int_equal(f->t->nodes[a_under_b].calls, 1);
	assert_int_equal(f->t->nodes[a_under_b].key, f->t->nodes[a_under_main].key);
	assert_int_equal(f->t->nodes[a_under_b].depth, 2);
}

static void inherited_frame_keeps_path_counts_nothing(void **state)
{
	struct fixture *f = *state;
	struct ca_row *rows;
	uint32_t n;

	rec(f, TR_ENTRY, 1, 0, MAIN, 0, true); /* a fork child's copy of main */
	LEAF(f, 1, A, 7);
	rec(f, TR_EXIT, 1, 0, MAIN, 1000, true);
	n = ca_rows(f->t, f->fn, CA_ROOT, &rows);
	assert_int_equal(n, 1);
	assert_non_null(row_of(f, rows, n, A));
	assert_null(row_of(f, rows, n, MAIN));
	assert_int_equal(f->t->nodes[f->t->nodes[f->t->nodes[CA_ROOT].first].first].total, 7);
	free(rows);
}

static void threads_share_paths_unless_per_thread(void **state)
{
	struct fixture *f = *state;
	struct ca_tree *pt = ca_tree_new(CA_PER_THREAD);

	for (uint32_t tid = 1; tid <= 2; tid++) {
		struct tr_rec r = {.type = TR_LEAF, .tid = tid, .pid = 1, .addr = A, .duration = 5};

		ca_tree_add(f->t, f->fn, &r);
		ca_tree_add(pt, f->fn, &r);
	}
	assert_int_equal(f->t->nnodes, 2);
	assert_int_equal(f->t->nodes[1].calls, 2);
	assert_int_equal(ca_tree_nthreads(f->t), 2);
	assert_int_equal(pt->nnodes, 5); /* root, 2 threads, a under each */
	assert_true(pt->nodes[pt->nodes[CA_ROOT].first].key & CA_THREAD_KEY);
	assert_int_equal(ca_tree_top_total(pt), 10);
	ca_tree_free(pt);
}

/*
 * A parent calling more children in turn than it has hints for, and the same addresses in two
 * process images (sessions), which are other functions (raw ids): every call reaches its own
 * node, whichever hint remembered it or whether none did.
 */
static void hints_follow_children_and_sessions(void **state)
{
	struct ca_funcs *raw = ca_funcs_raw();
	struct ca_tree *t = ca_tree_new(0);
	uint64_t order[] = {0, 1, 2, 0, 3, 4, 5, 2, 1, 5, 5, 0, 4, 3, 1};
	uint32_t n = 0;

	(void)state;
	for (int round = 0; round < 20; round++)
		for (uint64_t session = 1; session <= 2; session++) {
			struct tr_rec r = {.type = TR_ENTRY,
					   .tid = (uint32_t)session,
					   .pid = (uint32_t)session,
					   .session = session,
					   .addr = MAIN};

			/* B then MAIN at the root: the root's hints see both sessions */
			ca_tree_add(t, raw,
				    &(struct tr_rec){.type = TR_LEAF,
						     .tid = r.tid,
						     .pid = r.pid,
						     .session = session,
						     .addr = B,
						     .duration = 1});
			ca_tree_add(t, raw, &r);
			for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
				ca_tree_add(t, raw,
					    &(struct tr_rec){.type = TR_LEAF,
							     .tid = r.tid,
							     .pid = r.pid,
							     .session = session,
							     .depth = 1,
							     .addr = A + order[i] * 0x100,
							     .duration = 1});
			r.type = TR_EXIT;
			r.duration = 100;
			ca_tree_add(t, raw, &r);
		}
	for (uint32_t m = t->nodes[CA_ROOT].first; m != CA_NONE; m = t->nodes[m].next) {
		assert_int_equal(t->nodes[m].calls, 20);
		for (uint32_t c = t->nodes[m].first; c != CA_NONE; c = t->nodes[c].next, n++) {
			const struct ca_func *fm = ca_func(raw, t->nodes[m].key),
					     *fc = ca_func(raw, t->nodes[c].key);
			uint64_t k = (fc->at.addr - A) / 0x100, times = 0;

			for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
				times += order[i] == k;
			assert_int_equal(fc->at.session, fm->at.session);
			assert_int_equal(t->nodes[c].calls, times * 20);
		}
	}
	assert_int_equal(n, 12);
	assert_int_equal(t->nnodes, 1 + 4 + 12); /* root, B and MAIN twice, MAIN's children */
	ca_tree_free(t);
	ca_funcs_free(raw);
}

/*
 * More (parent, address) pairs than the cache of hint misses holds (struct ca_dm), so that its
 * entries collide and are replaced: 10,000 functions called in a scattered order at the root and
 * under MAIN, in two sessions (the root is the same parent for both, with the same addresses).
 */
static void children_past_the_cache(void **state)
{
	struct ca_funcs *raw = ca_funcs_raw();
	struct ca_tree *t = ca_tree_new(0);
	const uint64_t n = 10000;
	uint32_t seen = 0;

	(void)state;
	for (int round = 0; round < 3; round++)
		for (uint64_t session = 1; session <= 2; session++)
			for (uint32_t depth = 0; depth <= 1; depth++) {
				struct tr_rec r = {.type = TR_ENTRY,
						   .tid = 1,
						   .pid = 1,
						   .session = session,
						   .addr = MAIN};

				if (depth)
					ca_tree_add(t, raw, &r);
				for (uint64_t k = 0; k < n; k++)
					ca_tree_add(t, raw,
						    &(struct tr_rec){.type = TR_LEAF,
								     .tid = 1,
								     .pid = 1,
								     .session = session,
								     .depth = depth,
								     .addr = 0x100000 +
									     (k * 7919 % n) * 16,
								     .duration = 1 + session});
				r.type = TR_EXIT;
				r.duration = 100000;
				if (depth)
					ca_tree_add(t, raw, &r);
			}
	/* each function once per round, in its session, under the root and under its MAIN */
	for (uint32_t c = 1; c < t->nnodes; c++) {
		const struct ca_func *f = ca_func(raw, t->nodes[c].key);
		uint32_t p = t->nodes[c].parent;

		if (f->at.addr == MAIN) {
			assert_int_equal(t->nodes[c].calls, 3);
			continue;
		}
		seen++;
		assert_int_equal(t->nodes[c].calls, 3);
		assert_int_equal(t->nodes[c].total, 3 * (1 + f->at.session));
		if (p != CA_ROOT)
			assert_int_equal(ca_func(raw, t->nodes[p].key)->at.session, f->at.session);
	}
	assert_int_equal(seen, 4 * n);
	assert_int_equal(t->nnodes, 1 + 2 + 4 * n);
	ca_tree_free(t);
	ca_funcs_free(raw);
}

/* The same addresses under 3,000 parents: entries of the cache of hint misses that collide
 * with the same address must still tell the parents apart. */
static void children_of_many_parents(void **state)
{
	struct ca_funcs *raw = ca_funcs_raw();
	struct ca_tree *t = ca_tree_new(0);
	const uint64_t parents = 3000, kids = 8;

	(void)state;
	for (int round = 0; round < 2; round++)
		for (uint64_t j = 0; j < parents; j++) {
			struct tr_rec r = {.type = TR_ENTRY,
					   .tid = 1,
					   .pid = 1,
					   .session = 1,
					   .addr = A + j * 16};

			ca_tree_add(t, raw, &r);
			for (uint64_t k = 0; k < kids; k++)
				ca_tree_add(
					t, raw,
					&(struct tr_rec){.type = TR_LEAF,
							 .tid = 1,
							 .pid = 1,
							 .session = 1,
							 .depth = 1,
							 .addr = 0x100000 + ((k + j) % kids) * 16,
							 .duration = 1 + j % 5});
			r.type = TR_EXIT;
			r.duration = 1000;
			ca_tree_add(t, raw, &r);
		}
	assert_int_equal(t->nnodes, 1 + parents * (1 + kids));
	for (uint32_t c = 1; c < t->nnodes; c++) {
		uint32_t p = t->nodes[c].parent;

		assert_int_equal(t->nodes[c].calls, 2);
		if (p != CA_ROOT) /* the parent of address A + 16 j: 1 + j % 5 ns a call */
			assert_int_equal(
				t->nodes[c].total,
				2 * (1 + (ca_func(raw, t->nodes[p].key)->at.addr - A) / 16 % 5));
	}
	ca_tree_free(t);
	ca_funcs_free(raw);
}

static void gap_and_stray_exit_do_not_crash(void **state)
{
	struct fixture *f = *state;

	EXIT(f, 3, A, 10); /* nothing open: ignored */
	ENTRY(f, 2, B);	   /* frames 0 and 1 unknown (ring start) */
	LEAF(f, 3, A, 4);
	EXIT(f, 2, B, 9);
	assert_int_equal(f->t->nodes[f->t->nodes[CA_ROOT].first].calls, 1);
	assert_int_equal(f->t->nodes[f->t->nodes[CA_ROOT].first].self, 5);
}

static void merge_below_adds_subtrees(void **state)
{
	struct fixture *f = *state;
	struct ca_tree *m = ca_tree_new(0);
	uint32_t main_node, top;

	ENTRY(f, 0, MAIN);
	LEAF(f, 1, A, 3);
	EXIT(f, 0, MAIN, 10);
	main_node = f->t->nodes[CA_ROOT].first;
	top = ca_tree_child(m, CA_ROOT, f->t->nodes[main_node].key);
	ca_tree_merge_below(m, top, f->t, main_node);
	ca_tree_merge_below(m, top, f->t, main_node);
	assert_int_equal(m->nnodes, 3);
	assert_int_equal(m->nodes[m->nodes[top].first].calls, 2);
	assert_int_equal(m->nodes[m->nodes[top].first].total, 6);
	ca_tree_free(m);
}

/* ---- reading a trace: the fused loop (ca_tree_read) against record by record ---- */

/* Two chunks of one thread: main -> 40 x (A -> 3 x leaf B), a return value (an event the
 * general path reads) before one of A's exits, the second chunk starting inside an A. */
static void write_trace(const char *dir)
{
	static uint8_t chunk[2][FT_CHUNK_SIZE_MIN];
	struct wr w[2];
	char path[128];
	uint64_t t = 1000;
	FILE *f;

	for (int c = 0; c < 2; c++)
		w[c] = (struct wr){.p = chunk[c] + sizeof(struct ft_chunk_header)};
	w[0].tick = t;
	wr_rec(&w[0], t, FT_KIND_ENTRY, MAIN);
	for (int i = 0, c = 0; i < 40; i++) {
		wr_rec(&w[c], t += 7, FT_KIND_ENTRY, A);
		if (i == 20) { /* the chunk ends here; the next one continues the stack */
			c = 1;
			w[1].tick = t;
		}
		for (int k = 0; k < 3; k++) {
			wr_rec(&w[c], t += 3 + (uint64_t)(i * k % 50), FT_KIND_ENTRY, B);
			wr_rec(&w[c], t += 2 + (uint64_t)k * 40, FT_KIND_EXIT, 0);
		}
		if (i == 30) {
			uint8_t item[] = {0, FT_ARG_INT | 3u << 4, 4};

			wr_rec(&w[c], t, FT_KIND_EVENT, 0);
			w[c].p = ft_put_varint(w[c].p, FT_EV_RETVAL);
			w[c].p = ft_put_varint(w[c].p, sizeof(item));
			memcpy(w[c].p, item, sizeof(item));
			w[c].p += sizeof(item);
		}
		wr_rec(&w[c], t += 5000, FT_KIND_EXIT, 0); /* a three-byte header */
	}
	wr_rec(&w[1], t += 1, FT_KIND_EXIT, 0);
	snprintf(path, sizeof(path), "%s/info", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "ftrace-data 1\nstate: complete\nclock: mono\nchunk-size: %u\n",
		FT_CHUNK_SIZE_MIN);
	fclose(f);
	snprintf(path, sizeof(path), "%s/7.dat", dir);
	assert_non_null(f = fopen(path, "w"));
	for (int c = 0; c < 2; c++) {
		struct ft_chunk_header *h = (struct ft_chunk_header *)chunk[c];
		uint8_t *start = chunk[c] + sizeof(*h);

		*h = (struct ft_chunk_header){.magic = FT_CHUNK_MAGIC,
					      .version = FT_FORMAT_VERSION,
					      .header_size = sizeof(*h),
					      .endian = FT_ENDIAN_MARK,
					      .chunk_size = FT_CHUNK_SIZE_MIN,
					      .used = (uint32_t)(w[c].p - start),
					      .seq = (uint32_t)c,
					      .pid = 7,
					      .tid = 7,
					      .base_time = c ? w[1].tick : 1000,
					      .depth = (uint32_t)c * 2,
					      .session = 1};
		fwrite(chunk[c], 1, c ? (size_t)(w[c].p - chunk[c]) : sizeof(chunk[c]), f);
	}
	fclose(f);
}

static void fused_read_equals_record_by_record(void **state)
{
	struct fixture *f = *state;
	struct ca_tree *t = ca_tree_new(CA_MINMAX);
	struct trace_reader *r;
	struct tr_rec rec;
	char cmd[256];

	write_trace(f->dir);
	r = trace_reader_open(f->dir, TR_FOLD_LEAF | TR_NO_MERGE);
	assert_int_equal(ca_tree_read(f->t, f->fn, r), 0);
	trace_reader_close(r);
	r = trace_reader_open(f->dir, TR_FOLD_LEAF | TR_NO_MERGE);
	while (trace_reader_next(r, &rec) > 0)
		ca_tree_add(t, f->fn, &rec);
	trace_reader_close(r);
	assert_int_equal(f->t->nnodes, 4); /* root, main, A, B */
	treecheck_equal(f->t, t);
	assert_int_equal(f->t->nodes[3].calls, 120);
	assert_int_equal(ca_tree_nthreads(f->t), 1);
	ca_tree_free(t);
	snprintf(cmd, sizeof(cmd), "rm -f %s/info %s/7.dat", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
}

#define WALK_RUNS  0x1u /* some calls are loops of one to six calls of the same leaf */
#define WALK_TSC   0x2u /* ~0.37 ns a tick, calibrated in the middle of the walk */
#define WALK_SCHED 0x4u /* context switches between records (DIR/sched) */

/*
 * One chunk of a random walk over 19 functions, up to 150 frames deep (past the first frame
 * allocations), with headers of one to three bytes, address deltas of one to nine bytes and
 * both signs: every
 * case where calltree.c's fast lane stops and hands over to the general step, and back. Runs of
 * a leaf: the lane sums those of three or more apart. TSC ticks: the lane takes over only after
 * the calibration point, and ns are rounded down from a fraction. Switches: the lane stops before
 * each, the off-CPU time goes to the frames open then, and the lane must not pop those frames.
 */
/* 12 functions near each other (address deltas of one or two bytes), 3 far (three bytes), 3 in a
 * library (seven: calls through the PLT), in a real program's proportions, and one so far away
 * that its delta takes nine bytes (the general path's) */
static uint64_t walk_fn(uint64_t r)
{
	uint64_t k = (r >> 8) % 64;

	return k < 36	? 0x400000 + (r >> 12) % 12 * 0x90
	       : k < 56 ? 0x480000 + (r >> 12) % 3 * 0x9000
	       : k < 63 ? 0x7ffff7d00000 + (r >> 12) % 3 * 0x1230
			: 0x0abc000000000000;
}

static void write_walk(const char *dir, unsigned how)
{
	static uint8_t chunk[FT_CHUNK_SIZE_MIN];
	static struct ft_sched_rec sw[4096];
	struct ft_chunk_header *h = (struct ft_chunk_header *)chunk;
	struct ft_sched_header sh = {.magic = FT_SCHED_MAGIC,
				     .version = FT_FORMAT_VERSION,
				     .rec_size = sizeof(struct ft_sched_rec),
				     .flags = FT_SCHED_SORTED};
	struct wr w = {.p = chunk + sizeof(*h), .tick = 1000};
	uint64_t t = 1000, seed = 12345;
	uint32_t depth = 0, nsw = 0;
	char path[128];
	FILE *f;

	while (w.p < chunk + sizeof(chunk) - 400) {
		uint64_t r, gap;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		r = seed >> 33;
		/* mostly short gaps, some of two bytes, a few of three */
		gap = r % 16 < 9 ? r % 31 : r % 16 < 15 ? 32 + r % 4000 : 5000 + r % 100000;
		if ((how & WALK_SCHED) && r % 29 == 0 && nsw + 2 <= 4096) {
			/* f() { g(); switched out } in f() (an exit the lane would take), or
			 * before the next record of the walk */
			if (r & 1) {
				wr_rec(&w, t += 1 + gap % 8, FT_KIND_ENTRY, walk_fn(0));
				wr_rec(&w, t += 1 + gap % 8, FT_KIND_ENTRY, walk_fn(1 << 8));
				wr_rec(&w, t += 1 + gap % 8, FT_KIND_EXIT, 0);
			}
			sw[nsw++] = (struct ft_sched_rec){t + 1, 7, FT_SCHED_OUT};
			sw[nsw++] = (struct ft_sched_rec){t + 2 + r % 50, 7, 0};
			t += 3 + r % 50;
			if (r & 1) {
				wr_rec(&w, t += 1 + gap % 8, FT_KIND_EXIT, 0);
				continue;
			}
		}
		if ((how & WALK_RUNS) && depth && r % 5 == 0) {
			for (uint64_t k = 0, n = 1 + (r >> 4) % 6; k < n; k++) {
				wr_rec(&w, t += gap, FT_KIND_ENTRY, walk_fn(r));
				wr_rec(&w, t += 1 + (r >> 12) % (k & 1 ? 40 : 400), FT_KIND_EXIT,
				       0);
			}
		} else if (depth < 150 && (depth == 0 || r % 7 < 4)) {
			wr_rec(&w, t += gap, FT_KIND_ENTRY, walk_fn(r));
			depth++;
		} else {
			wr_rec(&w, t += gap, FT_KIND_EXIT, 0);
			depth--;
		}
	}
	while (depth--)
		wr_rec(&w, t += 3, FT_KIND_EXIT, 0);
	snprintf(path, sizeof(path), "%s/info", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "ftrace-data 1\nstate: complete\nchunk-size: %u\n", FT_CHUNK_SIZE_MIN);
	if (how & WALK_TSC) /* 0.3719 ns a tick from tick (1000 + t) / 2, at 1000 s */
		fprintf(f, "clock: tsc\nclock-sync: %llu %llu %llu %llu\n",
			(unsigned long long)(1000 + t) / 2, 1000000000000ull,
			(unsigned long long)(1000 + t) / 2 + 10000, 1000000000000ull + 3719);
	else
		fprintf(f, "clock: mono\n");
	fclose(f);
	*h = (struct ft_chunk_header){.magic = FT_CHUNK_MAGIC,
				      .version = FT_FORMAT_VERSION,
				      .header_size = sizeof(*h),
				      .endian = FT_ENDIAN_MARK,
				      .chunk_size = FT_CHUNK_SIZE_MIN,
				      .used = (uint32_t)(w.p - (chunk + sizeof(*h))),
				      .pid = 7,
				      .tid = 7,
				      .base_time = 1000,
				      .session = 1};
	snprintf(path, sizeof(path), "%s/7.dat", dir);
	assert_non_null(f = fopen(path, "w"));
	fwrite(chunk, 1, sizeof(chunk), f);
	fclose(f);
	for (uint32_t i = 0; i < nsw && (how & WALK_TSC); i++) /* ticks -> ns */
		sw[i].ns = 1000000000000ull +
			   (uint64_t)((int64_t)(sw[i].ns - (1000 + t) / 2) * 3719 / 10000);
	snprintf(path, sizeof(path), "%s/%s", dir, FT_SCHED_FILE);
	assert_non_null(f = fopen(path, "w"));
	fwrite(&sh, sizeof(sh), 1, f);
	fwrite(sw, sizeof(*sw), nsw, f);
	fclose(f);
}

static void walk_tree_equal(struct fixture *f, unsigned flags, unsigned how)
{
	bool sched = how & WALK_SCHED;
	struct ca_tree *a = ca_tree_new(flags), *b = ca_tree_new(flags);
	struct trace_reader *r;
	struct tr_stats sa, sb;
	struct tr_rec rec;
	uint64_t offcpu = 0;

	r = trace_reader_open(f->dir, TR_FOLD_LEAF | TR_NO_MERGE);
	trace_reader_set_sched(r, sched);
	assert_int_equal(ca_tree_read(a, f->fn, r), 0);
	trace_reader_stats(r, &sa);
	trace_reader_close(r);
	r = trace_reader_open(f->dir, TR_FOLD_LEAF | TR_NO_MERGE);
	trace_reader_set_sched(r, sched);
	while (trace_reader_next(r, &rec) > 0)
		ca_tree_add(b, f->fn, &rec);
	trace_reader_stats(r, &sb);
	trace_reader_close(r);
	assert_true(a->nnodes > 1000); /* the walk makes many distinct paths */
	treecheck_equal(a, b);
	for (uint32_t i = 0; i < a->nnodes; i++)
		offcpu += a->nodes[i].offcpu;
	assert_true(sched == (offcpu > 0));
	assert_int_equal(sa.records, sb.records); /* on-disk records, as the reader counts them */
	/* the lane takes most records, far calls included (a tenth of them without those); with
	 * TSC ticks only those after the calibration point, half of them */
	assert_true(a->lane_records * (how & WALK_TSC ? 4 : 2) > sa.records);
	ca_tree_free(a);
	ca_tree_free(b);
}

static void fast_lane_equals_record_by_record(void **state)
{
	struct fixture *f = *state;
	char cmd[256];

	for (unsigned how = 0; how < 8; how++) {
		write_walk(f->dir, how);
		walk_tree_equal(f, 0, how);
		walk_tree_equal(f, CA_MINMAX, how);
	}
	snprintf(cmd, sizeof(cmd), "rm -f %s/info %s/7.dat %s/sched", f->dir, f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
}

/* put_uint() writes two digits at a time from the end: every length and padding as printf */
static void put_uint_prints_like_printf(void **state)
{
	char buf[48], want[48];
	uint64_t v = 0;

	(void)state;
	for (int i = 0; i < 64; i++) {
		uint64_t vals[] = {v, v + 1, v ? v - 1 : 0, v * 9 + 9};

		for (int k = 0; k < 4; k++) {
			for (int width = 0; width <= 8; width += 8) {
				*put_uint(buf, vals[k], width) = '\0';
				snprintf(want, sizeof(want), "%*llu", width,
					 (unsigned long long)vals[k]);
				assert_string_equal(buf, want);
			}
		}
		v = v ? v * 10 : 1; /* 0, 1, 10, ... wrapping past 2^64: large values too */
	}
	*put_uint(buf, UINT64_MAX, 0) = '\0';
	assert_string_equal(buf, "18446744073709551615");
}

/* put_dec() writes three digits per division from a table: every length as printf */
static void put_dec_prints_like_printf(void **state)
{
	char buf[48], want[48];
	uint64_t v = 0;

	(void)state;
	for (int i = 0; i < 64; i++) {
		uint64_t vals[] = {v, v + 1, v ? v - 1 : 0, v * 9 + 9, v * 7 + 123};

		for (int k = 0; k < 5; k++) {
			*put_dec(buf, vals[k]) = '\0';
			snprintf(want, sizeof(want), "%llu", (unsigned long long)vals[k]);
			assert_string_equal(buf, want);
		}
		v = v ? v * 10 : 1;
	}
	*put_dec(buf, UINT64_MAX) = '\0';
	assert_string_equal(buf, "18446744073709551615");
}

/* put_duration() against printf in every unit, at each unit's edges */
static void durations_match_printf_in_every_unit(void **state)
{
	static const char *const units[] = {"us", "ms", " s", " m", " h"};
	static const uint64_t scale[] = {1, 1000, 1000000, 60000000, 3600000000ull};
	uint64_t v = 1;
	char buf[48], want[48];

	(void)state;
	for (int i = 0; i < 20; i++, v *= 10) {
		uint64_t vals[] = {v - 1, v, v * 3 + 7, v * 6 - 1};

		for (int k = 0; k < 4; k++) {
			uint64_t ns = vals[k], t;
			unsigned u = ns < 1000000	      ? 0
				     : ns < 1000000000	      ? 1
				     : ns < 1000000000000ull  ? 2
				     : ns < 60000000000000ull ? 3
							      : 4;

			t = ns / scale[u];
			snprintf(want, sizeof(want), "%3llu.%03llu %s",
				 (unsigned long long)(t / 1000), (unsigned long long)(t % 1000),
				 units[u]);
			*put_duration(buf, ns) = '\0';
			assert_string_equal(buf, want);
		}
	}
}

static void durations_print_like_uftrace(void **state)
{
	char buf[32];

	(void)state;
	*put_duration(buf, 1234) = '\0';
	assert_string_equal(buf, "  1.234 us");
	*put_duration(buf, 2858123) = '\0';
	assert_string_equal(buf, "  2.858 ms");
	*put_duration(buf, 999) = '\0';
	assert_string_equal(buf, "  0.999 us");
	*put_sduration(buf, -4992000, 12) = '\0';
	assert_string_equal(buf, "   -4.992 ms");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(self_time_excludes_children, setup, teardown),
		cmocka_unit_test_setup_teardown(recursion_total_counted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(indirect_recursion_counted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(same_path_merges_other_paths_do_not, setup,
						teardown),
		cmocka_unit_test_setup_teardown(inherited_frame_keeps_path_counts_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(threads_share_paths_unless_per_thread, setup,
						teardown),
		cmocka_unit_test_setup_teardown(gap_and_stray_exit_do_not_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_below_adds_subtrees, setup, teardown),
		cmocka_unit_test_setup_teardown(fused_read_equals_record_by_record, setup,
						teardown),
		cmocka_unit_test_setup_teardown(fast_lane_equals_record_by_record, setup, teardown),
		cmocka_unit_test(hints_follow_children_and_sessions),
		cmocka_unit_test(children_past_the_cache),
		cmocka_unit_test(children_of_many_parents),
		cmocka_unit_test(durations_print_like_uftrace),
		cmocka_unit_test(put_uint_prints_like_printf),
		cmocka_unit_test(put_dec_prints_like_printf),
		cmocka_unit_test(durations_match_printf_in_every_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
