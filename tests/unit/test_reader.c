/* SPDX-License-Identifier: MIT */
/* Unit tests for the trace reader: synthetic data directories, written by a small encoder here. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"
#include "trace_format.h"
#include "trace_reader.h"

#include "testdir.h"

#define CHUNK FT_CHUNK_SIZE_MIN

/* ---- a test-only writer: the format as trace_format.h states it, nothing shared with libmcount
 * ---- */

struct enc {
	char path[512];
	FILE *f;
	uint8_t buf[CHUNK];
	uint8_t *p;
	uint64_t last_time, last_addr;
	uint32_t pid, tid, seq, flags, depth;
	uint64_t session, lost;
	long slot;   /* file slot of the current chunk */
	size_t hoff; /* where in buf its header is: not 0 for a chunk that follows another */
};

static char dir[] = "/tmp/ftrace-test-reader-XXXXXX";

static void write_file(const char *name, const char *text)
{
	testdir_write(dir, name, text);
}

static void write_info(const char *extra)
{
	testdir_info(dir, CHUNK, extra);
}

static struct ft_chunk_header *hdr(struct enc *e)
{
	return (struct ft_chunk_header *)(e->buf + e->hoff);
}

static void header_start(struct enc *e, uint64_t time)
{
	*hdr(e) = (struct ft_chunk_header){.magic = FT_CHUNK_MAGIC,
					   .version = FT_FORMAT_VERSION,
					   .header_size = sizeof(struct ft_chunk_header),
					   .endian = FT_ENDIAN_MARK,
					   .chunk_size = CHUNK,
					   .seq = e->seq++,
					   .pid = e->pid,
					   .tid = e->tid,
					   .base_time = time,
					   .lost = e->lost,
					   .depth = e->depth,
					   .flags = e->flags,
					   .session = e->session};
	e->p = (uint8_t *)(hdr(e) + 1);
	e->last_time = time;
	e->last_addr = 0;
}

static void chunk_start(struct enc *e, uint64_t time)
{
	memset(e->buf, 0, sizeof(e->buf));
	e->hoff = 0;
	header_start(e, time);
}

/* The current chunk's thread ended; thread tid takes its stream over, as libmcount's pool does:
 * its chunk follows in the same space. */
static void enc_follow(struct enc *e, uint32_t tid, uint64_t time)
{
	struct ft_chunk_header *h = hdr(e);

	h->used = (uint32_t)(e->p - (uint8_t *)(h + 1));
	h->flags |= FT_CHUNK_CLOSED | FT_CHUNK_FOLLOWED;
	e->hoff = FT_FOLLOWER_OFFSET(e->hoff, sizeof(*h), h->used);
	e->tid = tid;
	e->seq = 0;
	e->depth = 0;
	header_start(e, time);
}

/* Writes the current chunk into its slot; the last one of a file is written short, as on disk. */
static void chunk_flush(struct enc *e, bool full)
{
	hdr(e)->used = (uint32_t)(e->p - (uint8_t *)(hdr(e) + 1));
	fseek(e->f, e->slot * CHUNK, SEEK_SET);
	fwrite(e->buf, 1, full ? CHUNK : (size_t)(e->p - e->buf), e->f);
	e->slot++;
}

static void enc_open(struct enc *e, uint32_t pid, uint32_t tid, uint64_t time)
{
	*e = (struct enc){.pid = pid, .tid = tid, .session = 1};
	snprintf(e->path, sizeof(e->path), "%s/%u.dat", dir, tid);
	e->f = fopen(e->path, "w");
	assert_non_null(e->f);
	chunk_start(e, time);
}

static void put_header(struct enc *e, uint64_t time, unsigned kind)
{
	e->p = ft_put_varint(e->p, ((time - e->last_time) << 2) | kind);
	e->last_time = time;
}

static void enc_entry(struct enc *e, uint64_t time, uint64_t addr)
{
	put_header(e, time, FT_KIND_ENTRY);
	e->p = ft_put_varint(e->p, ft_zigzag((int64_t)(addr - e->last_addr)));
	e->last_addr = addr;
	e->depth++;
}

static void enc_exit(struct enc *e, uint64_t time)
{
	put_header(e, time, FT_KIND_EXIT);
	e->depth--;
}

static void enc_event(struct enc *e, uint64_t time, unsigned type, const uint64_t *vals, unsigned n)
{
	uint8_t payload[128], *q = payload;

	for (unsigned i = 0; i < n; i++)
		q = ft_put_varint(q, vals[i]);
	put_header(e, time, FT_KIND_EVENT);
	e->p = ft_put_varint(e->p, type);
	e->p = ft_put_varint(e->p, (uint64_t)(q - payload));
	memcpy(e->p, payload, (size_t)(q - payload));
	e->p += q - payload;
}

static void enc_next_chunk(struct enc *e)
{
	uint64_t t = e->last_time;

	chunk_flush(e, true);
	chunk_start(e, t);
}

static void enc_close(struct enc *e)
{
	chunk_flush(e, false);
	fclose(e->f);
}

/* ---- reading back ---- */

#define MAXREC 64

static bool want_sched; /* trace_reader_set_sched() in every read below */

struct got {
	struct tr_rec rec[MAXREC];
	int n, rc;
	struct tr_stats st;
};

static void read_one_by_one(struct got *g, unsigned flags, uint32_t depth)
{
	struct trace_reader *r = trace_reader_open(dir, flags);

	assert_non_null(r);
	trace_reader_set_sched(r, want_sched);
	trace_reader_set_depth(r, depth);
	memset(g, 0, sizeof(*g));
	while (g->n < MAXREC && (g->rc = trace_reader_next(r, &g->rec[g->n])) > 0)
		g->n++;
	trace_reader_stats(r, &g->st);
	trace_reader_close(r);
}

/* trace_reader_read() in batches of `batch`, with the same result codes as trace_reader_next() */
static void read_batched(struct got *g, unsigned flags, uint32_t depth, unsigned batch)
{
	struct trace_reader *r = trace_reader_open(dir, flags);
	int rc;

	assert_non_null(r);
	trace_reader_set_sched(r, want_sched);
	trace_reader_set_depth(r, depth);
	memset(g, 0, sizeof(*g));
	while (g->n < MAXREC &&
	       (rc = trace_reader_read(
			r, &g->rec[g->n],
			batch < MAXREC - (unsigned)g->n ? batch : MAXREC - (unsigned)g->n)) > 0) {
		for (int i = g->n; i < g->n + rc - 1;
		     i++) /* only the last one may point anywhere */
			assert_true(!g->rec[i].payload && !g->rec[i].args && !g->rec[i].retval);
		g->n += rc;
	}
	g->rc = g->n < MAXREC ? rc : 1;
	trace_reader_stats(r, &g->st);
	trace_reader_close(r);
}

