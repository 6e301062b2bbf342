/* SPDX-License-Identifier: MIT */
/* Unit tests of the parallel fold: every job count gives the tree, ids and threads of one thread,
 * whether the trace's streams are folded on threads or one stream's chunks in ranges. */
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

#define NSTREAMS 5
#define CHUNKS	 4 /* per stream */

static uint64_t rnd(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
	return *seed >> 33;
}

/*
 * Stream tid: chunks chunks of a random walk over 16 functions (8 of them shared by all streams),
 * each chunk starting at the depth where the last one stopped; in the last chunk a new process
 * (pid + 1) took the thread's id over, so the stream holds two processes of one tid (one thread to the fold). Streams start
 * at different times, which orders the threads.
 */
static void write_stream(const char *dir, uint32_t tid, uint64_t seed, uint64_t t, uint32_t chunks)
{
	static uint8_t chunk[FT_CHUNK_SIZE_MIN];
	struct ft_chunk_header *h = (struct ft_chunk_header *)chunk;
	uint32_t depth = 0, pid = tid;
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%u.dat", dir, tid);
	assert_non_null(f = fopen(path, "w"));
	for (uint32_t c = 0; c < chunks; c++) {
		struct wr w = {.p = chunk + sizeof(*h), .tick = t};
		uint32_t start_depth = depth, n = 2000 + (uint32_t)rnd(&seed) % 6000;

		if (c && c == chunks - 1) { /* the old process's frames are closed by the reader */
			pid = tid + 1000;
			depth = start_depth = 0;
		}
		*h = (struct ft_chunk_header){.magic = FT_CHUNK_MAGIC,
					      .version = FT_FORMAT_VERSION,
					      .header_size = sizeof(*h),
					      .endian = FT_ENDIAN_MARK,
					      .chunk_size = FT_CHUNK_SIZE_MIN,
					      .seq = c,
					      .pid = pid,
					      .tid = tid,
					      .base_time = t,
					      .depth = start_depth,
					      .session = pid};
		for (uint32_t i = 0; i < n; i++) {
			uint64_t r = rnd(&seed), gap = r % 16 < 12 ? r % 31 : 32 + r % 40000,
				 fn = (r >> 8) % 16;
			uint64_t addr =
				fn < 8 ? 0x400000 + fn * 0x100 : 0x500000 + tid * 0x1000 + fn;

			if (depth < 60 && (depth == 0 || r % 7 < 4)) {
				wr_rec(&w, t += gap, FT_KIND_ENTRY, addr);
				depth++;
			} else {
				wr_rec(&w, t += gap, FT_KIND_EXIT, 0);
				depth--;
			}
		}
		h->used = (uint32_t)(w.p - (chunk + sizeof(*h)));
		fwrite(chunk, 1, sizeof(chunk), f);
	}
	fclose(f);
}

static void write_trace(const char *dir, uint64_t seed)
{
	testdir_info(dir, FT_CHUNK_SIZE_MIN, NULL);
	for (uint32_t s = 0; s < NSTREAMS; s++)
		write_stream(dir, 100 + s, seed + s, 1000 + (s * 7919 + seed) % 5000, CHUNKS);
}

struct fold {
	struct ca_funcs *fn;
	struct ca_tree *t;
	struct tr_stats st;
};

static void fold(const char *dir, unsigned flags, unsigned jobs, struct fold *out)
{
	struct trace_reader *r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);

	assert_non_null(r);
	out->fn = ca_funcs_new(dir, DEMANGLE_NO);
	out->t = ca_tree_new(flags);
	ca_tree_set_jobs(out->t, jobs);
	assert_int_equal(ca_tree_read(out->t, out->fn, r), 0);
	trace_reader_stats(r, &out->st);
	trace_reader_close(r);
}

static void fold_free(struct fold *f)
{
	ca_tree_free(f->t);
	ca_funcs_free(f->fn);
}

