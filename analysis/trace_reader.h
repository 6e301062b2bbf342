/* SPDX-License-Identifier: MIT */
/* Reading a data directory: chunk decoding, call-stack reconstruction, the time-ordered merge. */
#ifndef FTRACE_ANALYSIS_TRACE_READER_H
#define FTRACE_ANALYSIS_TRACE_READER_H

/*
 * Every analysing command (replay, report, graph, dump, info) reads a trace through this one
 * interface, so they agree on what a trace means:
 *
 *	// NULL after one line on stderr when dir is not a readable trace
 *	struct trace_reader *r = trace_reader_open(dir, TR_FOLD_LEAF);
 *	struct tr_rec rec;
 *	while (trace_reader_next(r, &rec) > 0)
 *		...;
 *	trace_reader_close(r);
 *
 * trace_reader_read() hands out the same records in batches, a third cheaper per record.
 *
 * The reader streams: its memory depends on the number of threads and the call depth, never on
 * the length of the trace. Records come out merged in time order across all threads and
 * processes, exits carry the function and duration of the frame they close (the format does not
 * store them), frames closed by a non-local exit or by the end of the trace come out as EXITs with
 * `abandon` set, so every ENTRY gets exactly one EXIT. Frames a stream inherited (a fork child's
 * parent frames, from FT_EV_CONTEXT) come out first as ENTRYs marked `inherited`.
 *
 * Corrupt data never stops the reader unless the whole trace is unreadable (another format
 * version or byte order: -1): a bad chunk is skipped with a warning on stderr, a TR_EVENT
 * TR_EV_CORRUPT marks the place in the output, frames that closed in the lost data come out as
 * EXITs with abandon = TR_AB_CORRUPT, and trace_reader_stats() counts it in corrupt_chunks.
 */

#include <stdbool.h>
#include <stdint.h>

enum tr_type {
	TR_ENTRY = 1, /* a frame opens */
	TR_EXIT = 2,  /* a frame closes: addr, duration and depth are those of the frame */
	TR_LEAF = 3,  /* with TR_FOLD_LEAF: an ENTRY immediately followed by its EXIT in the same
			 thread */
	TR_EVENT = 4, /* an FT_EV_* event other than those the reader consumes itself */
};

/* abandon reasons beyond the on-disk FT_AB_* ones */
/* the trace ended with this frame still open (program killed, ring ended) */
#define TR_AB_END     100
#define TR_AB_EXEC    101 /* the process image was replaced (exec) with this frame open */
#define TR_AB_CORRUPT 102 /* the frame closed somewhere in data that could not be read */
/* the process was killed (SIGKILL or another signal nothing could see) */
#define TR_AB_KILLED 103

/* "crash", "longjmp", "not returned"...: how replay and the exports name an abandon reason */
const char *tr_abandon_name(unsigned reason);

/* events the reader synthesises, beyond the on-disk FT_EV_* ones */
#define TR_EV_CORRUPT 256 /* corrupt or truncated data was skipped here: records are missing */
/* a flight ring starts here: its payload (a varint) is the number of older chunks overwritten */
#define TR_EV_OVERWRITTEN 258
/* context switches (trace_reader_set_sched()), payload: varint FT_SCHED_* flags. A switch-in's
 * duration is the time the thread was off the CPU since its switch-out. */
#define TR_EV_SCHED_OUT 259
#define TR_EV_SCHED_IN	260

struct tr_thread; /* per-stream state, owned by the reader */

struct tr_rec {
	uint64_t time; /* ns since the first record of the trace (ENTRY/LEAF: entry; EXIT: exit) */
	uint64_t duration; /* EXIT, LEAF: ns between entry and exit; TR_EV_SCHED_IN: off-CPU ns */
	uint64_t addr;	   /* ENTRY, EXIT, LEAF: the address recorded for the function */
	uint32_t pid, tid;
	uint32_t depth;	 /* 0 = outermost frame of the thread */
	uint8_t type;	 /* enum tr_type */
	uint8_t abandon; /* EXIT/LEAF: 0, an FT_AB_* reason or a TR_AB_* one */
	bool inherited; /* ENTRY/EXIT: the frame was opened in the parent, before fork: do not count
			   its time twice */
	bool outer; /* EXIT: of a frame opened before a part's range (trace_reader_split_stream());
		       its duration is the absolute exit time, the entry being in another part */
	uint16_t event; /* EVENT: FT_EV_* */
	uint32_t payload_len;
	const uint8_t *payload; /* EVENT: valid until the next trace_reader_next() */
	/* ENTRY, LEAF: FT_EV_ARGS items (analysis/argspec.h decodes them), or NULL */
	const uint8_t *args;
	const uint8_t *retval; /* EXIT, LEAF: the FT_EV_RETVAL item, or NULL; both valid until the
				  next trace_reader_next() */
	uint32_t args_len, retval_len;
	uint64_t session; /* the process image (selects the memory map for symbols) */
};