static void same_records(const struct got *a, const struct got *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->rc, b->rc);
	for (int i = 0; i < a->n; i++) {
		const struct tr_rec *x = &a->rec[i], *y = &b->rec[i];

		assert_int_equal(x->type, y->type);
		assert_int_equal(x->time, y->time);
		assert_int_equal(x->addr, y->addr);
		assert_int_equal(x->depth, y->depth);
		assert_int_equal(x->tid, y->tid);
		assert_int_equal(x->abandon, y->abandon);
		assert_int_equal(x->inherited, y->inherited);
		if (x->type != TR_ENTRY)
			assert_int_equal(x->duration, y->duration);
		if (x->type == TR_EVENT)
			assert_int_equal(x->event, y->event);
	}
	assert_memory_equal(&a->st, &b->st, sizeof(a->st));
}

/* Appends rec, folding an EXIT into the ENTRY just before it as the reader's TR_FOLD_LEAF does. */
static void got_add(struct got *g, unsigned flags, const struct tr_rec *rec)
{
	struct tr_rec *prev = g->n ? &g->rec[g->n - 1] : NULL;

	if ((flags & TR_FOLD_LEAF) && rec->type == TR_EXIT && !rec->abandon && prev &&
	    prev->type == TR_ENTRY && prev->depth == rec->depth && prev->tid == rec->tid) {
		prev->type = TR_LEAF;
		prev->duration = rec->duration;
		return;
	}
	g->rec[g->n++] = *rec;
}

/* read_stepped() hands a TR_STEP_LEAF on as one TR_LEAF and folds nothing itself, as --chrome does */
static bool steps_as_they_come;

/* The plain records through a cursor (tr_cursor_step(), as the folds read), the others through
 * trace_reader_next(); returns how many came through the cursor. */
static unsigned read_stepped(struct got *g, unsigned flags, uint32_t depth)
{
	struct trace_reader *r = trace_reader_open(dir, flags);
	struct tr_cursor c;
	struct tr_frame *f;
	struct tr_rec rec;
	enum tr_step k;
	unsigned stepped = 0;
	uint64_t ns;

	assert_non_null(r);
	trace_reader_set_sched(r, want_sched);
	trace_reader_set_depth(r, depth);
	memset(g, 0, sizeof(*g));
	g->rc = 1;
	while (g->n < MAXREC && g->rc > 0) {
		if (trace_reader_cursor(r, &c)) {
			while (g->n + 1 < MAXREC && (k = tr_cursor_step(&c, &ns, &f))) {
				if (k == TR_STEP_LEAF && steps_as_they_come) {
					g->rec[g->n++] = (struct tr_rec){
						.type = TR_LEAF,
						.time = f->ns > c.origin ? f->ns - c.origin : 0,
						.addr = f->addr,
						.depth = c.depth,
						.tid = c.tid,
						.duration = ns > f->ns ? ns - f->ns : 0};
					stepped++;
					continue;
				}
				if (k == TR_STEP_LEAF) /* the ENTRY, then the EXIT below */
					got_add(g, flags,
						&(struct tr_rec){.type = TR_ENTRY,
								 .time = f->ns > c.origin
										 ? f->ns - c.origin
										 : 0,
								 .addr = f->addr,
								 .depth = c.depth,
								 .tid = c.tid});
				rec = (struct tr_rec){
					.type = k == TR_STEP_ENTRY ? TR_ENTRY : TR_EXIT,
					.time = ns > c.origin ? ns - c.origin : 0,
					.addr = f->addr,
					.depth = k == TR_STEP_ENTRY ? c.depth - 1 : c.depth,
					.tid = c.tid,
					.inherited = k == TR_STEP_EXIT && f->inherited,
					.duration = ns > f->ns ? ns - f->ns : 0};
				if (steps_as_they_come)
					g->rec[g->n++] = rec;
				else
					got_add(g, flags, &rec);
				stepped++;
			}
			trace_reader_cursor_done(r, &c);
			if (g->n + 1 >= MAXREC)
				break;
		}
		if ((g->rc = trace_reader_next(r, &rec)) > 0 && steps_as_they_come)
			g->rec[g->n++] = rec;
		else if (g->rc > 0)
			got_add(g, flags, &rec);
	}
	trace_reader_stats(r, &g->st);
	trace_reader_close(r);
	return stepped;
}

/* Every case reads its trace one record at a time, then checks that trace_reader_read() and the
 * cursor agree. */
static void read_all(struct got *g, unsigned flags, uint32_t depth)
{
	static struct got b;

	read_one_by_one(g, flags, depth);
	for (unsigned batch = 1; batch <= MAXREC; batch *= 4) {
		read_batched(&b, flags, depth, batch);
		same_records(g, &b);
	}
	if (g->n < MAXREC) { /* a cut read would stop each way at another place */
		read_stepped(&b, flags | TR_NO_MERGE, depth);
		read_one_by_one(g, flags | TR_NO_MERGE, depth);
		same_records(g, &b);
		read_stepped(&b, flags, depth);
		read_one_by_one(g, flags, depth);
		same_records(g, &b);
	}
}

static void check(const struct tr_rec *rec, unsigned type, uint64_t addr, uint32_t depth)
{
	assert_int_equal(rec->type, type);
	if (type != TR_EVENT)
		assert_int_equal(rec->addr, addr);
	assert_int_equal(rec->depth, depth);
}

static int setup(void **state)
{
	(void)state;
	want_sched = false;
	strcpy(dir, "/tmp/ftrace-test-reader-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	write_info(NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return testdir_remove(dir);
}

/* ---- cases ---- */

static void nesting_and_durations(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 1000);
	enc_entry(&e, 1000, 0x100);
	enc_entry(&e, 1100, 0x200);
	enc_exit(&e, 1300);
	enc_exit(&e, 2000);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	check(&g.rec[1], TR_ENTRY, 0x200, 1);
	check(&g.rec[2], TR_EXIT, 0x200, 1);
	check(&g.rec[3], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[0].time, 0);
	assert_int_equal(g.rec[1].time, 100);
	assert_int_equal(g.rec[2].duration, 200);
	assert_int_equal(g.rec[3].duration, 1000);
	assert_int_equal(g.rec[3].time, 1000);
	assert_int_equal(g.rec[3].abandon, 0);
	assert_int_equal(g.st.records, 4);
	assert_int_equal(g.st.threads, 1);
	assert_int_equal(g.st.corrupt_chunks, 0);
}

static void merge_two_threads_in_time_order(void **state)
{
	struct enc a, b;
	struct got g;

	(void)state;
	enc_open(&a, 10, 10, 1000);
	enc_open(&b, 10, 11, 1000);
	enc_entry(&a, 1000, 0x100);
	enc_entry(&b, 1050, 0x300);
	enc_exit(&a, 1200);
	enc_exit(&b, 1300);
	enc_close(&a);
	enc_close(&b);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.rec[0].tid, 10);
	assert_int_equal(g.rec[1].tid, 11);
	assert_int_equal(g.rec[2].tid, 10);
	assert_int_equal(g.rec[3].tid, 11);
	assert_int_equal(g.rec[1].time, 50);
	assert_int_equal(g.rec[3].duration, 250);
	assert_int_equal(g.st.threads, 2);
}