/* Node by node, thread by thread, function by function: the same. */
static void folds_equal(const struct fold *a, const struct fold *b)
{
	treecheck_equal(a->t, b->t);
	assert_int_equal(ca_nfuncs(a->fn), ca_nfuncs(b->fn));
	for (uint32_t i = 0; i < ca_nfuncs(a->fn); i++) {
		assert_string_equal(ca_func(a->fn, i)->name, ca_func(b->fn, i)->name);
		assert_memory_equal(&ca_func(a->fn, i)->at, &ca_func(b->fn, i)->at,
				    sizeof(struct ca_where));
	}
	assert_memory_equal(&a->st, &b->st, sizeof(a->st));
}

/*
 * dir folded with -j1, then with 2 to max_jobs threads, with and without per-thread subtrees and
 * min/max: the same tree each time, and the fold of jobs threads joined joined[jobs] ranges of a
 * stream. check_one looks at the -j1 fold first.
 */
static void folds_alike(const char *dir, unsigned max_jobs, const uint32_t *joined,
			void (*check_one)(const struct fold *))
{
	static const unsigned flags[] = {0, CA_PER_THREAD, CA_MINMAX, CA_PER_THREAD | CA_MINMAX};

	for (unsigned k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
		struct fold one;

		fold(dir, flags[k], 1, &one);
		assert_int_equal(one.t->ranges_joined, 0);
		assert_true(one.t->nnodes > 1000);
		check_one(&one);
		for (unsigned jobs = 2; jobs <= max_jobs; jobs++) {
			struct fold many;

			fold(dir, flags[k], jobs, &many);
			assert_int_equal(many.t->ranges_joined, joined[jobs]);
			folds_equal(&one, &many);
			fold_free(&many);
		}
		fold_free(&one);
	}
}

static void five_streams(const struct fold *one)
{
	assert_int_equal(ca_tree_nthreads(one->t), NSTREAMS); /* by tid */
	assert_int_equal(one->st.chunks, NSTREAMS * CHUNKS);
}

/* Every job count from 2 to past the number of streams (every way of cutting the streams into
 * runs that the split makes): no stream is big, no ranges. */
static void every_job_count_folds_alike(void **state)
{
	static const uint32_t joined[NSTREAMS + 2]; /* zeros */
	char dir[] = "/tmp/test_parfold.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (uint64_t seed = 1; seed <= 3; seed++) {
		write_trace(dir, seed);
		folds_alike(dir, NSTREAMS + 1, joined, five_streams);
	}
	assert_int_equal(testdir_remove(dir), 0);
}

/* The five streams of dir split in two parts: threads 100-102 and 103-104, in stream order. */
static void split_in_two_at_103(const char *dir)
{
	struct trace_reader *parts[2], *r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);

	assert_int_equal(trace_reader_split(r, 2, 0, parts, NULL), 2);
	for (unsigned k = 0; k < 2; k++) {
		uint32_t first = 0, last = 0;
		struct tr_rec rec;

		while (trace_reader_next(parts[k], &rec) > 0) {
			first = first ? first : rec.tid;
			last = rec.tid;
		}
		assert_int_equal(first, k ? 103 : 100);
		assert_int_equal(last, k ? 104 : 102);
	}
	assert_int_equal(trace_reader_join(r, parts, 2, 2), 0);
	trace_reader_close(r);
}

/* A trace too small to pay for threads is folded by the caller's unless told otherwise, and a
 * single stream always is: the split makes no parts then. The parts are runs of streams of about
 * the same size. */