/* flags for trace_reader_open() */
#define TR_FOLD_LEAF 0x1u /* fold ENTRY+EXIT with nothing in between into one TR_LEAF */
#define TR_NO_MERGE  0x2u /* thread after thread instead of time order (cheaper, for report) */

struct trace_reader *trace_reader_open(const char *dir, unsigned flags);
/* 1: *rec filled; 0: end of trace; -1: corrupt data, a one-line error was printed. */
int trace_reader_next(struct trace_reader *r, struct tr_rec *rec);
/* The same for up to max records at once, cheaper per record: how many were read (0 at the end of
 * the trace), or -1 as above (after the records before the failure were returned). Payload, args
 * and retval pointers can only be set in the last record and stay valid until the next call. */
int trace_reader_read(struct trace_reader *r, struct tr_rec *recs, unsigned max);
void trace_reader_close(struct trace_reader *r);

/* Filters, set before the first trace_reader_next(). They act before leaf folding: with a depth
 * limit, a call whose children are all hidden comes out as a TR_LEAF. */
void trace_reader_set_tids(struct trace_reader *r, const uint32_t *tids, unsigned n); /* --tid */
void trace_reader_set_depth(struct trace_reader *r, uint32_t max_depth); /* -D: 0 = all */
/* Context switches (DIR/sched) merged into each thread's records as TR_EV_SCHED_OUT/IN events at
 * the depth where they happened, between the thread's first and last records. A call with a switch
 * inside is never folded into a TR_LEAF. */
void trace_reader_set_sched(struct trace_reader *r, bool on);

/* A per-thread stage between decoding (and the filters above) and leaf folding: analysis/filter.c's
 * engine. It gets a thread's records from trace_reader_pull() and returns what it keeps, as
 * trace_reader_next() does (1, 0 at the thread's end, -1 fatal); t identifies the thread. */
typedef int (*tr_stage_fn)(void *ctx, struct trace_reader *r, struct tr_thread *t,
			   struct tr_rec *rec);
/* the reader owns ctx from here on: trace_reader_close() calls free_ctx(ctx) */
void trace_reader_set_stage(struct trace_reader *r, tr_stage_fn fn, void (*free_ctx)(void *),
			    void *ctx);
int trace_reader_pull(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec);

/*
 * The fast lane of the folds (report, graph, dump's tree outputs): a stream's decoding state lent
 * to the caller, which decodes the plain ENTRY and EXIT records itself with tr_cursor_step(),
 * inlined in its own loop, with no struct tr_rec in between. The reader's stack is kept as the
 * reader keeps it, so the general path (trace_reader_next()) takes over where a step stops:
 *
 *	struct tr_cursor c;
 *	for (;;) {
 *		if (trace_reader_cursor(r, &c)) {
 *			while ((kind = tr_cursor_step(&c, &ns, &f)))  ...;
 *			trace_reader_cursor_done(r, &c);
 *		}
 *		if (trace_reader_next(r, &rec) <= 0) break;  // what the step could not decode
 *		...;
 *	}
 */
struct tr_frame { /* one open frame of the reader's stack */
	uint64_t addr, ns;
	bool known;	/* false: open before the data we have (ring, skipped chunk): no records */
	bool inherited; /* opened in a fork parent */
	bool outer;	/* unknown, opened before the range of a part (trace_reader_split_stream()):
			   its exit is handed out, marked outer */
};

struct tr_cursor {
	const uint8_t *p, *end; /* the rest of the chunk */
	uint64_t tick, addr;	/* the delta bases: last record's tick, last ENTRY's address */
	struct tr_frame *stack;
	uint32_t depth, cap;
	uint64_t tick0, ns0, mult; /* tick -> ns, as the reader converts */
	uint64_t origin;	   /* subtracted from times handed out (records: rec->time) */
	uint64_t stop; /* no record at or after this tick: a context switch, a map copy or (merged
			  threads) the next stream's head goes first */
	uint64_t records;     /* on-disk records decoded with this cursor */
	struct tr_frame leaf; /* the frame of the last TR_STEP_LEAF */
	uint32_t pid, tid;
	uint64_t session;
};

/* 1 and *c set when the current stream's next records may be stepped through (no filter or stage,
 * nothing queued or decoded ahead); 0 otherwise. With threads merged in time order, the stream is
 * the one whose record the merge handed out last, and the cursor stops before its first record
 * that comes after the next stream's head: the steps are the records trace_reader_next() would
 * hand out, in the same order. */
int trace_reader_cursor(struct trace_reader *r, struct tr_cursor *c);
/* Hands the state back: call it before any other trace_reader_*() call. */
void trace_reader_cursor_done(struct trace_reader *r, const struct tr_cursor *c);