static void unmerged_reads_thread_after_thread(void **state)
{
	struct enc a, b;
	struct got g;

	(void)state;
	enc_open(&a, 10, 10, 1000);
	enc_open(&b, 10, 11, 1000);
	enc_entry(&a, 1000, 0x100);
	enc_entry(&b, 1050, 0x300);
	enc_exit(&a, 1200);
	enc_exit(&b, 1300);
	enc_close(&a);
	enc_close(&b);
	read_all(&g, TR_NO_MERGE, 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.rec[0].tid, 10);
	assert_int_equal(g.rec[1].tid, 10);
	assert_int_equal(g.rec[2].tid, 11);
	assert_int_equal(g.rec[3].tid, 11);
}

static void leaf_folding(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 15);
	enc_exit(&e, 30);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 3);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	check(&g.rec[1], TR_LEAF, 0x200, 1);
	assert_int_equal(g.rec[1].duration, 5);
	assert_int_equal(g.rec[1].time, 10);
	check(&g.rec[2], TR_EXIT, 0x100, 0);
}

static void depth_filter_makes_leaves(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 15);
	enc_exit(&e, 30);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 1);
	assert_int_equal(g.n, 1);
	check(&g.rec[0], TR_LEAF, 0x100, 0);
	assert_int_equal(g.rec[0].duration, 30);
}

static void tid_filter(void **state)
{
	struct enc a, b;
	struct trace_reader *r;
	struct tr_rec rec;
	uint32_t keep = 11;
	int n = 0;

	(void)state;
	enc_open(&a, 10, 10, 0);
	enc_open(&b, 10, 11, 0);
	enc_entry(&a, 0, 0x100);
	enc_exit(&a, 5);
	enc_entry(&b, 1, 0x300);
	enc_exit(&b, 6);
	enc_close(&a);
	enc_close(&b);
	r = trace_reader_open(dir, TR_FOLD_LEAF);
	assert_non_null(r);
	trace_reader_set_tids(r, &keep, 1);
	while (trace_reader_next(r, &rec) > 0) {
		assert_int_equal(rec.tid, 11);
		n++;
	}
	trace_reader_close(r);
	assert_int_equal(n, 1);
}

static void abandon_closes_frames_with_reason(void **state)
{
	struct enc e;
	struct got g;
	uint64_t ab[2] = {2, FT_AB_LONGJMP};

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_entry(&e, 20, 0x300);
	enc_event(&e, 50, FT_EV_ABANDON, ab, 2);
	e.depth -= 2;
	enc_exit(&e, 60);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 6);
	check(&g.rec[3], TR_EXIT, 0x300, 2);
	assert_int_equal(g.rec[3].abandon, FT_AB_LONGJMP);
	assert_int_equal(g.rec[3].duration, 30);
	check(&g.rec[4], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[4].abandon, FT_AB_LONGJMP);
	check(&g.rec[5], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[5].abandon, 0);
	assert_int_equal(g.rec[5].duration, 60);
}

static void context_prepopulates_inherited_frames(void **state)
{
	struct enc e;
	struct got g;
	uint64_t ctx[5] = {2, 100, 0x100, 200, 0x200};

	(void)state;
	enc_open(&e, 20, 20, 500);
	hdr(&e)->depth = 2;
	e.depth = 2;
	enc_event(&e, 500, FT_EV_CONTEXT, ctx, 5);
	enc_entry(&e, 600, 0x300);
	enc_exit(&e, 700);
	enc_exit(&e, 800);
	enc_exit(&e, 900);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 5);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	assert_true(g.rec[0].inherited);
	check(&g.rec[1], TR_ENTRY, 0x200, 1);
	check(&g.rec[2], TR_LEAF, 0x300, 2);
	check(&g.rec[3], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[3].duration, 600);
	assert_true(g.rec[3].inherited);
	check(&g.rec[4], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[4].duration, 800);
}

static void end_of_trace_closes_open_frames(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[2], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[2].abandon, TR_AB_END);
	check(&g.rec[3], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[3].abandon, TR_AB_END);
	assert_int_equal(g.rec[3].duration, 10);
}

static void exec_closes_frames_of_the_old_image(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_next_chunk(&e);
	hdr(&e)->session = 2;
	hdr(&e)->depth = 0;
	e.depth = 0;
	enc_entry(&e, 50, 0x900);
	enc_exit(&e, 60);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[1], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[1].abandon, TR_AB_EXEC);
	check(&g.rec[2], TR_ENTRY, 0x900, 0);
	assert_int_equal(g.rec[2].session, 2);
}

static void chunks_continue_the_stack(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_next_chunk(&e);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 20);
	enc_exit(&e, 40);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[3], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[3].duration, 40);
	assert_int_equal(g.st.chunks, 2);
}

/* The reader's own stack is exact across contiguous chunks, whatever the header's depth says. */
static void contiguous_chunk_keeps_the_stack(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_next_chunk(&e);
	assert_int_equal(hdr(&e)->depth, 2); /* the writer's depth: the exits below close both */
	enc_exit(&e, 20);
	enc_exit(&e, 40);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[2], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[2].abandon, 0);
	check(&g.rec[3], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[3].abandon, 0);
	assert_int_equal(g.st.corrupt_chunks, 0);
}

/*
 * Records that decode but end at another depth than the next chunk's header says were damaged
 * (bytes changed in a way that still decodes): reported, marked, and the header's depth taken.
 */
static void contiguous_chunk_at_another_depth_is_damage(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_next_chunk(&e);
	hdr(&e)->depth = 1; /* the writer had closed 0x200: its EXIT was lost in the damage */
	enc_exit(&e, 20);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.rec[2].event, TR_EV_CORRUPT);
	check(&g.rec[3], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[3].abandon, TR_AB_CORRUPT);
	check(&g.rec[4], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[4].abandon, 0);
	assert_int_equal(g.rec[4].duration, 20);
	assert_int_equal(g.st.corrupt_chunks, 1);
}

/* After a skipped chunk, the next header's depth says which frames are still open. */
static void resync_after_corrupt_chunk(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_next_chunk(&e);
	enc_exit(&e, 20);
	hdr(&e)->magic = 0; /* the chunk holding the exit of 0x200 is lost */
	hdr(&e)->seq = 0x77;
	enc_next_chunk(&e);
	enc_exit(&e, 40);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.rec[2].event, TR_EV_CORRUPT);
	check(&g.rec[3], TR_EXIT, 0x200, 1);
	assert_int_equal(g.rec[3].abandon, TR_AB_CORRUPT);
	check(&g.rec[4], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[4].abandon, 0);
	assert_int_equal(g.rec[4].duration, 40);
}