static void split_declines_small_and_single_traces(void **state)
{
	char dir[] = "/tmp/test_parfold.XXXXXX";
	struct trace_reader *r, *parts[8];

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_trace(dir, 7);
	r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);
	assert_int_equal(trace_reader_split(r, 4, UINT64_MAX, parts, NULL), 0);
	trace_reader_close(r);
	r = trace_reader_open(dir, TR_FOLD_LEAF); /* merged in time order: no parts */
	assert_int_equal(trace_reader_split(r, 4, 0, parts, NULL), 0);
	trace_reader_close(r);
	r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);
	assert_int_equal(trace_reader_split(r, 4, 0, parts, NULL), 4);
	assert_int_equal(trace_reader_join(r, parts, 4, 4), 0);
	trace_reader_close(r);
	/* five streams of one size in two parts: three and two, in stream order */
	split_in_two_at_103(dir);
	/* streams of 1, 4, 4, 4 and 6 chunks: 9 and 10, not 13 and 6 (the middle of the fourth is
	 * past half) */
	for (uint32_t s = 0; s < NSTREAMS; s++)
		write_stream(dir, 100 + s, 9 + s, 1000 + s, s == 0 ? 1 : s == 4 ? 6 : 4);
	split_in_two_at_103(dir);
	for (uint32_t s = 1; s < NSTREAMS; s++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%u.dat", dir, 100 + s);
		assert_int_equal(unlink(path), 0);
	}
	r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);
	assert_int_equal(trace_reader_split(r, 4, 0, parts, NULL), 0);
	trace_reader_close(r);
	assert_int_equal(testdir_remove(dir), 0);
}

/* An FT_EV_ABANDON event closing n frames (a longjmp), tick ticks after the last record. */
static void wr_abandon(struct wr *w, uint64_t tick, unsigned n)
{
	w->p = ft_put_varint(w->p, (tick - w->tick) << 2 | FT_KIND_EVENT);
	w->tick = tick;
	w->p = ft_put_varint(w->p, FT_EV_ABANDON);
	w->p = ft_put_varint(w->p, 2);
	w->p = ft_put_varint(w->p, n);
	w->p = ft_put_varint(w->p, FT_AB_LONGJMP);
}

/*
 * One stream of chunks chunks: a random walk that keeps a few calls open throughout, leaves deep
 * stacks by longjmp now and then (closing frames opened chunks before), and ends every odd chunk
 * with an ENTRY whose EXIT opens the next one (a leaf across the edge). Chunks from the fourth on
 * say records were lost. damaged: the sixth chunk's header has a depth the records before it do
 * not end at.
 */
static void write_one_stream(const char *dir, uint64_t seed, uint32_t chunks, bool damaged)
{
	static uint8_t chunk[FT_CHUNK_SIZE_MIN];
	struct ft_chunk_header *h = (struct ft_chunk_header *)chunk;
	uint64_t t = 5000;
	uint32_t depth = 0;
	char path[128];
	FILE *f;

	testdir_info(dir, FT_CHUNK_SIZE_MIN, NULL);
	snprintf(path, sizeof(path), "%s/300.dat", dir);
	assert_non_null(f = fopen(path, "w"));
	for (uint32_t c = 0; c < chunks; c++) {
		struct wr w = {.p = chunk + sizeof(*h), .tick = t};
		uint32_t n = 3000 + (uint32_t)rnd(&seed) % 3000;

		*h = (struct ft_chunk_header){.magic = FT_CHUNK_MAGIC,
					      .version = FT_FORMAT_VERSION,
					      .header_size = sizeof(*h),
					      .endian = FT_ENDIAN_MARK,
					      .chunk_size = FT_CHUNK_SIZE_MIN,
					      .seq = c,
					      .pid = 300,
					      .tid = 300,
					      .base_time = t,
					      .lost = c >= 3 ? 10 * c : 0,
					      .depth = damaged && c == 5 ? depth + 2 : depth,
					      .session = 300};
		if (c % 2 == 0 && c) /* the EXIT of the ENTRY that ended the last chunk */
			wr_rec(&w, t += 7, FT_KIND_EXIT, 0), depth--;
		for (uint32_t i = 0; i < n; i++) {
			uint64_t r = rnd(&seed), gap = r % 16 < 12 ? r % 31 : 32 + r % 40000;
			uint64_t addr = 0x400000 + ((r >> 8) % 24) * 0x40;

			if (depth > 8 && r % 211 == 0) {
				unsigned k = 1 + (unsigned)(r >> 20) % (depth - 3);

				wr_abandon(&w, t += gap, k);
				depth -= k;
			} else if (depth < 3 || (depth < 60 && r % 7 < 4)) {
				wr_rec(&w, t += gap, FT_KIND_ENTRY, addr);
				depth++;
			} else {
				wr_rec(&w, t += gap, FT_KIND_EXIT, 0);
				depth--;
			}
		}
		if (c % 2 == 1 && c + 1 < chunks)
			wr_rec(&w, t += 3, FT_KIND_ENTRY, 0x400000), depth++;
		h->used = (uint32_t)(w.p - (chunk + sizeof(*h)));
		fwrite(chunk, 1, sizeof(chunk), f);
	}
	fclose(f);
}