/* tick -> ns as the reader converts: one multiply for ticks after the calibration point */
static inline uint64_t tr_cursor_ns(const struct tr_cursor *c, uint64_t tick)
{
	uint64_t d = tick - c->tick0;
	__int128 s;

	if (__builtin_expect((int64_t)d >= 0, 1))
		return c->ns0 + (uint64_t)(((unsigned __int128)d * c->mult) >> 32);
	s = (__int128)(int64_t)d * (__int128)c->mult;
	return c->ns0 + (uint64_t)(int64_t)(s >> 32);
}

/* A varint of at most 9 bytes that ends before end, or NULL: longer or cut ones are the general
 * path's, which says what is wrong with them. */
static inline const uint8_t *tr_cursor_varint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;

	for (unsigned shift = 0; shift < 63 && p < end; shift += 7) {
		uint8_t b = *p++;

		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return p;
		}
	}
	return NULL;
}

/* A varint of one or two bytes (p[0] & p[1] & 0x80 is 0), without a branch on which: record
 * headers are one byte or two depending on the call's duration, which no predictor guesses. */
static inline const uint8_t *tr_cursor_varint2(const uint8_t *p, uint64_t *v)
{
	uint64_t more = p[0] >> 7; /* 1 when a second byte follows */

	*v = (uint64_t)(p[0] & 0x7f) | ((uint64_t)p[1] << 7 & -more);
	return p + 1 + more;
}

enum tr_step { TR_STEP_STOP = 0, TR_STEP_ENTRY, TR_STEP_EXIT, TR_STEP_LEAF };

/*
 * Decodes the next record if it is a plain one: ENTRY (the frame is pushed; *f is it, *ns its
 * entry time, absolute; only when an ENTRY follows it), EXIT of a known frame (popped: *f is
 * it, c->depth its depth, *ns the exit time), or LEAF, an ENTRY and its EXIT right after it (*f is
 * c->leaf, the frame that opened and closed at depth c->depth, *ns the exit time). So the steps
 * fold leaves exactly as TR_FOLD_LEAF does. Anything else (an event, arguments after an ENTRY, an
 * ENTRY that ends the chunk, a record at or after c->stop, an unknown frame, a full stack, bad
 * bytes) is TR_STEP_STOP, with nothing consumed.
 */
static inline enum tr_step tr_cursor_step(struct tr_cursor *c, uint64_t *ns, struct tr_frame **f)
{
	const uint8_t *p = c->p, *q, *q2;
	uint64_t h, a, h2;

	if (__builtin_expect(p + 2 < c->end, 1) && !(p[0] & p[1] & 0x80)) {
		q = tr_cursor_varint2(p, &h);
	} else if (!(q = tr_cursor_varint(p, c->end, &h))) {
		return TR_STEP_STOP;
	}
	if ((h & 3) == 2) { /* FT_KIND_EXIT */
		struct tr_frame *top;

		if (__builtin_expect(!c->depth, 0))
			return TR_STEP_STOP;
		top = &c->stack[c->depth - 1];
		if (__builtin_expect(!top->known, 0) ||
		    __builtin_expect(c->tick + (h >> 2) >= c->stop, 0))
			return TR_STEP_STOP;
		c->depth--;
		c->tick += h >> 2;
		*ns = tr_cursor_ns(c, c->tick);
		*f = top;
		c->p = q;
		c->records++;
		return TR_STEP_EXIT;
	}
	if (__builtin_expect((h & 3) != 1, 0) || __builtin_expect(c->depth == c->cap, 0) ||
	    __builtin_expect(c->tick + (h >> 2) >= c->stop, 0))
		return TR_STEP_STOP;
	if (__builtin_expect(q + 2 < c->end, 1) && !(q[0] & q[1] & 0x80)) {
		q = tr_cursor_varint2(q, &a);
	} else if (!(q = tr_cursor_varint(q, c->end, &a))) {
		return TR_STEP_STOP;
	}
	/* What follows decides, as the reader folds: its EXIT makes a leaf, which needs no frame;
	 * anything but an ENTRY (arguments, an event, the chunk's end) is the general path's */
	if (__builtin_expect(q + 2 < c->end, 1) && !(q[0] & q[1] & 0x80)) {
		q2 = tr_cursor_varint2(q, &h2);
	} else if (!(q2 = tr_cursor_varint(q, c->end, &h2))) {
		return TR_STEP_STOP;
	}
	if (__builtin_expect((h2 & 3) - 1 > 1, 0)) /* neither FT_KIND_ENTRY nor FT_KIND_EXIT */
		return TR_STEP_STOP;
	/* its EXIT after a stop (a switch goes in between): the general path's */
	if ((h2 & 3) == 2 && __builtin_expect(c->tick + (h >> 2) + (h2 >> 2) >= c->stop, 0))
		return TR_STEP_STOP;
	c->addr += (a >> 1) ^ -(a & 1); /* zigzag */
	c->tick += h >> 2;
	if ((h2 & 3) == 2) { /* FT_KIND_EXIT */
		c->leaf = (struct tr_frame){
			.addr = c->addr, .ns = tr_cursor_ns(c, c->tick), .known = true};
		c->tick += h2 >> 2;
		*ns = tr_cursor_ns(c, c->tick);
		*f = &c->leaf;
		c->p = q2;
		c->records += 2;
		return TR_STEP_LEAF;
	}
	*ns = tr_cursor_ns(c, c->tick);
	*f = &c->stack[c->depth++];
	**f = (struct tr_frame){.addr = c->addr, .ns = *ns, .known = true};
	c->p = q;
	c->records++;
	return TR_STEP_ENTRY;
}