/* A flight ring: file slot 0 holds seq 2 (overwritten last), slot 1 seq 1; seq 0 is gone. */
static void ring_chunks_in_seq_order(void **state)
{
	struct enc e;
	struct got g;
	uint64_t ctx[3] = {1, 5, 0x100};

	(void)state;
	enc_open(&e, 10, 10, 100);
	e.flags = FT_CHUNK_RING;
	e.seq = 1;
	e.depth = 1;
	chunk_start(&e, 100);
	e.slot = 1;
	enc_event(&e, 100, FT_EV_CONTEXT, ctx, 3);
	enc_entry(&e, 110, 0x200);
	enc_exit(&e, 120);
	chunk_flush(&e, true);
	chunk_start(&e, 120);
	e.slot = 0;
	enc_event(&e, 120, FT_EV_CONTEXT, ctx, 3);
	enc_entry(&e, 130, 0x300);
	enc_exit(&e, 140);
	enc_exit(&e, 150);
	chunk_flush(&e, true);
	fclose(e.f);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 5);
	/* the oldest chunk left is seq 1: one chunk was overwritten before it, and replay says so
	 */
	assert_int_equal(g.rec[0].type, TR_EVENT);
	assert_int_equal(g.rec[0].event, TR_EV_OVERWRITTEN);
	check(&g.rec[1], TR_ENTRY, 0x100, 0);
	assert_false(g.rec[1].inherited);
	check(&g.rec[2], TR_LEAF, 0x200, 1);
	check(&g.rec[3], TR_LEAF, 0x300, 1);
	check(&g.rec[4], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[4].duration, 145);
	assert_int_equal(g.st.corrupt_chunks, 0);
}

/* Thread 11 took over the stream of thread 10, which ended; its call spans into the next chunk. */
static void write_followed_stream(void)
{
	struct enc e;
	char from[600], to[600];

	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 10, 0x100);
	enc_exit(&e, 20);
	enc_follow(&e, 11, 30);
	enc_entry(&e, 40, 0x200);
	enc_entry(&e, 50, 0x300);
	enc_next_chunk(&e);
	enc_exit(&e, 60);
	enc_exit(&e, 70);
	enc_close(&e);
	snprintf(from, sizeof(from), "%s/10.dat", dir);
	snprintf(to, sizeof(to), "%s/10-10.dat", dir);
	assert_int_equal(rename(from, to), 0);
}

static void followed_chunk_is_the_next_thread(void **state)
{
	struct got g;

	(void)state;
	write_followed_stream();
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[0], TR_LEAF, 0x100, 0);
	assert_int_equal(g.rec[0].tid, 10);
	check(&g.rec[1], TR_ENTRY, 0x200, 0);
	assert_int_equal(g.rec[1].tid, 11);
	check(&g.rec[2], TR_LEAF, 0x300, 1);
	check(&g.rec[3], TR_EXIT, 0x200, 0);
	assert_int_equal(g.rec[3].tid, 11);
	assert_int_equal(g.rec[3].duration, 30);
	assert_int_equal(g.rec[3].abandon, 0);
	assert_int_equal(g.st.threads, 2);
	assert_int_equal(g.st.corrupt_chunks, 0);
}

/* --tid finds a thread in a stream named for another, and leaves the other out */
static void tid_filter_reads_chunk_by_chunk(void **state)
{
	static const uint32_t want[][1] = {{11}, {10}};
	struct tr_rec rec[8];
	int n;

	(void)state;
	write_followed_stream();
	for (unsigned k = 0; k < 2; k++) {
		struct trace_reader *r = trace_reader_open(dir, TR_FOLD_LEAF);

		assert_non_null(r);
		trace_reader_set_tids(r, want[k], 1);
		for (n = 0; n < 8 && trace_reader_next(r, &rec[n]) > 0; n++)
			assert_int_equal(rec[n].tid, want[k][0]);
		trace_reader_close(r);
		assert_int_equal(n, k == 0 ? 3 : 1);
	}
}

/* A chunk that starts deeper than info's max-stack (libmcount never records deeper) is damage: it
 * is skipped, not read as that many unknown frames. */
static void header_deeper_than_max_stack_is_corrupt(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	write_info("max-stack: 4\n");
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 10, 0x100);
	enc_exit(&e, 20);
	enc_next_chunk(&e);
	hdr(&e)->depth = 5;
	enc_entry(&e, 30, 0x200);
	enc_exit(&e, 40);
	enc_close(&e);
	read_one_by_one(&g, 0, 0);
	assert_int_equal(g.st.corrupt_chunks, 1);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	check(&g.rec[1], TR_EXIT, 0x100, 0);
	assert_int_equal(g.rec[2].type, TR_EVENT); /* where the data is missing */
	assert_int_equal(g.n, 3);
}

static void truncated_file_is_marked(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 20);
	enc_close(&e);
	assert_int_equal(truncate(e.path, sizeof(struct ft_chunk_header) + 6),
			 0); /* the exit is cut off */
	read_all(&g, 0, 0);
	assert_int_equal(g.rc, 0);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	check(&g.rec[1], TR_ENTRY, 0x200, 1);
	check(&g.rec[2], TR_EVENT, 0, 2);
	assert_int_equal(g.rec[2].event, TR_EV_CORRUPT);
	assert_int_equal(g.rec[3].abandon, TR_AB_END);
	assert_int_equal(g.st.corrupt_chunks, 1);
}

/* A file cut short after its chunk was loaded: the chunk's records were read whole, so they all come
 * out (a map of the chunk would have read zeros, or faulted, past the new end). */
static void file_shrinking_under_a_loaded_chunk(void **state)
{
	struct trace_reader *r;
	struct tr_rec rec[8];
	struct enc e;
	int n = 0, rc;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 20);
	enc_exit(&e, 30);
	enc_close(&e);
	r = trace_reader_open(dir, 0);
	assert_non_null(r);
	assert_int_equal(trace_reader_next(r, &rec[n++]), 1);
	assert_int_equal(truncate(e.path, sizeof(struct ft_chunk_header) + 2), 0);
	while (n < 8 && (rc = trace_reader_next(r, &rec[n])) > 0)
		n++;
	assert_int_equal(rc, 0);
	trace_reader_close(r);
	assert_int_equal(n, 4);
	check(&rec[0], TR_ENTRY, 0x100, 0);
	check(&rec[1], TR_ENTRY, 0x200, 1);
	check(&rec[2], TR_EXIT, 0x200, 1);
	check(&rec[3], TR_EXIT, 0x100, 0);
	assert_int_equal(rec[3].abandon, 0);
	assert_int_equal(rec[3].duration, 30);
}

static void bad_magic_chunk_is_skipped(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_exit(&e, 5);
	hdr(&e)->magic = 0xdeadbeef;
	enc_next_chunk(&e);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 20);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 2);
	check(&g.rec[0], TR_EVENT, 0, 0);
	assert_int_equal(g.rec[0].event, TR_EV_CORRUPT);
	check(&g.rec[1], TR_LEAF, 0x200, 0);
	assert_int_equal(g.st.corrupt_chunks, 1);
}