static void lost_80(const struct fold *one)
{
	assert_true(one->st.lost == 80);
}

/* One stream in ranges: every job count gives the one-thread tree, and joins that many ranges;
 * a damaged stream is read again in one go, to the same tree. */
static void one_stream_in_ranges_folds_alike(void **state)
{
	static const uint32_t joined[] = {0, 0, 2, 3, 4, 5, 6}, none[7];
	char dir[] = "/tmp/test_parfold.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (uint64_t seed = 1; seed <= 4; seed++) {
		bool damaged = seed == 4;

		write_one_stream(dir, seed, 9, damaged);
		folds_alike(dir, 6, damaged ? none : joined, lost_80);
	}
	assert_int_equal(testdir_remove(dir), 0);
}

/* One big stream (tid 300, ten chunks) between two small ones (100: two chunks, a process taking
 * the thread over in the second; 400: one chunk). */
static void write_big_and_small(const char *dir, uint64_t seed, bool damaged)
{
	write_one_stream(dir, seed, 10, damaged);
	write_stream(dir, 100, seed + 11, 1000, 2);
	write_stream(dir, 400, seed + 12, 90000, 1);
}

/* With ranges wanted, the big stream is a part of its own, worth its shares of the bytes; the
 * small ones around it are parts too. */
static void split_gives_the_big_stream_a_part(void **state)
{
	char dir[] = "/tmp/test_parfold.XXXXXX";
	struct trace_reader *r, *parts[TR_PARTS_MAX(4)];
	unsigned ranges[TR_PARTS_MAX(4)];

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_big_and_small(dir, 5, false);
	r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE);
	assert_int_equal(trace_reader_split(r, 4, 0, parts, ranges), 3);
	assert_int_equal(ranges[0], 1);
	assert_int_equal(ranges[1], 3); /* 10 of 13 chunks, 4 shares: 3.08 */
	assert_int_equal(ranges[2], 1);
	assert_int_equal(trace_reader_join(r, parts, 3, 3), 0);
	trace_reader_close(r);
	r = trace_reader_open(dir, TR_FOLD_LEAF | TR_NO_MERGE); /* not wanted: balanced runs */
	assert_int_equal(trace_reader_split(r, 2, 0, parts, NULL), 2);
	assert_int_equal(trace_reader_join(r, parts, 2, 2), 0);
	trace_reader_close(r);
	assert_int_equal(testdir_remove(dir), 0);
}

static void three_threads(const struct fold *one)
{
	assert_int_equal(ca_tree_nthreads(one->t), 3);
	assert_int_equal(one->st.chunks, 13);
}

/* A big stream among small ones: its ranges and the small streams fold on threads, and every job
 * count gives the one-thread tree; damaged, the big stream is read again in one go in its place. */
static void big_stream_among_small_folds_alike(void **state)
{
	/* the big stream's ranges for 2 to 6 jobs: its 10 of 13 chunks' shares, rounded */
	static const uint32_t joined[] = {0, 0, 2, 2, 3, 4, 5}, none[7];
	char dir[] = "/tmp/test_parfold.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (uint64_t seed = 1; seed <= 3; seed++) {
		bool damaged = seed == 3;

		write_big_and_small(dir, seed, damaged);
		folds_alike(dir, 6, damaged ? none : joined, three_threads);
	}
	assert_int_equal(testdir_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_job_count_folds_alike),
		cmocka_unit_test(split_declines_small_and_single_traces),
		cmocka_unit_test(one_stream_in_ranges_folds_alike),
		cmocka_unit_test(split_gives_the_big_stream_a_part),
		cmocka_unit_test(big_stream_among_small_folds_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