/*
 * A parallel fold (TR_NO_MERGE: stream after stream): up to n readers, each of a run of the
 * streams in order, to be read on other threads with the calls above (each reader by one thread);
 * parts[i] reads after parts[i - 1]. The parts share r's read-only state (info, clock, time
 * origin), so r must outlive them and not be read meanwhile. min_bytes: less data than that in
 * all is not worth the threads. How many parts were made: 0 (r is read as usual) when r was read
 * from already, has a stage, merges streams, has one stream or too little data; -1 when the
 * streams' first records could not be read (a message was printed).
 * ranges (NULL: not wanted): when a stream holds more than one and a half of the n shares of the
 * bytes, it makes a part of its own, to be cut in ranges[i] ranges by trace_reader_split_stream()
 * (ranges[i] is 1 for the other parts), and the parts can then be up to 3 * n.
 */
#define TR_PARTS_MAX(n) (3 * (n))
int trace_reader_split(struct trace_reader *r, unsigned n, uint64_t min_bytes,
		       struct trace_reader **parts, unsigned *ranges);
/* After the parts were read: hands the problems, counts and failures of the first kept of them back
 * to r (in order, as if r had read them itself; those after a part that failed are dropped: one
 * reader stops at a failure) and frees all n. -1 when one failed (r then fails too), else 0. */
int trace_reader_join(struct trace_reader *r, struct trace_reader **parts, unsigned n,
		      unsigned kept);

/*
 * A parallel fold of one stream: up to n readers of consecutive runs of its chunks, to be read
 * like trace_reader_split()'s parts. A part after the first starts inside the frames open at its
 * first chunk: it hands out their exits as TR_EXIT records marked outer, and a part before the
 * last stops without closing the frames still open. What the fold needs to join the parts up is
 * trace_reader_edge()'s. Made only for a single stream read unmerged or alone, with no stage,
 * depth filter or --tid, not a flight ring, with no context switches, whose chunks all belong to
 * one thread and process image in order; min_bytes as for trace_reader_split(). r may be a part
 * of trace_reader_split() of one stream. How many parts
 * were made: 0 (read r as usual), or -1 when its first records could not be read.
 */
#define TR_SPLIT_MAX 16 /* parts trace_reader_split_stream() makes at most */
int trace_reader_split_stream(struct trace_reader *r, unsigned n, uint64_t min_bytes,
			      struct trace_reader **parts);
/* Where a part of trace_reader_split_stream() stands once read to its end. */
struct tr_edge {
	uint32_t start_depth;	      /* frames open at its first chunk */
	uint32_t depth;		      /* frames open at its end */
	const struct tr_frame *stack; /* those frames (valid until the join) */
	bool entry_open; /* its last record is an ENTRY whose successor is in the next part: read in
			    one go, the two could fold into a leaf */
	bool clean;	 /* read in full without a problem: its edges are exact */
};
void trace_reader_edge(const struct trace_reader *part, struct tr_edge *e);
/* Is part a range after the first (it starts inside calls opened before it: outer exits)? */
bool trace_reader_starts_inside(const struct trace_reader *part);
/* After the parts were read: with used, r takes over their counts and problems and is read to its
 * end; without, they are dropped and r is still to be read from its start (the fold goes the
 * sequential way). Frees all n. -1 when r failed, else 0. */
int trace_reader_join_stream(struct trace_reader *r, struct trace_reader **parts, unsigned n,
			     bool used);

/* The clock (ns) at the trace's first record: rec->time counts from it. Known once a record was
 * read; UINT64_MAX before. */
uint64_t trace_reader_origin(const struct trace_reader *r);

/* the data directory's info file, "key: value" lines; NULL when the key is absent */
const char *trace_reader_info(struct trace_reader *r, const char *key);

/* counts for info and for the "lost" line replay prints */
struct tr_stats {
	uint64_t records, lost;
	unsigned threads, processes, chunks, corrupt_chunks;
};
void trace_reader_stats(struct trace_reader *r, struct tr_stats *st);

#endif