static void varint_off_the_end_is_corrupt(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	*e.p++ = 0x85; /* a header varint whose continuation never comes */
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 3);
	check(&g.rec[0], TR_ENTRY, 0x100, 0);
	assert_int_equal(g.rec[1].event, TR_EV_CORRUPT);
	assert_int_equal(g.rec[2].abandon, TR_AB_END);
	assert_int_equal(g.st.corrupt_chunks, 1);
}

static void exit_without_frame_is_corrupt(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_exit(&e, 5);
	enc_entry(&e, 10, 0x100);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].event, TR_EV_CORRUPT);
	assert_int_equal(g.st.corrupt_chunks, 1);
}

/* found by tests/fuzz/fuzz_reader: the batch decoder stepped from the NULL of a stream with no
 * chunk */
static void empty_stream_reads_as_empty(void **state)
{
	struct got g;

	(void)state;
	write_file("5.dat", "");
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.st.corrupt_chunks, 0);
	read_all(&g, TR_NO_MERGE, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 0);
}

/* found by tests/fuzz/fuzz_reader_dir: qsort() got the NULL stream list of a directory with no
 * stream */
static void directory_without_streams_is_empty(void **state)
{
	struct got g;

	(void)state;
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.st.threads, 0);
}

/* found by tests/fuzz/fuzz_reader: a stream whose clock reached the last tick (2^64 - 1, the
 * reader's "no switch pending") took the end of the stream for a due switch of an empty switch
 * list and read one through NULL */
static void last_tick_is_not_a_switch(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, UINT64_MAX);
	enc_entry(&e, UINT64_MAX, 0x100);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.rc, 0);
	assert_true(g.n >= 1);
	assert_int_equal(g.rec[0].type, TR_ENTRY);
	for (int i = 0; i < g.n; i++)
		assert_false(g.rec[i].type == TR_EVENT && (g.rec[i].event == TR_EV_SCHED_IN ||
							   g.rec[i].event == TR_EV_SCHED_OUT));
}

static void other_chunk_version_is_fatal(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	hdr(&e)->version = 99;
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.n, 0);
}

static void missing_info_is_not_a_trace(void **state)
{
	char path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s/info", dir);
	unlink(path);
	assert_null(trace_reader_open(dir, 0));
}

static void other_info_version_is_refused(void **state)
{
	(void)state;
	write_file("info", "ftrace-data 7\n");
	assert_null(trace_reader_open(dir, 0));
	write_file("info", "uftrace\n");
	assert_null(trace_reader_open(dir, 0));
}

static void missing_directory_is_refused(void **state)
{
	(void)state;
	assert_null(trace_reader_open("/nonexistent/ftrace.data", 0));
}

static void tsc_ticks_become_ns(void **state)
{
	struct enc e;
	struct got g;
	struct trace_reader *r;

	(void)state;
	write_file("info",
		   "ftrace-data 1\nclock: tsc\nclock-sync: 1000 0 3000 1000\nchunk-size: 65536\n");
	enc_open(&e, 10, 10, 2000);
	enc_entry(&e, 2000, 0x100);
	enc_exit(&e, 2400);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].duration, 200);
	r = trace_reader_open(dir, 0);
	assert_string_equal(trace_reader_info(r, "clock"), "tsc");
	assert_null(trace_reader_info(r, "nope"));
	trace_reader_close(r);
}

static void lost_records_are_counted_and_shown(void **state)
{
	struct enc e;
	struct got g;
	uint64_t n = 7;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_event(&e, 0, FT_EV_LOST, &n, 1);
	enc_close(&e);
	read_all(&g, 0, 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].event, FT_EV_LOST);
	assert_int_equal(g.st.lost, 7);
}

/* Frames deeper than the reader's first stack allocation, on the fast path and in leaves. */
static void deep_nesting_grows_the_stack(void **state)
{
	static struct got g;
	struct trace_reader *r;
	struct tr_rec rec;
	struct enc e;
	uint32_t n = 0, leaves = 0, maxd = 0;
	int rc;

	(void)state;
	enc_open(&e, 10, 10, 0);
	for (unsigned i = 0; i < 300; i++)
		enc_entry(&e, i * 10, 0x1000 + i);
	for (unsigned i = 300; i-- > 0;)
		enc_exit(&e, 10000 - i);
	enc_close(&e);
	r = trace_reader_open(dir, TR_FOLD_LEAF);
	assert_non_null(r);
	while ((rc = trace_reader_next(r, &rec)) > 0) {
		n++;
		leaves += rec.type == TR_LEAF;
		maxd = rec.depth > maxd ? rec.depth : maxd;
		if (rec.type == TR_EXIT && rec.depth == 0)
			assert_int_equal(rec.duration, 10000);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 599);
	assert_int_equal(leaves, 1);
	assert_int_equal(maxd, 299);
	trace_reader_close(r);
	read_all(&g, TR_FOLD_LEAF, 0); /* the first 64, both ways */
}

/* An ENTRY at the end of a chunk and its EXIT at the start of the next one are still a leaf. */
static void leaf_folds_across_chunks(void **state)
{
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_next_chunk(&e);
	enc_exit(&e, 25);
	enc_exit(&e, 40);
	enc_close(&e);
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 3);
	check(&g.rec[1], TR_LEAF, 0x200, 1);
	assert_int_equal(g.rec[1].duration, 15);
	check(&g.rec[2], TR_EXIT, 0x100, 0);
}

/* An event's payload points into the chunk: a batch ends with it, so it is valid after the call. */
static void batch_ends_at_an_event(void **state)
{
	struct trace_reader *r;
	struct tr_rec recs[16];
	struct enc e;
	uint64_t sig[3] = {11, 0x1234, 0};

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 20);
	enc_event(&e, 30, FT_EV_SIGNAL, sig, 3);
	enc_entry(&e, 40, 0x300);
	enc_exit(&e, 50);
	enc_exit(&e, 60);
	enc_close(&e);
	r = trace_reader_open(dir, TR_FOLD_LEAF);
	assert_non_null(r);
	assert_int_equal(trace_reader_read(r, recs, 16), 3);
	check(&recs[1], TR_LEAF, 0x200, 1);
	assert_int_equal(recs[2].type, TR_EVENT);
	assert_int_equal(recs[2].event, FT_EV_SIGNAL);
	assert_int_equal(recs[2].payload_len, 4); /* 11, 0x1234, 0 as varints */
	assert_memory_equal(recs[2].payload, "\x0b\xb4\x24\x00", 4);
	assert_int_equal(trace_reader_read(r, recs, 16), 2);
	check(&recs[0], TR_LEAF, 0x300, 1);
	check(&recs[1], TR_EXIT, 0x100, 0);
	assert_int_equal(trace_reader_read(r, recs, 16), 0);
	trace_reader_close(r);
}

/* Streams longer than what the merge decodes ahead, one ending first: time order throughout. */
static void merge_of_long_streams_keeps_time_order(void **state)
{
	struct trace_reader *r;
	struct tr_rec recs[7];
	struct enc a, b;
	uint64_t last = 0;
	unsigned n = 0, from_a = 0;
	int rc;

	(void)state;
	enc_open(&a, 10, 10, 0);
	enc_open(&b, 10, 11, 0);
	for (uint64_t i = 0; i < 300; i++) {
		enc_entry(&a, i * 10, 0x100);
		enc_exit(&a, i * 10 + 2);
		enc_entry(&b, i * 20 + 5, 0x200);
		enc_exit(&b, i * 20 + 6);
	}
	enc_close(&a);
	enc_close(&b);
	r = trace_reader_open(dir, TR_FOLD_LEAF);
	assert_non_null(r);
	while ((rc = trace_reader_read(r, recs, 7)) > 0) {
		for (int i = 0; i < rc; i++) {
			assert_int_equal(recs[i].type, TR_LEAF);
			assert_true(recs[i].time >= last);
			assert_int_equal(recs[i].duration, recs[i].tid == 10 ? 2 : 1);
			assert_int_equal(recs[i].time % 10, recs[i].tid == 10 ? 0 : 5);
			last = recs[i].time;
			from_a += recs[i].tid == 10;
		}
		n += (unsigned)rc;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 600);
	assert_int_equal(from_a, 300);
	assert_int_equal(last, 299 * 20 + 5);
	trace_reader_close(r);
}

/* The records of a reader, n at a time with trace_reader_read() (0: one by one, trace_reader_next()) */
static unsigned read_n(struct tr_rec *out, unsigned cap, unsigned n)
{
	struct trace_reader *r = trace_reader_open(dir, TR_FOLD_LEAF);
	unsigned got = 0;
	int rc;

	assert_non_null(r);
	while (got < cap && (rc = n ? trace_reader_read(r, out + got, n < cap - got ? n : cap - got)
				    : trace_reader_next(r, out + got)) > 0) {
		for (int i = 0; i < rc - 1; i++) /* only a batch's last record points anywhere */
			assert_true(!out[got + i].payload && !out[got + i].retval);
		got += (unsigned)rc;
	}
	assert_int_equal(rc, 0);
	trace_reader_close(r);
	return got;
}

/* Three streams taking turns in long runs (longer than what a stream decodes ahead), then in
 * runs of one, with time ties between all three and an event inside a run. */
static void write_three_streams(void)
{
	uint64_t sig[3] = {11, 0x1234, 0};
	struct enc e[3];

	for (unsigned s = 0; s < 3; s++)
		enc_open(&e[s], 10, 10 + s, 0);
	for (uint64_t p = 0; p < 9; p++) /* stream p % 3 leads for 50 calls, nested in one */
		for (uint64_t i = 0; i < 50; i++) {
			uint64_t t = 1000 * p + 10 * i;

			enc_entry(&e[p % 3], t, 0x100 + 0x10 * (p % 3));
			if (i % 5 == 0)
				enc_entry(&e[p % 3], t + 1, 0x400);
			else
				enc_exit(&e[p % 3], t + 2);
			if (p == 4 && i == 20)
				enc_event(&e[1], t + 3, FT_EV_SIGNAL, sig, 3);
			if (i % 5 == 4)
				enc_exit(&e[p % 3], t + 3);
		}
	for (uint64_t i = 0; i < 40; i++) /* then all at once, in ties and in turns */
		for (unsigned s = 0; s < 3; s++) {
			uint64_t t = 10000 + 10 * i + (i % 2 ? s : 0);

			enc_entry(&e[s], t, 0x200 + 0x10 * s);
			enc_exit(&e[s], t + 5);
		}
	for (uint64_t i = 0; i < 20;
	     i++) { /* a later stream leads into a tie with an earlier one */
		uint64_t t = 20000 + 100 * i;

		enc_entry(&e[2], t, 0x500);
		enc_entry(&e[2], t + 1, 0x510);
		enc_entry(&e[2], t + 2, 0x520);
		enc_exit(&e[2], t + 3);
		enc_exit(&e[2], t + 4); /* after stream 0's call at the same time */
		enc_exit(&e[2], t + 5);
		enc_entry(&e[0], t + 4, 0x530);
		enc_exit(&e[0], t + 6);
		enc_entry(&e[1], t + 5, 0x540);
		enc_exit(&e[1], t + 7);
	}
	for (unsigned s = 0; s < 3; s++)
		enc_close(&e[s]);
}

static void same_order(const struct tr_rec *a, const struct tr_rec *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(a[i].type, b[i].type);
		assert_int_equal(a[i].time, b[i].time);
		assert_int_equal(a[i].tid, b[i].tid);
		assert_int_equal(a[i].addr, b[i].addr);
		assert_int_equal(a[i].depth, b[i].depth);
		if (a[i].type != TR_ENTRY)
			assert_int_equal(a[i].duration, b[i].duration);
	}
}

/* Every batch size reads what trace_reader_next() reads, in the same order (ties: the stream read
 * first). */
static void merge_runs_read_as_record_by_record(void **state)
{
	static struct tr_rec one[1200], batched[1200];
	static const unsigned sizes[] = {1, 2, 3, 7, 31, 64, 200, 1200};
	unsigned n, ties = 0;

	(void)state;
	write_three_streams();
	n = read_n(one, 1200, 0);
	assert_true(n > 600 && n < 1200);
	for (unsigned i = 1; i < n; i++) {
		assert_true(one[i].time >= one[i - 1].time);
		if (one[i].time == one[i - 1].time && one[i].type == TR_LEAF &&
		    one[i - 1].type == TR_LEAF) {
			assert_true(one[i].tid >
				    one[i - 1].tid); /* a tie: the lower stream first */
			ties++;
		}
	}
	assert_true(ties >= 40);
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_int_equal(read_n(batched, 1200, sizes[k]), n);
		same_order(batched, one, n);
	}
}

/* The step a cursor took, as the record trace_reader_next() hands out for it (TR_FOLD_LEAF) */
static struct tr_rec step_rec(const struct tr_cursor *c, enum tr_step k, uint64_t ns,
			      const struct tr_frame *f)
{
	uint64_t from = k == TR_STEP_EXIT ? ns : f->ns;

	return (struct tr_rec){.type = k == TR_STEP_ENTRY  ? TR_ENTRY
				       : k == TR_STEP_EXIT ? TR_EXIT
							   : TR_LEAF,
			       .time = from > c->origin ? from - c->origin : 0,
			       .addr = f->addr,
			       .depth = k == TR_STEP_ENTRY ? c->depth - 1 : c->depth,
			       .tid = c->tid,
			       .duration = k == TR_STEP_ENTRY ? 0 : ns - f->ns};
}

/* As dump --chrome and replay read: the cursor where the reader lends one, then n records with
 * trace_reader_read() (0: one, with trace_reader_next()). *stepped: how many were steps. */
static unsigned read_cursor_n(struct tr_rec *out, unsigned cap, unsigned n, unsigned *stepped)
{
	struct trace_reader *r = trace_reader_open(dir, TR_FOLD_LEAF);
	struct tr_cursor c;
	struct tr_frame *f;
	enum tr_step k;
	unsigned got = 0;
	uint64_t ns;
	int rc;

	assert_non_null(r);
	*stepped = 0;
	do {
		if (trace_reader_cursor(r, &c)) {
			while (got < cap && (k = tr_cursor_step(&c, &ns, &f))) {
				out[got++] = step_rec(&c, k, ns, f);
				++*stepped;
			}
			trace_reader_cursor_done(r, &c);
		}
		rc = n ? trace_reader_read(r, out + got, n < cap - got ? n : cap - got)
		       : trace_reader_next(r, out + got);
		got += rc > 0 ? (unsigned)rc : 0;
	} while (rc > 0 && got < cap);
	assert_int_equal(rc, 0);
	trace_reader_close(r);
	return got;
}

/* On merged threads the cursor steps the leading stream up to the next stream's head: with reads of
 * every size in between, it yields what trace_reader_next() does, in the same order, time ties
 * included, with ticks that are ns and with a clock of 7 ticks every 3 ns (ties between ticks). */
static void merge_cursor_reads_as_record_by_record(void **state)
{
	static struct tr_rec one[1200], stepped[1200];
	static const unsigned sizes[] = {0, 1, 2, 3, 7, 31, 64, 200, 1200};
	unsigned n, k;

	(void)state;
	write_three_streams();
	for (unsigned clock = 0; clock < 2; clock++) {
		if (clock)
			write_file(FT_INFO_FILE, "ftrace-data 1\nstate: complete\nclock: tsc\n"
						 "clock-sync: 0 0 7000 3000\nchunk-size: 65536\n");
		n = read_n(one, 1200, 0);
		assert_true(n > 600 && n < 1200);
		for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			assert_int_equal(read_cursor_n(stepped, 1200, sizes[s], &k), n);
			if (sizes[s] < 8) /* after short reads the long runs are stepped */
				assert_true(k > n / 2);
			same_order(stepped, one, n);
		}
	}
}

/* A damaged calibration that converts every tick to the same ns: the cursor on merged threads
 * leaves them to the merge, which reads them in stream order, instead of dividing by zero. */
static void merge_cursor_with_a_zero_clock_rate(void **state)
{
	static struct tr_rec one[1200], stepped[1200];
	unsigned n, k;

	(void)state;
	write_three_streams();
	write_file(FT_INFO_FILE, "ftrace-data 1\nstate: complete\nclock: tsc\n"
				 "clock-sync: 0 0 1099511627776 1\nchunk-size: 65536\n");
	n = read_n(one, 1200, 0);
	assert_true(n > 600);
	assert_int_equal(read_cursor_n(stepped, 1200, 1, &k), n);
	same_order(stepped, one, n);
}

/* Twelve streams of different lengths, so that they end one after the other: the merge keeps
 * more than eight in a heap and fewer in order (analysis/trace_reader.c HEAP_SORTED); every way
 * of reading gives (time, stream) in strictly increasing order, every record once. */
static void merge_of_many_streams_keeps_time_order(void **state)
{
	static struct tr_rec one[1200], other[1200];
	static const unsigned sizes[] = {0, 1, 3, 64, 1200};
	unsigned n, calls = 0, k;
	struct enc e[12];

	(void)state;
	for (unsigned s = 0; s < 12; s++) {
		enc_open(&e[s], 10, 10 + s, 0);
		for (uint64_t i = 0; i < 5 + 3 * s; i++, calls++) {
			uint64_t t = 10 * i + s % 4; /* ties between streams */

			enc_entry(&e[s], t, 0x100 + 0x10 * s);
			if (i % 4 == 3) { /* a call inside */
				enc_entry(&e[s], t + 1, 0x300);
				enc_exit(&e[s], t + 2);
				calls++;
			}
			enc_exit(&e[s], t + 3);
		}
		enc_close(&e[s]);
	}
	n = read_n(one, 1200, 0);
	assert_true(n < 1200);
	k = 0;
	for (unsigned i = 0; i < n; i++) {
		k += one[i].type == TR_LEAF || one[i].type == TR_EXIT;
		if (i)
			assert_true(
				one[i].time > one[i - 1].time ||
				(one[i].time == one[i - 1].time && one[i].tid > one[i - 1].tid));
	}
	assert_int_equal(k, calls);
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		assert_int_equal(read_n(other, 1200, sizes[s] ? sizes[s] : 1), n);
		same_order(other, one, n);
		assert_int_equal(read_cursor_n(other, 1200, sizes[s], &k), n);
		same_order(other, one, n);
	}
}

/* Headers and addresses of one, two, three and more bytes, arguments, a return value and an
 * abandon: the cursor steps the plain records and leaves the rest to the general path, and both
 * ways read the same records. */
static void cursor_agrees_with_the_general_path(void **state)
{
	static const uint64_t abandon[] = {1, FT_AB_LONGJMP}, args[] = {0x11, 7};
	static struct got g, s;
	uint64_t t = 0, addr = 0x400000;
	struct enc e;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, t, addr);
	for (unsigned i = 0; i < 12; i++) {
		t += (uint64_t)1 << (i * 3); /* deltas from 1 tick to 2^33: varints of 1-6 bytes */
		enc_entry(&e, t, addr + ((uint64_t)1 << (i * 4)));
		if (i == 5)
			enc_event(&e, t, FT_EV_ARGS, args, 2);
		t += 3;
		if (i == 7)
			enc_event(&e, t, FT_EV_RETVAL, args, 1);
		enc_exit(&e, t);
	}
	enc_entry(&e, t + 1, addr + 8);
	enc_event(&e, t + 2, FT_EV_ABANDON, abandon, 2);
	e.depth--;
	enc_entry(&e, t + 3, addr + 16);
	enc_exit(&e, t + 4);
	enc_exit(&e, t + 5);
	enc_close(&e);
	for (unsigned flags = 0; flags <= TR_FOLD_LEAF; flags += TR_FOLD_LEAF) {
		read_one_by_one(&g, flags | TR_NO_MERGE, 0);
		assert_true(read_stepped(&s, flags | TR_NO_MERGE, 0) >= 10);
		same_records(&g, &s);
	}
	assert_int_equal(g.rec[g.n - 1].type, TR_EXIT);
	assert_int_equal(g.rec[g.n - 1].depth, 0);
}

/* The cursor folds a leaf exactly when the reader does: a long one (an EXIT header of three
 * bytes) is a LEAF step; an ENTRY that ends its chunk, or that arguments follow, is left to the
 * general path, which folds across the chunk's end. */
static void cursor_folds_leaves_as_the_reader_does(void **state)
{
	static const uint64_t args[] = {0x11, 7};
	static struct got g, s;
	struct enc e;

	(void)state;
	enc_open(&e, 10, 10, 0);
	enc_entry(&e, 0, 0x100);
	enc_entry(&e, 10, 0x200);
	enc_exit(&e, 11);
	enc_entry(&e, 20, 0x300);
	enc_entry(&e, 30, 0x400);
	enc_exit(&e, 30 + (1u << 20)); /* a long leaf */
	enc_entry(&e, 2000003, 0x500); /* the chunk's last record */
	enc_next_chunk(&e);
	enc_exit(&e, 2000004);
	enc_entry(&e, 2000005, 0x600);
	enc_event(&e, 2000005, FT_EV_ARGS, args, 2);
	enc_exit(&e, 2000006);
	enc_exit(&e, 2000007);
	enc_exit(&e, 2000008);
	enc_close(&e);
	read_one_by_one(&g, TR_FOLD_LEAF | TR_NO_MERGE, 0);
	steps_as_they_come = true;
	assert_true(read_stepped(&s, TR_FOLD_LEAF | TR_NO_MERGE, 0) >= 4);
	steps_as_they_come = false;
	same_records(&g, &s);
	check(&g.rec[3], TR_LEAF, 0x400, 2);
	check(&g.rec[4], TR_LEAF, 0x500, 2);
}

static void write_sched(const struct ft_sched_rec *v, unsigned n, uint32_t flags)
{
	struct ft_sched_header h = {.magic = FT_SCHED_MAGIC,
				    .version = FT_FORMAT_VERSION,
				    .rec_size = sizeof(struct ft_sched_rec),
				    .flags = flags};
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_SCHED_FILE);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(&h, sizeof(h), 1, f);
	fwrite(v, sizeof(*v), n, f);
	fclose(f);
}

/* main() { a() { switched out 30 ns } b(); }: the switches come out inside a() at its children's
 * depth, the switch-in with the off-CPU time, a() is not a leaf; those before the first record and
 * after the last are not shown; all read paths (batches, cursor) agree. Unsorted, as a killed
 * recorder leaves the file, with another thread's switch in between. */
static void switches_merge_into_the_thread(void **state)
{
	const struct ft_sched_rec sw[] = {
		{180, 10, 0},
		{150, 10, FT_SCHED_OUT | FT_SCHED_PREEMPT},
		{155, 11, FT_SCHED_OUT},
		{50, 10, FT_SCHED_OUT},
		{60, 10, 0},
		{400, 10, FT_SCHED_OUT},
		{450, 10, 0},
	};
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 100);
	enc_entry(&e, 100, 0x1000);
	enc_entry(&e, 110, 0x2000);
	enc_exit(&e, 200);
	enc_entry(&e, 210, 0x3000);
	enc_exit(&e, 220);
	enc_exit(&e, 300);
	enc_close(&e);
	write_sched(sw, sizeof(sw) / sizeof(sw[0]), 0);
	want_sched = true;
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 7);
	check(&g.rec[0], TR_ENTRY, 0x1000, 0);
	check(&g.rec[1], TR_ENTRY, 0x2000, 1);
	check(&g.rec[2], TR_EVENT, 0, 2);
	assert_int_equal(g.rec[2].event, TR_EV_SCHED_OUT);
	assert_int_equal(g.rec[2].time, 50);
	check(&g.rec[3], TR_EVENT, 0, 2);
	assert_int_equal(g.rec[3].event, TR_EV_SCHED_IN);
	assert_int_equal(g.rec[3].duration, 30);
	check(&g.rec[4], TR_EXIT, 0x2000, 1);
	check(&g.rec[5], TR_LEAF, 0x3000, 1);
	check(&g.rec[6], TR_EXIT, 0x1000, 0);
	want_sched = false; /* not asked for: not there */
	read_all(&g, TR_FOLD_LEAF, 0);
	assert_int_equal(g.n, 4);
	check(&g.rec[1], TR_LEAF, 0x2000, 1);
}

/* -D 1: a switch deeper than the cut is shown at the cut, under its deepest shown caller. */
static void depth_filter_keeps_switches_at_the_cut(void **state)
{
	const struct ft_sched_rec sw[] = {{150, 10, FT_SCHED_OUT}, {180, 10, 0}};
	struct enc e;
	struct got g;

	(void)state;
	enc_open(&e, 10, 10, 100);
	enc_entry(&e, 100, 0x1000);
	enc_entry(&e, 110, 0x2000);
	enc_entry(&e, 120, 0x3000);
	enc_exit(&e, 200);
	enc_exit(&e, 210);
	enc_exit(&e, 300);
	enc_close(&e);
	write_sched(sw, 2, FT_SCHED_SORTED);
	want_sched = true;
	read_all(&g, TR_FOLD_LEAF, 1);
	assert_int_equal(g.n, 4);
	check(&g.rec[0], TR_ENTRY, 0x1000, 0);
	check(&g.rec[1], TR_EVENT, 0, 1);
	check(&g.rec[2], TR_EVENT, 0, 1);
	assert_int_equal(g.rec[2].duration, 30);
	check(&g.rec[3], TR_EXIT, 0x1000, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(nesting_and_durations),
		T(merge_two_threads_in_time_order),
		T(unmerged_reads_thread_after_thread),
		T(leaf_folding),
		T(depth_filter_makes_leaves),
		T(tid_filter),
		T(abandon_closes_frames_with_reason),
		T(context_prepopulates_inherited_frames),
		T(end_of_trace_closes_open_frames),
		T(exec_closes_frames_of_the_old_image),
		T(chunks_continue_the_stack),
		T(contiguous_chunk_keeps_the_stack),
		T(contiguous_chunk_at_another_depth_is_damage),
		T(resync_after_corrupt_chunk),
		T(ring_chunks_in_seq_order),
		T(followed_chunk_is_the_next_thread),
		T(tid_filter_reads_chunk_by_chunk),
		T(header_deeper_than_max_stack_is_corrupt),
		T(truncated_file_is_marked),
		T(file_shrinking_under_a_loaded_chunk),
		T(bad_magic_chunk_is_skipped),
		T(varint_off_the_end_is_corrupt),
		T(exit_without_frame_is_corrupt),
		T(empty_stream_reads_as_empty),
		T(directory_without_streams_is_empty),
		T(last_tick_is_not_a_switch),
		T(other_chunk_version_is_fatal),
		T(missing_info_is_not_a_trace),
		T(other_info_version_is_refused),
		T(missing_directory_is_refused),
		T(tsc_ticks_become_ns),
		T(lost_records_are_counted_and_shown),
		T(deep_nesting_grows_the_stack),
		T(leaf_folds_across_chunks),
		T(batch_ends_at_an_event),
		T(merge_of_long_streams_keeps_time_order),
		T(merge_runs_read_as_record_by_record),
		T(merge_cursor_reads_as_record_by_record),
		T(merge_of_many_streams_keeps_time_order),
		T(merge_cursor_with_a_zero_clock_rate),
		T(cursor_agrees_with_the_general_path),
		T(cursor_folds_leaves_as_the_reader_does),
		T(switches_merge_into_the_thread),
		T(depth_filter_keeps_switches_at_the_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
