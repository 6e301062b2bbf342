/* SPDX-License-Identifier: MIT */
/* Reading a data directory: chunk decoding, call-stack reconstruction and the time-ordered merge.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
/* Under AddressSanitizer, a chunk buffer's bytes past the records read are poisoned: a decoder that
 * reads past a chunk's end is caught, as when the fuzzers mapped the file's bytes in place. */
#if defined(__SANITIZE_ADDRESS__)
#define FT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FT_ASAN 1
#endif
#endif
#ifdef FT_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n)	  ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif
#include "schedlog.h"
#include "compiler.h"
#include "procmaps.h"
#include "symbols.h"
#include "tasks.h"
#include "trace_format.h"
#include "trace_reader.h"
#include "util.h"

#define INFO_MAX    (1u << 20) /* an info file larger than this is not ours */
#define DEPTH_SANE  (1u << 20) /* --max-stack's limit: a deeper header is corrupt */
#define WARN_MAX    20	       /* problems reported one by one; more are counted */
#define NOPS	    8
#define PAYLOAD_MAX 1024 /* longer argument payloads are not attached */

/* struct tr_frame (trace_reader.h): unknown frames were open before the data we have (ring,
 * skipped chunk): they keep depths right but produce no records. */

/* Work queued by one on-disk record that yields several tr_recs (abandon, context) or none yet. */
enum op_kind { OP_CLOSE = 1, OP_RESYNC, OP_CONTEXT, OP_EVENT };
struct tr_op {
	uint8_t kind, reason;
	uint16_t event;
	uint32_t count; /* CLOSE: frames; RESYNC: target depth; CONTEXT: first frame index */
	uint64_t value; /* EVENT: varint payload; CLOSE: the session its frames belong to (0:
			   current) */
	uint32_t pid;	/* CLOSE with a session: the process its frames belong to */
};

struct tr_thread {
	char *path;
	unsigned index; /* breaks time ties in the merge, so output is deterministic */
	uint32_t chunk_size;
	uint64_t next_off; /* file order: offset of the next chunk */
	uint64_t *ring;	   /* ring streams: chunk offsets in seq order */
	unsigned nring, ring_pos;
	uint32_t ring_first_seq; /* seq of the oldest chunk left: as many were overwritten */
	bool started, ended, has_session, cut;
	bool gap; /* data is missing since the last chunk: resynchronise from the next header */
	uint32_t seq;
	const char *why; /* what was wrong with the record that failed to decode */
	unsigned nchunks, corrupt;
	/* the chunk being decoded: its records, read into data (one per stream, reused) */
	uint8_t *data;
	size_t data_cap;
	bool data_huge; /* data is a mapping of 2 MiB pages, counted in huge_bufs */
	int fd;		/* the stream's file, kept open from chunk to chunk when fd_kept */
	bool fd_kept;	/* counted in fds_kept */
	uint64_t chunk_off;
	const uint8_t *p, *end;
	uint64_t tick, prev_addr, session, lost_hdr, lost_ev, records;
	uint64_t lost_prev; /* lost by the threads or images the stream had before this one */
	uint32_t pid, tid;
	/* later copies of the image's memory map (after dlopen): records from copies[i] on carry
	 * that tick as their session, so that symbols are looked up in the map of their time */
	const uint64_t *copies; /* owned by the reader's copies list */
	size_t ncopies, copy;
	/* the call stack */
	struct tr_frame *stack;
	uint32_t depth, cap;
	struct tr_op ops[NOPS];
	unsigned op_head, op_tail;
	uint8_t synth[16]; /* payload of a synthesised event */
	/* one record of lookahead for leaf folding */
	struct tr_rec look;
	/*
	 * Records decoded ahead, buf[pos..n) not handed out yet: the merge compares key (buf[pos]'s
	 * time, absolute) and copies records out long after they were written, and a run of plain
	 * records is decoded in one go. A record from the general path is always alone in buf, so
	 * what its pointers point to stays put until it is handed out.
	 */
	struct tr_rec *buf;
	unsigned pos, n;
	uint64_t key;
	/* argument and return value payloads, copied: the records holding them outlive the chunk */
	uint8_t pay[4][PAYLOAD_MAX];
	unsigned pay_next;
	const uint8_t *ret;
	uint32_t ret_len;
	bool has_look;
	/* context switches (trace_reader_set_sched()): the next one, in ns and as the first tick at
	 * or after it (UINT64_MAX: none), where the fast paths stop to let the general path put it
	 * in; the last switch-out, for the off-CPU time of the switch-in */
	const struct ft_sched_rec *sw, *sw_end;
	uint64_t sw_tick, out_ns;
	bool out_seen, closing;
	uint8_t closing_reason;
	/* a part of trace_reader_split_stream(): its chunks end at range_end (0: the file's end) */
	uint64_t range_end;
	uint32_t start_depth; /* frames open at its first chunk */
	bool mid; /* records came before its range: the frames open at its first chunk are outer */
	bool open_end;	 /* the stream goes on after range_end: nothing is closed there, and its
			  switches left (those before the next range's first chunk) go at its end */
	bool entry_open; /* see struct tr_edge */
};

/* How a process died, from the task log and info: its threads' open frames close with that reason.
 */
struct death {
	uint32_t pid;
	uint8_t reason; /* FT_AB_CRASH or TR_AB_KILLED */
	uint64_t tick;	/* when (crash), 0 when unknown (killed) */
};

/* maps_copies() of one process image, read once for all its threads */
struct image_copies {
	uint32_t pid;
	uint64_t session;
	uint64_t *ticks;
	size_t n;
};

/* When a process ended normally (task log "exit" and "end" lines): its threads still blocked then
 * were stopped there, not at their last record. */
struct proc_end {
	uint32_t pid;
	uint64_t tick;
};

struct trace_reader {
	char *dir;
	struct proc_end *ends;
	unsigned nends;
	struct image_copies *copies;
	size_t ncopies;
	struct death *deaths;
	unsigned ndeaths;
	struct ft_counters counters; /* DIR/counters: stops and losses libmcount counted */
	unsigned flags;
	char *info;
	char **keys, **vals;
	unsigned ninfo;
	uint32_t chunk_size;	   /* from info, 0 when unknown */
	uint64_t tick0, ns0, mult; /* ns = ns0 + (tick - tick0) * mult / 2^32 */
	uint64_t origin;
	bool primed;
	bool fast;   /* no stage, no depth filter: decode_run() may run */
	bool direct; /* one stream at a time: next_direct() */
	int fatal;
	struct tr_thread **streams, **heap;
	unsigned nstreams, nheap, cur;
	struct tr_thread
		*refill; /* its head was handed out: decode its next one on the next call */
	uint32_t max_depth;
	unsigned takeovers; /* chunks of a new thread in a stream of an ended one, read so far */
	unsigned entered;   /* streams with a chunk read so far */
	uint32_t depth_max; /* no chunk starts deeper: info's max-stack, or DEPTH_SANE */
	uint32_t *tids; /* --tid: only these threads' chunks are read (ntids of them); NULL: all */
	unsigned ntids;
	bool want_sched;	/* trace_reader_set_sched() */
	struct sched_log sched; /* DIR/sched, when wanted */
	tr_stage_fn stage;	/* analysis/filter.c's engine, between decoding and leaf folding */
	void (*stage_free)(void *);
	void *stage_ctx;
	uint32_t *pids;
	unsigned npids, cap_pids, warned;
	char *problems[WARN_MAX]; /* printed by trace_reader_close(), after the output they spoil */
};

/* ---- time ---- */

static inline uint64_t tick_ns(const struct trace_reader *r, uint64_t tick)
{
	__int128 d = (__int128)(int64_t)(tick - r->tick0) * (__int128)r->mult;

	return r->ns0 + (uint64_t)(int64_t)(d >> 32);
}

/* The session a record made now carries: the image's, or the tick of the map copy in force. */
static uint64_t copy_session_slow(struct tr_thread *t)
{
	while (t->copy < t->ncopies && t->tick >= t->copies[t->copy])
		t->copy++;
	while (t->copy > 0 && t->tick < t->copies[t->copy - 1])
		t->copy--;
	return t->copy ? t->copies[t->copy - 1] : t->session;
}

static inline uint64_t cur_session(struct tr_thread *t)
{
	return likely(!t->ncopies) ? t->session : copy_session_slow(t);
}

/* The tick at which the next map copy takes over (the fast path stops there). */
static inline uint64_t copy_end(const struct tr_thread *t)
{
	return t->copy < t->ncopies ? t->copies[t->copy] : UINT64_MAX;
}

/* Where the fast paths stop: a map copy taking over, or a context switch to put in. */
static inline uint64_t stop_tick(const struct tr_thread *t)
{
	uint64_t c = copy_end(t);

	return t->sw_tick < c ? t->sw_tick : c;
}

/* ---- context switches ---- */

/* The first tick whose time is at or after ns: the records before it come before the switch. */
static uint64_t ns_tick(const struct trace_reader *r, uint64_t ns)
{
	__int128 d = (__int128)(int64_t)(ns - r->ns0) * ((__int128)1 << 32);
	uint64_t tick = r->tick0 + (uint64_t)(int64_t)(d / (__int128)r->mult);

	/* the division is within a tick or two of the answer; tick_ns() rounds down */
	while (tick_ns(r, tick) >= ns)
		tick--;
	while (tick_ns(r, tick) < ns)
		tick++;
	return tick;
}

static void sw_next(const struct trace_reader *r, struct tr_thread *t)
{
	t->sw_tick = t->sw < t->sw_end ? ns_tick(r, t->sw->ns) : UINT64_MAX;
}

/* Is the thread's next switch before its next record? (A bad header: decode_one() says so.) */
static inline bool sw_due(const struct tr_thread *t)
{
	uint64_t h;

	return ft_get_varint(t->p, t->end, &h) && t->tick + (h >> 2) >= t->sw_tick;
}

/*
 * Hands out the thread's next switch as an event at the current depth: 1, or 0 when it is dropped.
 * Switches before the thread's first record (exec, the dynamic loader) are not shown; a switch-in
 * carries the time since the switch-out before it as its duration.
 */
static int sw_emit(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	const struct ft_sched_rec *sw = t->sw++;
	bool out = sw->flags & FT_SCHED_OUT;

	sw_next(r, t);
	if ((!t->records && !t->mid) || (!out && !t->out_seen))
		return 0;
	*rec = (struct tr_rec){.type = TR_EVENT,
			       .time = sw->ns,
			       .event = out ? TR_EV_SCHED_OUT : TR_EV_SCHED_IN,
			       .duration = out || sw->ns < t->out_ns ? 0 : sw->ns - t->out_ns,
			       .depth = t->depth,
			       .pid = t->pid,
			       .tid = t->tid,
			       .session = cur_session(t)};
	rec->payload = t->synth;
	rec->payload_len = (uint32_t)(ft_put_varint(t->synth, sw->flags) - t->synth);
	t->out_seen = out;
	t->out_ns = sw->ns;
	return 1;
}

/* Each stream gets its thread's switches; a trace whose clock cannot be lined up gets none. */
static void sched_setup(struct trace_reader *r)
{
	const char *clock = trace_reader_info(r, "clock");
	bool aligned = r->ns0 || (clock && !strcmp(clock, "mono"));

	for (unsigned i = 0; i < r->nstreams; i++)
		r->streams[i]->sw_tick = UINT64_MAX;
	if (!r->want_sched || !aligned || sched_log_load(r->dir, &r->sched) <= 0)
		return;
	for (unsigned i = 0; i < r->nstreams; i++) {
		struct tr_thread *t = r->streams[i];

		sched_log_range(&r->sched, t->tid, &t->sw, &t->sw_end);
		sw_next(r, t);
	}
}

static void copies_load(struct trace_reader *r, struct tr_thread *t)
{
	struct image_copies *c = NULL;

	for (size_t i = 0; i < r->ncopies && !c; i++)
		if (r->copies[i].pid == t->pid && r->copies[i].session == t->session)
			c = &r->copies[i];
	if (!c) {
		r->copies = xrealloc(r->copies, (r->ncopies + 1) * sizeof(*r->copies));
		c = &r->copies[r->ncopies++];
		*c = (struct image_copies){.pid = t->pid, .session = t->session};
		c->ticks = maps_copies(r->dir, t->pid, t->session, &c->n);
	}
	t->copies = c->ticks;
	t->ncopies = c->n;
	t->copy = 0;
}

/* ns per tick * 2^32 of this machine's TSC, measured over 5 ms: right when replaying where it was
 * recorded, which is where a killed recording (no calibration saved) is usually replayed. Measured
 * once per process: commands that open a trace twice (report --diff, the fuzzers) pay it once. */
/* ns per tick (32.32 fixed point) of this machine's TSC, for a trace whose recorder was killed */
static uint64_t tsc_rate_here(void)
{
	return (uint64_t)((1000000000.0 * 4294967296.0) / (double)clock_tsc_hz());
}

/* The recorder stores two (tick, ns) pairs around the run; a line between them converts ticks. */
static void clock_setup(struct trace_reader *r)
{
	const char *clock = trace_reader_info(r, "clock"),
		   *sync = trace_reader_info(r, "clock-sync");
	unsigned long long t0, n0, t1, n1;

	r->mult = 1ull << 32;
	if (clock && !strcmp(clock, "mono"))
		return; /* ticks are CLOCK_MONOTONIC ns */
	if (sync && sscanf(sync, "%llu %llu %llu %llu", &t0, &n0, &t1, &n1) == 4 && t1 > t0 &&
	    n1 > n0) {
		r->tick0 = t0;
		r->ns0 = n0;
		r->mult = (uint64_t)(((unsigned __int128)(n1 - n0) << 32) / (t1 - t0));
		return;
	}
	r->mult = tsc_rate_here();
	warn("no clock calibration in '%s/%s' (the recording did not finish?): durations assume %s",
	     r->dir, FT_INFO_FILE,
	     r->mult != 1ull << 32 ? "this machine's TSC rate" : "1 tick = 1 ns");
}

/* ---- problems with the data ---- */

/*
 * A corrupt or truncated chunk: counted, marked in the output (TR_EV_CORRUPT), and described in
 * one line naming the file. The lines are kept for trace_reader_close(): a warning printed while
 * the output is still buffered would scroll away above the tree it is about.
 */
__attribute__((format(printf, 3, 4))) static void problem(struct trace_reader *r,
							  struct tr_thread *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	t->corrupt++;
	if (r->warned >= WARN_MAX) {
		r->warned++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->problems[r->warned++] = xstrdup(msg);
}

#define corrupt(r, t, fmt, ...)                                                               \
	problem(r, t, "'%s' chunk at offset %llu: " fmt ": skipped, the trace is incomplete", \
		(t)->path, (unsigned long long)(t)->chunk_off, __VA_ARGS__)

static void problems_print(struct trace_reader *r)
{
	if (r->warned)
		damage_note();
	for (unsigned i = 0; i < r->warned && i < WARN_MAX; i++) {
		error("%s", r->problems[i]);
		free(r->problems[i]);
	}
	if (r->warned > WARN_MAX)
		error("%u more corrupt or truncated chunks in '%s'", r->warned - WARN_MAX, r->dir);
}

/* ---- the operation queue ---- */

static void op_push(struct tr_thread *t, struct tr_op op)
{
	if (t->op_tail - t->op_head < NOPS)
		t->ops[t->op_tail++ % NOPS] = op;
}

static void push_event(struct tr_thread *t, uint16_t event, uint64_t value)
{
	op_push(t, (struct tr_op){.kind = OP_EVENT, .event = event, .value = value});
}

/* ---- the call stack ---- */

static struct tr_frame *stack_push(struct tr_thread *t)
{
	if (unlikely(t->depth == t->cap)) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->stack = xrealloc(t->stack, t->cap * sizeof(*t->stack));
	}
	return &t->stack[t->depth++];
}

static void fill_exit(struct trace_reader *r, struct tr_thread *t, const struct tr_frame *f,
		      uint64_t now, struct tr_rec *rec)
{
	rec->type = TR_EXIT;
	rec->time = now;
	rec->duration = now > f->ns ? now - f->ns : 0;
	rec->addr = f->addr;
	rec->depth = t->depth;
	rec->inherited = f->inherited;
	rec->outer = f->outer;
	rec->pid = t->pid;
	rec->tid = t->tid;
	rec->session = cur_session(t);
	rec->args = rec->retval = NULL;
	rec->args_len = rec->retval_len = 0;
	rec->event = 0;
	rec->payload = NULL;
	rec->payload_len = 0;
	(void)r;
}

/* Keeps a copy of an ARGS/RETVAL payload: a ring of four is enough for head, look and the record
 * handed out. */
static const uint8_t *payload_keep(struct tr_thread *t, const uint8_t *p, uint64_t len)
{
	uint8_t *buf = t->pay[t->pay_next++ & 3];

	memcpy(buf, p, (size_t)len);
	return buf;
}

/* An FT_EV_ARGS event right after an ENTRY (delta 0, same chunk) belongs to it. */
static void attach_args(struct tr_thread *t, struct tr_rec *rec)
{
	const uint8_t *p = t->p;
	uint64_t type, len;

	rec->args = NULL;
	rec->args_len = 0;
	if (p + 2 > t->end || p[0] != FT_KIND_EVENT || p[1] != FT_EV_ARGS)
		return;
	p = ft_get_varint(p + 2, t->end, &len);
	if (!p || len > (uint64_t)(t->end - p) || len > PAYLOAD_MAX)
		return;
	(void)type;
	rec->args = payload_keep(t, p, len);
	rec->args_len = (uint32_t)len;
	t->p = p + len;
	t->records++;
}

/* Runs the first queued operation; 1 when it produced *rec, 0 when it is finished. */
static int run_op(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	struct tr_op *op = &t->ops[t->op_head % NOPS];

	rec->args = rec->retval = NULL;
	rec->args_len = rec->retval_len = 0;
	switch (op->kind) {
	case OP_CLOSE:
		while (op->count && t->depth) {
			struct tr_frame *f = &t->stack[--t->depth];

			op->count--;
			if (f->known || f->outer) {
				fill_exit(r, t, f, tick_ns(r, t->tick), rec);
				rec->abandon = op->reason;
				if (op->value) {
					rec->session = op->value;
					rec->pid = op->pid;
				}
				return 1;
			}
		}
		break;
	case OP_RESYNC:
		if (t->depth > op->count) {
			/* frames closed in data we could not read: close them visibly */
			*op = (struct tr_op){.kind = OP_CLOSE,
					     .reason = TR_AB_CORRUPT,
					     .count = t->depth - op->count};
			return run_op(r, t, rec);
		}
		while (t->depth < op->count)
			/* a range's first chunk starts inside frames of the range before: outer */
			*stack_push(t) = (struct tr_frame){.known = false,
							   .outer = t->mid && t->nchunks == 1};
		break;
	case OP_CONTEXT:
		while (op->count < t->depth) {
			struct tr_frame *f = &t->stack[op->count];

			/* stamped when the stream announces it, so the merge prints it where the
			 * stream starts; the EXIT's duration still counts from the real entry */
			*rec = (struct tr_rec){.type = TR_ENTRY,
					       .time = tick_ns(r, t->tick),
					       .addr = f->addr,
					       .depth = op->count++,
					       .inherited = f->inherited,
					       .pid = t->pid,
					       .tid = t->tid,
					       .session = cur_session(t)};
			return 1;
		}
		break;
	case OP_EVENT:
		*rec = (struct tr_rec){.type = TR_EVENT,
				       .time = tick_ns(r, t->tick),
				       .event = op->event,
				       .depth = t->depth,
				       .pid = t->pid,
				       .tid = t->tid,
				       .session = cur_session(t)};
		rec->payload = t->synth;
		rec->payload_len = (uint32_t)(ft_put_varint(t->synth, op->value) - t->synth);
		t->op_head++;
		return 1;
	}
	t->op_head++;
	return 0;
}

/* ---- chunks ---- */

/*
 * A chunk is read into its stream's buffer with pread(): mapping each chunk and unmapping it at the
 * next cost more than the copy (page tables filled and torn down, TLB shootdowns once other
 * threads run), and a read stops at the end of a file that shrank where a map would fault. The
 * stream's file stays open from chunk to chunk, for up to FDS_KEPT_MAX streams at once in the
 * process (a merge of thousands of threads must leave descriptors for symbols, maps and output);
 * streams past that open it for each chunk. Counted atomically: parts of the reader run on
 * threads.
 */
#define FDS_KEPT_MAX 256u
static unsigned fds_kept;

static unsigned fds_kept_limit(void)
{
	static unsigned limit = UINT_MAX;
	unsigned v = __atomic_load_n(&limit, __ATOMIC_RELAXED);
	struct rlimit rl;

	if (v != UINT_MAX)
		return v;
	v = FDS_KEPT_MAX;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur / 4 < v)
		v = (unsigned)(rl.rlim_cur / 4); /* three quarters left for the rest */
	__atomic_store_n(&limit, v, __ATOMIC_RELAXED);
	return v;
}

/* The stream's file, open: -1 (errno set) when it cannot be opened. */
static int stream_fd(struct tr_thread *t)
{
	int fd;

	if (t->fd_kept)
		return t->fd;
	fd = open_regular(t->path);
	if (fd < 0)
		return -1;
	if (__atomic_add_fetch(&fds_kept, 1, __ATOMIC_RELAXED) <= fds_kept_limit()) {
		t->fd = fd;
		t->fd_kept = true;
	} else {
		__atomic_sub_fetch(&fds_kept, 1, __ATOMIC_RELAXED);
	}
	return fd;
}

/* Done with fd for now: closed unless the stream keeps it. */
static void stream_fd_done(struct tr_thread *t, int fd)
{
	if (fd >= 0 && !(t->fd_kept && fd == t->fd))
		close(fd);
}

/* Reads len bytes at off into buf: how many were there (fewer at the file's end), -1 on error. */
static ssize_t read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * A stream's buffer is one chunk's room. The first few streams' (most traces have a few) are
 * whole 2 MiB pages, made in one go: a buffer of 4 KiB pages costs a page fault per page the first
 * time it is filled (most of the system time on a trace of a few threads in this VM) and a TLB
 * miss per page while decoding. Counted atomically, as fds_kept: a merge of many streams keeps
 * to one chunk of memory each.
 */
#define HUGE_PAGE     (2u << 20)
#define HUGE_BUFS_MAX 8u
static unsigned huge_bufs;

static uint8_t *buf_huge(size_t len)
{
	uint8_t *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a, e;

	if (m == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	e = (uintptr_t)m + len + HUGE_PAGE;
	if (a > (uintptr_t)m)
		munmap(m, a - (uintptr_t)m);
	if (e > a + len)
		munmap((void *)(a + len), e - (a + len));
	madvise((void *)a, len, MADV_HUGEPAGE); /* may be refused: 4 KiB pages then */
	madvise((void *)a, len, MADV_POPULATE_WRITE);
	return (uint8_t *)a;
}

static void buf_alloc(struct tr_thread *t, size_t cap)
{
	size_t len = (cap + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);

	t->data_cap = cap;
	if (cap >= HUGE_PAGE / 2 &&
	    __atomic_add_fetch(&huge_bufs, 1, __ATOMIC_RELAXED) <= HUGE_BUFS_MAX) {
		t->data = buf_huge(len);
		if (t->data) {
			t->data_cap = len;
			t->data_huge = true;
			return;
		}
	}
	if (cap >= HUGE_PAGE / 2)
		__atomic_sub_fetch(&huge_bufs, 1, __ATOMIC_RELAXED);
	t->data = xmalloc(cap);
}

static void buf_free(struct tr_thread *t)
{
	if (t->data)
		ASAN_UNPOISON_MEMORY_REGION(t->data, t->data_cap);
	if (t->data_huge) {
		munmap(t->data, t->data_cap);
		__atomic_sub_fetch(&huge_bufs, 1, __ATOMIC_RELAXED);
	} else {
		free(t->data);
	}
	t->data = NULL;
	t->data_cap = 0;
	t->data_huge = false;
}

/* The chunk's records are no longer looked at (the buffer is reused by the next). */
static void chunk_drop(struct tr_thread *t)
{
	t->p = t->end = NULL;
}

/* The stream is read to its end: its buffer and file go. */
static void chunk_release(struct tr_thread *t)
{
	chunk_drop(t);
	buf_free(t);
	if (t->fd_kept) {
		close(t->fd);
		t->fd_kept = false;
		__atomic_sub_fetch(&fds_kept, 1, __ATOMIC_RELAXED);
	}
}

static bool header_is_zero(const struct ft_chunk_header *h)
{
	static const struct ft_chunk_header zero;

	return !memcmp(h, &zero, sizeof(zero));
}

/* Checks a header; 1 usable, 0 skip (warned), -1 the whole trace is unreadable (printed). */
static int header_check(struct trace_reader *r, struct tr_thread *t,
			const struct ft_chunk_header *h, uint64_t room)
{
	if (h->magic != FT_CHUNK_MAGIC) {
		if (h->magic == __builtin_bswap32(FT_CHUNK_MAGIC))
			return error("'%s' was written on a machine of the other byte order: not "
				     "supported",
				     t->path);
		corrupt(r, t, "bad magic 0x%08x", h->magic);
		return 0;
	}
	if (h->endian != FT_ENDIAN_MARK)
		return error("'%s' was written on a machine of the other byte order: not supported",
			     t->path);
	if (h->version != FT_FORMAT_VERSION)
		return error("'%s' has format version %u, this ftrace reads version %d", t->path,
			     h->version, FT_FORMAT_VERSION);
	if (h->chunk_size != t->chunk_size || h->header_size < sizeof(*h) ||
	    h->header_size > room || h->used > room - h->header_size) {
		corrupt(r, t, "bad sizes (chunk %u, header %u, used %u)", h->chunk_size,
			h->header_size, h->used);
		return 0;
	}
	if (h->depth > r->depth_max) {
		corrupt(r, t, "bad depth %u (max-stack %u)", h->depth, r->depth_max);
		return 0;
	}
	return 1;
}

static void note_pid(struct trace_reader *r, uint32_t pid)
{
	for (unsigned i = r->npids; i-- > 0;)
		if (r->pids[i] == pid)
			return;
	if (r->npids == r->cap_pids) {
		r->cap_pids = r->cap_pids ? r->cap_pids * 2 : 16;
		r->pids = xrealloc(r->pids, r->cap_pids * sizeof(*r->pids));
	}
	r->pids[r->npids++] = pid;
}

/*
 * The writer stores its depth in every chunk header, so where chunks follow each other the records
 * of the previous one must end at that depth. They do not when its bytes were damaged in a way that
 * still decodes (no checksum guards the records): say so, mark the tree, and take the header's depth.
 */
static void depth_mismatch(struct trace_reader *r, struct tr_thread *t,
			   const struct ft_chunk_header *h)
{
	problem(r, t,
		"'%s' chunk at offset %llu: the records before it end at depth %u, its header says "
		"%u: "
		"the records before it are damaged (read as they decode), the trace is incomplete",
		t->path, (unsigned long long)t->chunk_off, t->depth, h->depth);
	push_event(t, TR_EV_CORRUPT, 0);
	op_push(t, (struct tr_op){.kind = OP_RESYNC, .count = h->depth});
}

/* A new chunk's header says where the stream stands: queue what changed since the last one. */
static void chunk_enter(struct trace_reader *r, struct tr_thread *t,
			const struct ft_chunk_header *h)
{
	if (t->has_session && (h->session != t->session || h->pid != t->pid || h->tid != t->tid)) {
		/* exec (same pid) replaced the image, a new process reused the tid, or a new
		 * thread took the stream over (FT_CHUNK_FOLLOWED) */
		/* the old image's frames keep its session and pid, so they are named from its
		 * symbols */
		op_push(t,
			(struct tr_op){.kind = OP_CLOSE,
				       .count = UINT32_MAX,
				       .reason = h->pid == t->pid && h->tid == t->tid ? TR_AB_EXEC
										      : TR_AB_END,
				       .value = cur_session(t),
				       .pid = t->pid});
		op_push(t, (struct tr_op){.kind = OP_RESYNC, .count = 0});
		t->lost_prev += t->lost_hdr > t->lost_ev ? t->lost_hdr : t->lost_ev;
		if (h->pid == t->pid && h->tid != t->tid)
			r->takeovers++;
		t->lost_hdr = t->lost_ev = 0;
	}
	/*
	 * A chunk that follows the previous one without a gap continues its stack: the reader's
	 * depth is exact there. The header's depth resynchronises after a gap (skipped data, ring
	 * start).
	 */
	if (t->has_session && !t->gap && h->session == t->session && h->pid == t->pid &&
	    h->tid == t->tid && h->seq == t->seq + 1) {
		if (h->depth != t->depth)
			depth_mismatch(r, t, h);
	} else {
		op_push(t, (struct tr_op){.kind = OP_RESYNC, .count = h->depth});
	}
	t->gap = false;
	t->seq = h->seq;
	if (h->lost > t->lost_hdr) {
		push_event(t, FT_EV_LOST, h->lost - t->lost_hdr);
		t->lost_hdr = h->lost;
	}
	if (h->pid != t->pid || !t->has_session)
		note_pid(r, h->pid);
	r->entered += !t->has_session;
	if (!t->has_session)
		t->start_depth = h->depth;
	t->has_session = true;
	t->session = h->session;
	t->pid = h->pid;
	copies_load(r, t);
	t->tid = h->tid;
	t->tick = h->base_time;
	t->prev_addr = 0;
	t->nchunks++;
}

static bool tid_wanted(const struct trace_reader *r, uint32_t tid)
{
	if (!r->tids)
		return true;
	for (unsigned i = 0; i < r->ntids; i++)
		if (r->tids[i] == tid)
			return true;
	return false;
}

/* What chunk_load() found at an offset. */
enum load { LOAD_FATAL = -1, LOAD_SKIPPED, LOAD_OK, LOAD_EOF };

/* The chunk's records, header_size + used bytes at off (fewer at the file's end), into t->data. */
static enum load chunk_read(struct tr_thread *t, int fd, const struct ft_chunk_header *h,
			    uint64_t off)
{
	size_t want = h->used;
	ssize_t got;

	/* one chunk's room (header_check() keeps used in it): allocated once, reused */
	if (want > t->data_cap || !t->data) {
		buf_free(t);
		buf_alloc(t, want > t->chunk_size ? want : t->chunk_size);
	}
	ASAN_UNPOISON_MEMORY_REGION(t->data, t->data_cap);
	got = read_at(fd, t->data, want, off + h->header_size);
	if (got < 0)
		return error("cannot read '%s': %s", t->path, strerror(errno));
	ASAN_POISON_MEMORY_REGION(t->data + got, t->data_cap - (size_t)got);
	t->p = t->data;
	t->end = t->data + got;
	return LOAD_OK;
}

/* Reads the chunk at off, which ends where the space of the file's whole chunk at or before it
 * ends (a chunk may follow another in its space). LOAD_OK read, LOAD_SKIPPED nothing usable there,
 * LOAD_EOF the file ends at off, LOAD_FATAL. t->next_off moves to the chunk that follows this one
 * in that space, if one does. */
static enum load chunk_load(struct trace_reader *r, struct tr_thread *t, uint64_t off)
{
	struct ft_chunk_header h;
	uint64_t slot_end, size;
	enum load rc = LOAD_SKIPPED;
	int hc, fd = stream_fd(t);
	ssize_t got;

	t->chunk_off = off;
	if (fd < 0)
		return error("cannot open '%s': %s", t->path, open_reason(errno));
	got = read_at(fd, &h, sizeof(h), off);
	if (got == 0 && !t->ring) {
		rc = LOAD_EOF; /* the stream goes no further (yet, when it is still written) */
		goto out;
	}
	if (got != (ssize_t)sizeof(h)) {
		problem(r, t,
			"'%s' is truncated: the file ends inside the chunk header at offset %llu: "
			"skipped, the trace is incomplete",
			t->path, (unsigned long long)off);
		push_event(t, TR_EV_CORRUPT, 0);
		t->gap = true;
		goto out;
	}
	if (header_is_zero(&h)) {
		t->gap = true; /* space reserved by the writer, never used */
		goto out;
	}
	slot_end = (off / t->chunk_size + 1) * t->chunk_size; /* where the space off is in ends */
	hc = header_check(r, t, &h, slot_end - off);
	if (hc == 0) {
		push_event(t, TR_EV_CORRUPT, 0); /* the output shows where data is missing */
		t->gap = true;
	}
	if (hc < 0)
		rc = LOAD_FATAL;
	if (hc <= 0)
		goto out;
	if ((h.flags & FT_CHUNK_FOLLOWED) && !t->ring &&
	    FT_FOLLOWER_OFFSET(off, h.header_size, h.used) + sizeof(h) <= slot_end)
		t->next_off = FT_FOLLOWER_OFFSET(off, h.header_size, h.used);
	if (!tid_wanted(r, h.tid)) {
		t->gap = true; /* another thread's: --tid left it out */
		goto out;
	}
	rc = chunk_read(t, fd, &h, off);
	if (rc != LOAD_OK)
		goto out;
	if ((uint64_t)(t->end - t->p) < h.used) {
		struct stat st;

		/* what is there is still decoded; the cut is shown where the data runs out */
		size = fstat(fd, &st) == 0 && (uint64_t)st.st_size > off
			       ? (uint64_t)st.st_size - off
			       : 0;
		problem(r, t,
			"'%s' is truncated: its chunk at offset %llu has %llu of %llu bytes: the "
			"rest is skipped, the trace is incomplete",
			t->path, (unsigned long long)off, (unsigned long long)size,
			(unsigned long long)(h.header_size + h.used));
		t->cut = true;
	}
	chunk_enter(r, t, &h);
out:
	stream_fd_done(t, fd);
	return rc;
}

static int cmp_seq(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b; /* seq << 32 | chunk index */

	return *x < *y ? -1 : *x > *y;
}

/* A flight-recorder stream wraps around its file: read its chunks in seq order. */
static void ring_index(struct tr_thread *t, int fd, uint64_t size)
{
	unsigned n = (unsigned)(size / t->chunk_size + (size % t->chunk_size != 0));
	struct ft_chunk_header h;

	t->ring = xcalloc(n, sizeof(*t->ring));
	for (unsigned i = 0; i < n; i++)
		if (pread(fd, &h, sizeof(h), (off_t)i * t->chunk_size) == (ssize_t)sizeof(h) &&
		    h.magic == FT_CHUNK_MAGIC)
			t->ring[t->nring++] = (uint64_t)h.seq << 32 | i;
	qsort(t->ring, t->nring, sizeof(*t->ring), cmp_seq);
	if (t->nring)
		t->ring_first_seq = (uint32_t)(t->ring[0] >> 32);
	for (unsigned i = 0; i < t->nring; i++)
		t->ring[i] = (t->ring[i] & 0xffffffffu) * t->chunk_size;
}

/* Learns the stream's chunk size (and ring layout) from its first header. */
static void stream_start(struct trace_reader *r, struct tr_thread *t)
{
	struct ft_chunk_header h;
	struct stat st;
	int fd = stream_fd(t);

	t->started = true;
	t->chunk_size = r->chunk_size;
	if (fd >= 0 && read_at(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
	    h.magic == FT_CHUNK_MAGIC) {
		if (!t->chunk_size && h.chunk_size >= FT_CHUNK_SIZE_MIN &&
		    h.chunk_size <= FT_CHUNK_SIZE_MAX)
			t->chunk_size = h.chunk_size;
		if ((h.flags & FT_CHUNK_RING) && t->chunk_size && fstat(fd, &st) == 0)
			ring_index(t, fd, (uint64_t)st.st_size);
	}
	if (!t->chunk_size)
		t->chunk_size = FT_CHUNK_SIZE_DEFAULT;
	stream_fd_done(t, fd);
}

/* Moves to the next chunk with data. 1 ok, 0 the stream has no more chunks, -1 fatal. */
static int chunk_next(struct trace_reader *r, struct tr_thread *t)
{
	chunk_drop(t);
	if (!t->started)
		stream_start(r, t);
	for (;;) {
		uint64_t off;
		enum load rc;

		if (t->ring) {
			if (t->ring_pos >= t->nring)
				return 0;
			if (!t->ring_pos && t->ring_first_seq)
				push_event(t, TR_EV_OVERWRITTEN,
					   t->ring_first_seq); /* say what is missing */
			off = t->ring[t->ring_pos++];
		} else {
			if (t->range_end && t->next_off >= t->range_end)
				return 0;
			off = t->next_off;
			t->next_off = (off / t->chunk_size + 1) * t->chunk_size;
		}
		rc = chunk_load(r, t, off);
		if (rc == LOAD_EOF)
			return 0;
		if (rc != LOAD_SKIPPED)
			return rc == LOAD_OK ? 1 : -1;
	}
}

/* ---- decoding ---- */

/* The rest of the chunk cannot be trusted: say so once, in the output too, and go to the next. */
static void chunk_abort(struct trace_reader *r, struct tr_thread *t)
{
	if (!t->cut) /* a truncated chunk was reported already */
		corrupt(r, t, "%s", t->why);
	push_event(t, TR_EV_CORRUPT, 0);
	t->p = t->end;
	t->cut = false;
	t->gap = true;
}

/*
 * CONTEXT names the innermost n open frames: a fork child's inherited frames, or those open when a
 * flight-ring chunk began. Only frames we did not know yet are filled in and announced as ENTRYs.
 */
static int decode_context(struct trace_reader *r, struct tr_thread *t, const uint8_t *p,
			  const uint8_t *end)
{
	uint64_t n, tick, addr;
	uint32_t first = UINT32_MAX;

	p = ft_get_varint(p, end, &n);
	if (!p || n > t->depth || n > (uint64_t)(end - p) / 2)
		return -1;
	for (uint32_t i = t->depth - (uint32_t)n; i < t->depth; i++) {
		p = ft_get_varint(p, end, &tick);
		p = p ? ft_get_varint(p, end, &addr) : NULL;
		if (!p)
			return -1;
		if (t->stack[i].known || t->stack[i].outer)
			continue;
		t->stack[i] = (struct tr_frame){
			.addr = addr, .ns = tick_ns(r, tick), .known = true, .inherited = !t->ring};
		if (first == UINT32_MAX)
			first = i;
	}
	if (first != UINT32_MAX)
		op_push(t, (struct tr_op){.kind = OP_CONTEXT, .count = first});
	return 0;
}

static int decode_abandon(struct tr_thread *t, const uint8_t *p, const uint8_t *end)
{
	uint64_t n, reason;

	p = ft_get_varint(p, end, &n);
	p = p ? ft_get_varint(p, end, &reason) : NULL;
	if (!p || n > t->depth)
		return -1;
	if (reason < FT_AB_LONGJMP || reason > FT_AB_UNKNOWN)
		reason = FT_AB_UNKNOWN;
	op_push(t,
		(struct tr_op){.kind = OP_CLOSE, .count = (uint32_t)n, .reason = (uint8_t)reason});
	return 0;
}

/* An EVENT record; 1 when it is handed out as *rec, 0 when consumed here, -1 corrupt. */
static int decode_event(struct trace_reader *r, struct tr_thread *t, const uint8_t *p,
			struct tr_rec *rec)
{
	uint64_t type, len, v;

	p = ft_get_varint(p, t->end, &type);
	p = p ? ft_get_varint(p, t->end, &len) : NULL;
	if (!p || len > (uint64_t)(t->end - p))
		return -1;
	t->p = p + len;
	t->why = "a bad abandon event";
	if (type == FT_EV_ABANDON)
		return decode_abandon(t, p, p + len);
	t->why = "a bad context event";
	if (type == FT_EV_CONTEXT)
		return decode_context(r, t, p, p + len);
	if (type == FT_EV_RETVAL) { /* held for the EXIT that follows */
		t->ret = len <= PAYLOAD_MAX ? payload_keep(t, p, len) : NULL;
		t->ret_len = t->ret ? (uint32_t)len : 0;
		return 0;
	}
	if (type == FT_EV_LOST && ft_get_varint(p, p + len, &v))
		t->lost_ev += v;
	*rec = (struct tr_rec){.type = TR_EVENT,
			       .time = tick_ns(r, t->tick),
			       .event = (uint16_t)type,
			       .payload = p,
			       .payload_len = (uint32_t)len,
			       .depth = t->depth,
			       .pid = t->pid,
			       .tid = t->tid,
			       .session = cur_session(t)};
	return 1;
}

/* Varints of one and two bytes inline: record headers (a call's delta in ticks) are mostly two. */
static inline const uint8_t *get_varint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	if (likely(p + 1 < end)) {
		if (p[0] < 0x80) {
			*v = p[0];
			return p + 1;
		}
		if (likely(p[1] < 0x80)) {
			*v = (uint64_t)(p[0] & 0x7f) | (uint64_t)p[1] << 7;
			return p + 2;
		}
	}
	return ft_get_varint(p, end, v);
}

/* Decodes one record of the current chunk: 1 *rec filled, 0 nothing to hand out, -1 corrupt. */
static inline int decode_one(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	const uint8_t *p = t->p;
	uint64_t h, a;
	struct tr_frame *f;

	t->why = "a record runs past the end of the data";
	p = get_varint(p, t->end, &h);
	if (unlikely(!p))
		return -1;
	t->records++;
	t->tick += h >> 2;
	switch (h & 3) {
	case FT_KIND_ENTRY:
		p = get_varint(p, t->end, &a);
		if (unlikely(!p))
			return -1;
		t->p = p;
		t->prev_addr += (uint64_t)ft_unzigzag(a);
		*rec = (struct tr_rec){.type = TR_ENTRY,
				       .time = tick_ns(r, t->tick),
				       .addr = t->prev_addr,
				       .depth = t->depth,
				       .pid = t->pid,
				       .tid = t->tid,
				       .session = cur_session(t)};
		f = stack_push(t);
		*f = (struct tr_frame){.addr = t->prev_addr, .ns = rec->time, .known = true};
		attach_args(t, rec);
		return 1;
	case FT_KIND_EXIT:
		if (unlikely(!t->depth)) {
			t->why = "an exit with no open frame";
			return -1;
		}
		t->p = p;
		f = &t->stack[--t->depth];
		if (unlikely(!f->known) && !f->outer)
			return 0;
		fill_exit(r, t, f, tick_ns(r, t->tick), rec);
		rec->abandon = 0;
		rec->retval = t->ret;
		rec->retval_len = t->ret_len;
		t->ret = NULL;
		t->ret_len = 0;
		return 1;
	case FT_KIND_EVENT: return decode_event(r, t, p, rec);
	}
	t->why = "a record of kind 0 (zero bytes inside the data)";
	return -1;
}

/* The next record of one stream, with nothing filtered: 1, 0 at its end, -1 fatal. */
/*
 * Why a thread's stream ended with frames open: its process crashed (every thread's frames close at
 * the crash, not at their last record) or was killed; otherwise it simply did not return.
 */
static uint8_t end_reason(struct trace_reader *r, struct tr_thread *t)
{
	for (unsigned i = 0; i < r->ndeaths; i++) {
		if (r->deaths[i].pid != t->pid)
			continue;
		if (r->deaths[i].tick > t->tick)
			t->tick = r->deaths[i].tick;
		return r->deaths[i].reason;
	}
	for (unsigned i = 0; i < r->nends; i++)
		if (r->ends[i].pid == t->pid && r->ends[i].tick > t->tick)
			t->tick = r->ends[i].tick; /* blocked until the process ended */
	return TR_AB_END;
}

static int stream_pull(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	for (;;) {
		int rc;

		if (unlikely(t->op_head != t->op_tail)) {
			if (run_op(r, t, rec))
				return 1;
			continue;
		}
		if (likely(t->p < t->end)) {
			if (unlikely(t->sw_tick != UINT64_MAX) && sw_due(t)) {
				if (sw_emit(r, t, rec))
					return 1;
				continue;
			}
			rc = decode_one(r, t, rec);
			if (likely(rc > 0))
				return 1;
			if (rc < 0)
				chunk_abort(r, t);
			continue;
		}
		if (unlikely(t->cut)) {
			t->cut = false;
			t->gap = true;
			push_event(t, TR_EV_CORRUPT, 0);
			continue;
		}
		if (t->ended) {
			/* switches while its last frames were open come before they close (a tick
			 * of UINT64_MAX is a clock, not the "none left" of sw_tick) */
			if (t->sw < t->sw_end && (t->sw_tick <= t->tick || t->open_end)) {
				if (sw_emit(r, t, rec))
					return 1;
				continue;
			}
			if (!t->closing)
				return 0;
			/* still-open frames are closed, marked: the program did not return from
			 * them */
			t->closing = false;
			op_push(t, (struct tr_op){.kind = OP_CLOSE,
						  .count = UINT32_MAX,
						  .reason = t->closing_reason});
			continue;
		}
		rc = chunk_next(r, t);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			t->ended = true;
			chunk_release(t);
			t->closing = !t->open_end; /* the next part closes them */
			if (t->closing)
				t->closing_reason =
					end_reason(r, t); /* may move t->tick to the process end */
		}
	}
}

/* The depth filter acts before leaf folding, so a call whose children are all hidden is a leaf. */
static inline int stream_filtered(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	for (;;) {
		int rc = stream_pull(r, t, rec);

		if (likely(!r->max_depth) || rc <= 0)
			return rc;
		if (rec->depth < r->max_depth ||
		    (rec->type == TR_EVENT && rec->depth == r->max_depth))
			return rc;
		/* a switch below the cut is its deepest shown caller's */
		if (rec->type == TR_EVENT &&
		    (rec->event == TR_EV_SCHED_OUT || rec->event == TR_EV_SCHED_IN)) {
			rec->depth = r->max_depth;
			return rc;
		}
	}
}

int trace_reader_pull(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	return stream_filtered(r, t, rec);
}

static inline int stream_staged(struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	if (r->stage)
		return r->stage(r->stage_ctx, r, t, rec);
	return stream_filtered(r, t, rec);
}

/* An ENTRY in *h: with TR_FOLD_LEAF, looks at the next record to make it a LEAF. Always 1. */
static int fold(struct trace_reader *r, struct tr_thread *t, struct tr_rec *h)
{
	int rc;

	/* a frame a fork child inherited closes with its own line: `} /\* fork *\/` */
	if (!(r->flags & TR_FOLD_LEAF) || h->type != TR_ENTRY || h->inherited)
		return 1;
	rc = stream_staged(r, t, &t->look);
	if (rc < 0)
		r->fatal = 1;
	t->entry_open = rc == 0 && t->open_end;
	if (rc <= 0)
		return 1;
	if (t->look.type == TR_EXIT && t->look.depth == h->depth && !t->look.abandon) {
		h->type = TR_LEAF;
		h->duration = t->look.duration;
		h->retval = t->look.retval;
		h->retval_len = t->look.retval_len;
	} else {
		t->has_look = true;
	}
	return 1;
}

/* ---- the fast path: plain ENTRY and EXIT records, straight into the caller's records ---- */

/* What every record of a run shares; the time origin is subtracted from handed-out times only. */
struct run_ctx {
	uint64_t tick0, ns0, mult, origin, session, session_end;
	uint32_t pid, tid;
};

/* tick_ns(), with one unsigned multiply for ticks after the calibration point (nearly all) */
static inline uint64_t run_ns(const struct run_ctx *c, uint64_t tick)
{
	uint64_t d = tick - c->tick0;
	__int128 s;

	if (likely((int64_t)d >= 0))
		return c->ns0 + (uint64_t)(((unsigned __int128)d * c->mult) >> 32);
	s = (__int128)(int64_t)d * (__int128)c->mult;
	return c->ns0 + (uint64_t)(int64_t)(s >> 32);
}

static inline void put_rec(const struct run_ctx *c, struct tr_rec *rec, uint8_t type, uint64_t ns,
			   uint64_t addr, uint32_t depth)
{
	rec->type = type;
	rec->time = ns > c->origin ? ns - c->origin : 0;
	rec->addr = addr;
	rec->depth = depth;
	rec->pid = c->pid;
	rec->tid = c->tid;
	rec->session = c->session;
	rec->abandon = 0;
	rec->outer = false;
	rec->event = 0;
	rec->payload = NULL;
	rec->payload_len = 0;
	rec->args = NULL;
	rec->args_len = 0;
}

/*
 * Most records are an ENTRY or an EXIT of a known frame, and most calls are leaves: an ENTRY whose
 * EXIT is the very next record. This decodes up to max of those into recs[], with the stream's
 * state in registers, folding a leaf by peeking at its EXIT's bytes instead of decoding it into the
 * lookahead. It stops before the first record the general path must see (an event, arguments, an
 * ENTRY whose successor is not a plain ENTRY or EXIT, the chunk's end, a frame we do not know,
 * corrupt bytes, a full stack) and returns how many records it wrote. One loop over locals on
 * purpose: stores into recs[] could alias the stream's fields, which would then be reloaded.
 */
static inline __attribute__((always_inline)) unsigned decode_run(struct trace_reader *r,
								 struct tr_thread *t,
								 struct tr_rec *recs, unsigned max,
								 uint64_t origin)
{
	const uint64_t session = cur_session(t); /* before copy_end(): it moves t->copy */
	const struct run_ctx c = {.tick0 = r->tick0,
				  .ns0 = r->ns0,
				  .mult = r->mult,
				  .origin = origin,
				  .session = session,
				  .session_end = stop_tick(t),
				  .pid = t->pid,
				  .tid = t->tid};
	const uint8_t *p = t->p, *end = t->end, *q, *q2;
	const uint8_t *ret = t->ret;
	uint32_t ret_len = t->ret_len, depth = t->depth, cap = t->cap;
	uint64_t tick = t->tick, addr = t->prev_addr, nrec = 0, h, h2, a, ns, now;
	struct tr_frame *stack = t->stack;
	const bool fold = r->flags & TR_FOLD_LEAF;
	unsigned n = 0;

	if (unlikely(!p))
		return 0; /* no chunk mapped yet (or the file is empty): the general path loads one
			   */
	while (n < max) {
		struct tr_rec *rec = &recs[n];

		q = get_varint(p, end, &h);
		if (unlikely(!q))
			break;
		if ((h & 3) == FT_KIND_EXIT) {
			const struct tr_frame *f;

			if (unlikely(!depth) || unlikely(!stack[depth - 1].known) ||
			    unlikely(tick + (h >> 2) >= c.session_end))
				break;
			f = &stack[--depth];
			tick += h >> 2;
			now = run_ns(&c, tick);
			put_rec(&c, rec, TR_EXIT, now, f->addr, depth);
			rec->duration = now > f->ns ? now - f->ns : 0;
			rec->inherited = f->inherited;
			rec->retval = ret;
			rec->retval_len = ret_len;
			ret = NULL;
			ret_len = 0;
			p = q;
			nrec++;
			n++;
			continue;
		}
		if (unlikely((h & 3) != FT_KIND_ENTRY) ||
		    unlikely(tick + (h >> 2) >= c.session_end))
			break;
		q = get_varint(q, end, &a);
		/* an event with no delta right after an ENTRY may be its arguments: attach_args()
		 */
		if (unlikely(!q) || unlikely(q < end && *q == FT_KIND_EVENT))
			break;
		q2 = fold ? get_varint(q, end, &h2) : NULL;
		/* a leaf: its frame opens and closes here, with no switch in between */
		if (q2 && (h2 & 3) == FT_KIND_EXIT && tick + (h >> 2) + (h2 >> 2) < c.session_end) {
			addr += (uint64_t)ft_unzigzag(a);
			tick += h >> 2;
			ns = run_ns(&c, tick);
			tick += h2 >> 2;
			now = run_ns(&c, tick);
			put_rec(&c, rec, TR_LEAF, ns, addr, depth);
			rec->duration = now > ns ? now - ns : 0;
			rec->inherited = false;
			rec->retval = ret;
			rec->retval_len = ret_len;
			ret = NULL;
			ret_len = 0;
			p = q2;
			nrec += 2;
			n++;
			continue;
		}
		/* folding needs to know what follows; a full stack grows in the general path */
		if (unlikely(fold && (!q2 || (h2 & 3) != FT_KIND_ENTRY)) || unlikely(depth == cap))
			break;
		addr += (uint64_t)ft_unzigzag(a);
		tick += h >> 2;
		ns = run_ns(&c, tick);
		stack[depth] = (struct tr_frame){.addr = addr, .ns = ns, .known = true};
		put_rec(&c, rec, TR_ENTRY, ns, addr, depth++);
		rec->duration = 0;
		rec->inherited = false;
		rec->retval = NULL;
		rec->retval_len = 0;
		p = q;
		nrec++;
		n++;
	}
	t->p = p;
	t->tick = tick;
	t->prev_addr = addr;
	t->depth = depth;
	t->ret = ret;
	t->ret_len = ret_len;
	t->records += nrec;
	return n;
}

/* The general path: queued operations, events, the lookahead, stages and filters. */
static __attribute__((noinline)) int stream_slow(struct trace_reader *r, struct tr_thread *t,
						 struct tr_rec *rec)
{
	int rc;

	if (t->has_look) {
		*rec = t->look;
		t->has_look = false;
	} else {
		rc = stream_staged(r, t, rec);
		if (rc <= 0)
			return rc;
	}
	return fold(r, t, rec);
}

static inline bool fast_ok(const struct trace_reader *r, const struct tr_thread *t)
{
	return r->fast && !t->has_look && t->op_head == t->op_tail;
}

#define BUF_RECS 32 /* records a merged stream decodes ahead */

/* Refills t's buffer with up to want records, absolute times: how many, 0 at its end, -1 fatal. */
static int stream_fill(struct trace_reader *r, struct tr_thread *t, unsigned want)
{
	unsigned n = 0;

	t->pos = t->n = 0;
	if (likely(fast_ok(r, t)))
		n = decode_run(r, t, t->buf, want, 0);
	if (!n) {
		int rc = stream_slow(r, t, t->buf);

		if (rc <= 0)
			return rc;
		n = 1;
	}
	t->n = n;
	t->key = t->buf[0].time;
	return (int)n;
}

/* ---- the merge: a binary heap of streams keyed by their next record's time ---- */

static inline bool heap_less(const struct tr_thread *a, const struct tr_thread *b)
{
	return a->key < b->key || (a->key == b->key && a->index < b->index);
}

static void heap_down(struct trace_reader *r, unsigned i)
{
	struct tr_thread **h = r->heap, *x = h[i];

	for (;;) {
		unsigned c = 2 * i + 1;

		if (c >= r->nheap)
			break;
		if (c + 1 < r->nheap && heap_less(h[c + 1], h[c]))
			c++;
		if (!heap_less(h[c], x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/*
 * With few streams (most traces) the heap is kept sorted, which a heap may be: a leader that moved
 * slides down to its place, past the one or two streams that come before it, fewer comparisons
 * than sifting it down a heap, once per turn of a thread.
 */
#define HEAP_SORTED 8

static void heap_sort(struct trace_reader *r)
{
	struct tr_thread **h = r->heap;

	for (unsigned i = 1; i < r->nheap; i++) {
		struct tr_thread *x = h[i];
		unsigned j = i;

		for (; j > 0 && heap_less(x, h[j - 1]); j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
}

/* The top moved (its key grew, or another stream took its place): the heap in order again. */
static inline void heap_top_moved(struct trace_reader *r)
{
	struct tr_thread **h = r->heap, *x = h[0];
	unsigned i = 0;

	if (r->nheap > HEAP_SORTED) {
		heap_down(r, 0);
		return;
	}
	for (; i + 1 < r->nheap && heap_less(h[i + 1], x); i++)
		h[i] = h[i + 1];
	h[i] = x;
}

/* Decodes every stream's first records: the heap needs them, the time origin is the earliest. */
static int prime(struct trace_reader *r)
{
	/* read alone, a stream decodes ahead only what finds the time origin */
	unsigned want = (r->flags & TR_NO_MERGE) || r->nstreams == 1 ? 1 : BUF_RECS;

	r->primed = true;
	r->fast = !r->stage && !r->max_depth;
	sched_setup(r);
	r->origin = UINT64_MAX;
	r->heap = xcalloc(r->nstreams, sizeof(*r->heap));
	for (unsigned i = 0; i < r->nstreams; i++) {
		struct tr_thread *t = r->streams[i];
		int rc;

		t->buf = xmalloc(want * sizeof(*t->buf));
		rc = stream_fill(r, t, want);
		if (rc < 0 || r->fatal)
			return -1;
		if (rc == 0)
			continue;
		if (t->key < r->origin)
			r->origin = t->key;
		r->heap[r->nheap++] = t;
	}
	/* unmerged reading keeps the tid order; one stream needs no merge */
	r->direct = (r->flags & TR_NO_MERGE) || r->nheap <= 1;
	if (!r->direct && r->nheap <= HEAP_SORTED)
		heap_sort(r);
	else if (!r->direct)
		for (unsigned i = r->nheap / 2; i-- > 0;)
			heap_down(r, i);
	return 0;
}

/*
 * One stream at a time, TR_NO_MERGE or the last stream left in the merge: once what prime() or the
 * merge decoded ahead is handed out, records are decoded straight into the caller's, with no copy
 * and no heap.
 */
static inline __attribute__((always_inline)) int next_direct(struct trace_reader *r,
							     struct tr_rec *rec)
{
	while (r->cur < r->nheap) {
		struct tr_thread *t = r->heap[r->cur];
		int rc = 1;

		if (likely(t->pos == t->n) && likely(fast_ok(r, t)) &&
		    likely(decode_run(r, t, rec, 1, r->origin)))
			return 1;
		if (t->pos < t->n) { /* decoded ahead, before the merge ended */
			*rec = t->buf[t->pos++];
		} else {
			rc = stream_slow(r, t, rec);
		}
		if (unlikely(rc < 0 || r->fatal))
			return -1;
		if (likely(rc > 0)) {
			rec->time = rec->time > r->origin ? rec->time - r->origin : 0;
			return 1;
		}
		r->cur++;
	}
	return 0;
}

/*
 * The leading stream t handed out its records: its next one decides its place (decoded ahead, or
 * its buffer refilled), an exhausted stream leaves the heap, and the heap is put back in order.
 * -1 on a read failure.
 */
static inline int leader_moved(struct trace_reader *r, struct tr_thread *t)
{
	int rc = 1;

	if (t->pos < t->n)
		t->key = t->buf[t->pos].time;
	else
		rc = stream_fill(r, t, BUF_RECS);
	if (unlikely(rc < 0 || r->fatal))
		return -1;
	if (rc == 0)
		r->heap[0] = r->heap[--r->nheap];
	r->refill = NULL;
	if (rc == 0 && r->nheap == HEAP_SORTED)
		heap_sort(r); /* few enough streams now to keep them sorted */
	else if (r->nheap > 1)
		heap_top_moved(r);
	return 0;
}

/* Time order across streams; 2 when one stream or none is left: next_direct() takes over. */
static __attribute__((noinline)) int next_merged(struct trace_reader *r, struct tr_rec *rec)
{
	struct tr_thread *t = r->refill;

	if (!r->primed && prime(r) < 0)
		return -1;
	if (r->direct)
		return 2;
	if (likely(t != NULL) && leader_moved(r, t) < 0)
		return -1;
	if (r->nheap <= 1) { /* nothing left to merge: the last stream goes direct */
		r->direct = true;
		return 2;
	}
	t = r->heap[0];
	*rec = t->buf[t->pos++];
	rec->time = rec->time > r->origin ? rec->time - r->origin : 0;
	r->refill = t;
	return 1;
}

int trace_reader_next(struct trace_reader *r, struct tr_rec *rec)
{
	if (unlikely(!r->direct)) {
		int rc = next_merged(r, rec);

		if (rc != 2)
			return rc;
	}
	return next_direct(r, rec);
}

/* The stream t's state lent to a cursor, stopping at stop or earlier (a map copy, a switch). */
static void cursor_lend(const struct trace_reader *r, struct tr_thread *t, struct tr_cursor *c,
			uint64_t stop)
{
	/* the session of the map copy in force (this moves t->copy), then stop_tick() */
	uint64_t session = cur_session(t), own = stop_tick(t);

	*c = (struct tr_cursor){.p = t->p,
				.end = t->end,
				.tick = t->tick,
				.addr = t->prev_addr,
				.stack = t->stack,
				.depth = t->depth,
				.cap = t->cap,
				.tick0 = r->tick0,
				.ns0 = r->ns0,
				.mult = r->mult,
				.origin = r->origin,
				.stop = own < stop ? own : stop,
				.pid = t->pid,
				.tid = t->tid,
				.session = session};
}

/* Can the stream's next records be stepped from its chunk? Nothing decoded ahead or queued. */
static inline bool cursor_ok(const struct trace_reader *r, const struct tr_thread *t)
{
	return t->pos == t->n && fast_ok(r, t) && t->p && !t->ret;
}

/* The stream that comes next after the heap's top: the smaller of its children (nheap >= 2). */
static inline const struct tr_thread *runner_up(const struct trace_reader *r)
{
	const struct tr_thread *c = r->heap[1];

	return r->nheap > 2 && heap_less(r->heap[2], c) ? r->heap[2] : c;
}

/*
 * The first tick of stream t whose records come after stream c's head in the merge's order (time,
 * then stream index): all ticks below it convert to times that go first. tick_ns() never
 * decreases, so it is found from an estimate checked against tick_ns() itself; when the estimate
 * is far off (a head time far from the trace's clock), t->tick: the cursor stops at once and the
 * merge decides, as it always may.
 */
static uint64_t lead_bound(const struct trace_reader *r, const struct tr_thread *t,
			   const struct tr_thread *c)
{
	uint64_t ns = c->key, tick;
	__int128 d;

	if (!r->mult) /* a calibration that makes every tick the same ns (damaged info) */
		return t->tick;
	if (t->index < c->index) { /* a tie goes to t: the first tick after c's time */
		if (ns == UINT64_MAX)
			return UINT64_MAX;
		ns++;
	}
	d = (__int128)(int64_t)(ns - r->ns0) * ((__int128)1 << 32);
	tick = r->tick0 + (uint64_t)(int64_t)(d / (__int128)r->mult);
	for (unsigned i = 0; i < 8 && tick_ns(r, tick - 1) >= ns; i++)
		tick--;
	for (unsigned i = 0; i < 8 && tick_ns(r, tick) < ns; i++)
		tick++;
	if (tick_ns(r, tick - 1) >= ns || tick_ns(r, tick) < ns || tick < t->tick)
		return t->tick;
	return tick;
}

/*
 * The merge's leader, stepped: once the stream whose records the merge handed out last has nothing
 * decoded ahead, the cursor steps its chunk up to the runner-up's head, which is where the merge
 * would move on to another stream.
 */
static int merge_cursor(struct trace_reader *r, struct tr_cursor *c)
{
	struct tr_thread *t = r->refill;

	if (!t || r->nheap < 2 || !cursor_ok(r, t))
		return 0;
	cursor_lend(r, t, c, lead_bound(r, t, runner_up(r)));
	return 1;
}

int trace_reader_cursor(struct trace_reader *r, struct tr_cursor *c)
{
	struct tr_thread *t;

	if (!r->primed || r->fatal)
		return 0;
	if (!r->direct)
		return merge_cursor(r, c);
	if (r->cur >= r->nheap)
		return 0;
	t = r->heap[r->cur];
	if (!cursor_ok(r, t))
		return 0;
	cursor_lend(r, t, c, UINT64_MAX);
	return 1;
}

/*
 * In the merge, the stream's next record is decoded (only that one: the cursor may take over again
 * right after it) to give the stream its place in the heap.
 */
void trace_reader_cursor_done(struct trace_reader *r, const struct tr_cursor *c)
{
	struct tr_thread *t = r->direct ? r->heap[r->cur] : r->refill;
	unsigned n;

	t->p = c->p;
	t->tick = c->tick;
	t->prev_addr = c->addr;
	t->depth = c->depth;
	t->records += c->records;
	if (r->direct || !(n = decode_run(r, t, t->buf, 1, 0)))
		return; /* the general path decodes it, as the merge does */
	t->pos = 0;
	t->n = n;
	t->key = t->buf[0].time;
	if (leader_moved(r, t) < 0)
		r->fatal = 1;
}

static inline bool has_pointers(const struct tr_rec *rec)
{
	return rec->payload || rec->args || rec->retval;
}

/* Does a record at time ns of stream t come out before stream c's head? The heap's order. */
static inline bool before(const struct tr_thread *t, uint64_t ns, const struct tr_thread *c)
{
	return ns < c->key || (ns == c->key && t->index < c->index);
}

/*
 * The top stream t has handed out all it had decoded: decode its next records straight into
 * recs[] and keep those that come before the runner-up's head, with no copy; the others wait in
 * t's buffer, as stream_fill() would leave them. Returns how many were kept (0 when the general
 * path must decode, or t no longer leads); *stop: the last kept one carries pointers.
 */
static unsigned merge_decode(struct trace_reader *r, struct tr_thread *t, struct tr_rec *recs,
			     unsigned max, bool *stop)
{
	const struct tr_thread *c = runner_up(r);
	unsigned m = decode_run(r, t, recs, max < BUF_RECS ? max : BUF_RECS, 0), k = 0;

	while (k < m && before(t, recs[k].time, c)) {
		struct tr_rec *rec = &recs[k++];

		rec->time = rec->time > r->origin ? rec->time - r->origin : 0;
		if (unlikely(has_pointers(rec))) {
			*stop = true;
			break;
		}
	}
	memcpy(t->buf, recs + k, (m - k) * sizeof(*recs));
	t->pos = 0;
	t->n = m - k;
	return k;
}

/*
 * The merge a run at a time: the top stream's records go out while they come before the head of
 * the runner-up, one comparison each, decoded straight into recs[] when they can be; the heap moves
 * once per run instead of once per record. The order is next_merged()'s: time, then stream index.
 * Stops when recs[] is full, after a record with pointers, when one stream or none is left
 * (r->direct) or on a fatal error (r->fatal set); returns how many records it wrote.
 */
static unsigned merge_runs(struct trace_reader *r, struct tr_rec *recs, unsigned max)
{
	unsigned n = 0;
	bool stop = false;

	while (n < max) {
		struct tr_thread *t = r->refill;
		const struct tr_thread *c;
		const struct tr_rec *b, *e;

		if (t) { /* its records were handed out: its next one decides its place */
			if (t->pos == t->n && fast_ok(r, t)) {
				unsigned k = merge_decode(r, t, recs + n, max - n, &stop);

				n += k;
				if (stop)
					break;
				if (k && !t->n) /* all kept: t still leads */
					continue;
			}
			if (leader_moved(r, t) < 0) {
				r->fatal = 1;
				break;
			}
		}
		if (r->nheap <= 1) { /* nothing left to merge: the last stream goes direct */
			r->direct = true;
			break;
		}
		t = r->heap[0];
		c = runner_up(r);
		b = t->buf + t->pos;
		e = t->buf + t->n;
		if ((unsigned)(e - b) > max - n)
			e = b + (max - n);
		do { /* the top's head is the smallest: at least one record goes out */
			struct tr_rec *rec = &recs[n++];

			*rec = *b++;
			rec->time = rec->time > r->origin ? rec->time - r->origin : 0;
			if (unlikely(has_pointers(rec)))
				stop = true;
		} while (!stop && b < e && before(t, b->time, c));
		t->pos = (unsigned)(b - t->buf);
		r->refill = t;
		if (stop)
			break;
	}
	return n;
}

/*
 * A batch ends after a record that carries a payload, arguments or a return value: what they point
 * to stays valid until the next call, as with trace_reader_next().
 */
int trace_reader_read(struct trace_reader *r, struct tr_rec *recs, unsigned max)
{
	unsigned n = 0;

	if (r->fatal)
		return -1;
	if (unlikely(!r->primed) && prime(r) < 0) {
		r->fatal = 1;
		return -1;
	}
	if (!r->direct && max) {
		n = merge_runs(r, recs, max);
		if (r->fatal)
			return n ? (int)n : -1;
		if (n == max || (n && has_pointers(&recs[n - 1])))
			return (int)n;
	}
	while (n < max) {
		struct tr_thread *t = r->direct && r->cur < r->nheap ? r->heap[r->cur] : NULL;
		const struct tr_rec *last;
		int rc;

		if (t && t->pos == t->n && fast_ok(r, t)) {
			n += decode_run(r, t, recs + n, max - n, r->origin);
			if (n == max)
				break;
		}
		rc = trace_reader_next(r, &recs[n]);
		if (rc < 0) {
			r->fatal = 1;
			return n ? (int)n : -1;
		}
		if (rc == 0)
			break;
		last = &recs[n++];
		if (last->payload || last->args || last->retval)
			break;
	}
	return (int)n;
}

/* ---- opening ---- */

/* info: "ftrace-data <version>" then "key: value" lines, kept for trace_reader_info(). */
/* The info file's text, up to INFO_MAX bytes and one more (which says it is too long): a buffer
 * of its size, not of the largest size, since every command opens a reader (some two). A NUL in
 * the text ends its lines. */
static char *read_info(FILE *f, size_t *len)
{
	struct stat st;
	size_t cap = 64 << 10, n = 0;
	char *buf;

	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && (uint64_t)st.st_size < INFO_MAX)
		cap = (size_t)st.st_size + 2; /* one more byte shows that it did not grow */
	buf = xmalloc(cap);
	for (;;) {
		n += fread(buf + n, 1, cap - 1 - n, f);
		if (n < cap - 1 || cap > INFO_MAX)
			break;
		cap = cap * 4 > INFO_MAX + 2 ? INFO_MAX + 2 : cap * 4;
		buf = xrealloc(buf, cap);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int info_load(struct trace_reader *r)
{
	char path[4200], *line, *save = NULL;
	FILE *f;
	size_t n;
	long version;

	snprintf(path, sizeof(path), "%s/%s", r->dir, FT_INFO_FILE);
	f = fopen_regular(path);
	if (!f)
		return error("'%s' is not an ftrace data directory: cannot open '%s': %s", r->dir,
			     path, open_reason(errno));
	r->info = read_info(f, &n);
	fclose(f);
	if (strncmp(r->info, FT_INFO_MAGIC, strlen(FT_INFO_MAGIC)) || n > INFO_MAX)
		return error("'%s' is not an ftrace data directory: '%s' does not start with '%s'",
			     r->dir, path, FT_INFO_MAGIC);
	version = strtol(r->info + strlen(FT_INFO_MAGIC), NULL, 10);
	if (version != FT_FORMAT_VERSION)
		return error("'%s' has format version %ld, this ftrace reads version %d", path,
			     version, FT_FORMAT_VERSION);
	r->keys = xcalloc(n / 2 + 1, sizeof(char *));
	r->vals = xcalloc(n / 2 + 1, sizeof(char *));
	strtok_r(r->info, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = '\0';
		r->keys[r->ninfo] = line;
		r->vals[r->ninfo++] = colon + 1 + strspn(colon + 1, " \t");
	}
	return 0;
}

static void death_add(struct trace_reader *r, uint32_t pid, uint8_t reason, uint64_t tick)
{
	for (unsigned i = 0; i < r->ndeaths; i++)
		if (r->deaths[i].pid == pid)
			return; /* the first word on a process's death is the one that counts */
	r->deaths = xrealloc(r->deaths, (r->ndeaths + 1) * sizeof(*r->deaths));
	r->deaths[r->ndeaths++] = (struct death){pid, reason, tick};
}

static void end_add(struct trace_reader *r, uint32_t pid, uint64_t tick)
{
	for (unsigned i = 0; i < r->nends; i++)
		if (r->ends[i].pid == pid) {
			if (tick > r->ends[i].tick)
				r->ends[i].tick =
					tick; /* exit(), then the destructors: the last word */
			return;
		}
	r->ends = xrealloc(r->ends, (r->nends + 1) * sizeof(*r->ends));
	r->ends[r->nends++] = (struct proc_end){pid, tick};
}

/* Fatal signals libmcount saw (task log), then a traced program killed by a signal it could not
 * see; and when each process ended normally. */
static void death_line(void *ctx, const struct task_line *l)
{
	if (l->kind == TL_SIGNAL)
		death_add(ctx, l->pid, FT_AB_CRASH, l->tick);
	else if (l->kind == TL_EXIT || l->kind == TL_END)
		end_add(ctx, l->pid, l->tick);
}

static void deaths_load(struct trace_reader *r)
{
	const char *status = trace_reader_info(r, "exit-status"),
		   *pid = trace_reader_info(r, "pid");

	task_log_each(r->dir, death_line, r);
	if (status && pid && !strncmp(status, "killed", 6))
		death_add(r, (uint32_t)strtoul(pid, NULL, 10), TR_AB_KILLED, 0);
}

const char *tr_abandon_name(unsigned reason)
{
	switch (reason) {
	case FT_AB_LONGJMP: return "longjmp";
	case FT_AB_EXCEPTION: return "exception";
	case FT_AB_EXIT: return "exit";
	case FT_AB_CRASH: return "crash";
	case TR_AB_END: return "not returned";
	case TR_AB_EXEC: return "exec";
	case TR_AB_CORRUPT: return "lost in corrupt data";
	case TR_AB_KILLED: return "killed";
	default: return "not returned: stack unwound";
	}
}

uint64_t trace_reader_origin(const struct trace_reader *r)
{
	return r->primed ? r->origin : UINT64_MAX;
}

const char *trace_reader_info(struct trace_reader *r, const char *key)
{
	for (unsigned i = 0; i < r->ninfo; i++)
		if (!strcmp(r->keys[i], key))
			return r->vals[i];
	return NULL;
}

/* <tid>.dat, or <tid>-<pid>.dat: the stream of thread tid, which other threads of process pid
 * continued after it ended (FT_CHUNK_FOLLOWED) */
static bool is_stream_name(const char *name, unsigned long *tid)
{
	char *end;

	if (name[0] < '0' || name[0] > '9')
		return false;
	*tid = strtoul(name, &end, 10);
	if (end[0] == '-' && end[1] >= '0' && end[1] <= '9')
		strtoul(end + 1, &end, 10);
	return !strcmp(end, ".dat");
}

static int cmp_stream(const void *a, const void *b)
{
	const struct tr_thread *x = *(struct tr_thread *const *)a,
			       *y = *(struct tr_thread *const *)b;

	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/* Every <tid>.dat, in tid order. */
static int streams_list(struct trace_reader *r)
{
	DIR *d = opendir(r->dir);
	struct dirent *e;
	unsigned cap = 0;
	unsigned long tid;

	if (!d)
		return error("cannot open data directory '%s': %s", r->dir, strerror(errno));
	while ((e = readdir(d))) {
		struct tr_thread *t;

		if (!is_stream_name(e->d_name, &tid))
			continue;
		if (r->nstreams == cap) {
			cap = cap ? cap * 2 : 16;
			r->streams = xrealloc(r->streams, cap * sizeof(*r->streams));
		}
		t = xcalloc(1, sizeof(*t));
		t->path = xmalloc(strlen(r->dir) + strlen(e->d_name) + 2);
		sprintf(t->path, "%s/%s", r->dir, e->d_name);
		t->tid = (uint32_t)tid;
		r->streams[r->nstreams++] = t;
	}
	closedir(d);
	if (r->nstreams) /* no streams: r->streams is NULL, which qsort must not get */
		qsort(r->streams, r->nstreams, sizeof(*r->streams), cmp_stream);
	for (unsigned i = 0; i < r->nstreams; i++)
		r->streams[i]->index = i;
	return 0;
}

struct trace_reader *trace_reader_open(const char *dir, unsigned flags)
{
	struct trace_reader *r = xcalloc(1, sizeof(*r));
	struct stat st;
	const char *cs;

	r->dir = xstrdup(dir);
	r->flags = flags;
	errno = 0;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		error("cannot open data directory '%s': %s", dir,
		      strerror(errno ? errno : ENOTDIR));
		goto fail;
	}
	if (info_load(r) < 0 || streams_list(r) < 0)
		goto fail;
	cs = trace_reader_info(r, "chunk-size");
	if (cs) {
		unsigned long v = strtoul(cs, NULL, 10);

		if (v >= FT_CHUNK_SIZE_MIN && v <= FT_CHUNK_SIZE_MAX)
			r->chunk_size = (uint32_t)v;
	}
	/* libmcount records no frame deeper than --max-stack: a deeper header is damage (and would
	 * make the reader stack that many unknown frames) */
	r->depth_max = DEPTH_SANE;
	cs = trace_reader_info(r, "max-stack");
	if (cs) {
		unsigned long v = strtoul(cs, NULL, 10);

		if (v >= 1 && v < DEPTH_SANE)
			r->depth_max = (uint32_t)v;
	}
	clock_setup(r);
	deaths_load(r);
	counters_load(dir, &r->counters);
	debug(DBG_READER, "'%s': %u streams, chunk size %u", dir, r->nstreams, r->chunk_size);
	return r;
fail:
	trace_reader_close(r);
	return NULL;
}

/*
 * --tid: keep only these threads' chunks. Call before the first trace_reader_next(). A stream
 * named for another thread may hold theirs (threads that took an ended thread's stream over), so
 * only the streams named <tid>.dat of another thread, which hold that thread's alone, are dropped.
 */
void trace_reader_set_tids(struct trace_reader *r, const uint32_t *tids, unsigned n)
{
	unsigned kept = 0;

	free(r->tids);
	r->tids = xmalloc((n ? n : 1) * sizeof(*tids));
	memcpy(r->tids, tids, n * sizeof(*tids));
	r->ntids = n;
	for (unsigned i = 0; i < r->nstreams; i++) {
		struct tr_thread *t = r->streams[i];
		const char *base = strrchr(t->path, '/');

		if (tid_wanted(r, t->tid) || strchr(base ? base : t->path, '-')) {
			r->streams[kept++] = t;
		} else {
			free(t->path);
			free(t);
		}
	}
	r->nstreams = kept;
}

void trace_reader_set_sched(struct trace_reader *r, bool on)
{
	r->want_sched = on;
}

void trace_reader_set_depth(struct trace_reader *r, uint32_t max_depth)
{
	r->max_depth = max_depth;
}

void trace_reader_set_stage(struct trace_reader *r, tr_stage_fn fn, void (*free_ctx)(void *),
			    void *ctx)
{
	r->stage = fn;
	r->stage_free = free_ctx;
	r->stage_ctx = ctx;
}

void trace_reader_stats(struct trace_reader *r, struct tr_stats *st)
{
	/* with --tid, a stream named for another thread counts only if it had one wanted */
	*st = (struct tr_stats){.threads = (r->tids ? r->entered : r->nstreams) + r->takeovers,
				.processes = r->npids};
	for (unsigned i = 0; i < r->nstreams; i++) {
		struct tr_thread *t = r->streams[i];

		st->records += t->records;
		st->lost += t->lost_prev + (t->lost_hdr > t->lost_ev ? t->lost_hdr : t->lost_ev);
		st->chunks += t->nchunks;
		st->corrupt_chunks += t->corrupt;
	}
	if (r->counters.lost > st->lost) /* threads that could not say it in their stream */
		st->lost = r->counters.lost;
}

/* ---- parts, for a parallel fold ---- */

static uint64_t stream_bytes(const struct tr_thread *t)
{
	struct stat st;

	return stat(t->path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* A reader of the n streams at streams, of r: r's state by value, but for what reading changes,
 * which the part owns (see trace_reader_join()). */
static struct trace_reader *part_new(struct trace_reader *r, struct tr_thread **streams, unsigned n)
{
	struct trace_reader *p = xmalloc(sizeof(*p));

	*p = *r;
	p->copies = NULL;
	p->ncopies = 0;
	p->pids = xmalloc((r->npids ? r->npids : 1) * sizeof(*p->pids));
	memcpy(p->pids, r->pids, r->npids * sizeof(*p->pids));
	p->cap_pids = r->npids ? r->npids : 1;
	p->warned = 0;
	memset(p->problems, 0, sizeof(p->problems));
	p->streams = xmalloc(n * sizeof(*p->streams));
	memcpy(p->streams, streams, n * sizeof(*p->streams));
	p->heap = p->streams;
	p->nstreams = p->nheap = n;
	p->cur = 0;
	p->refill = NULL;
	p->takeovers = p->entered = 0;
	return p;
}

/* Is stream i of bytes[i] (of total) more than one and a half of the n parts' shares? Folded on
 * its own it would make the others wait: it is read in ranges instead. */
static bool stream_big(uint64_t bytes, uint64_t total, unsigned n)
{
	return bytes * 2 * n > total * 3;
}

/*
 * Runs of streams of about total / n bytes each: a run ends before the stream whose middle is
 * past its share, or where the streams left are just enough for the runs left. With ranges, a big
 * stream (stream_big()) is a part of its own, ranges[k] the shares it is worth (1 for the others),
 * and runs of small streams around it are cut the same way but need not make up n parts.
 */
static unsigned runs_cut(struct trace_reader *r, unsigned n, const uint64_t *bytes, uint64_t total,
			 struct trace_reader **parts, unsigned *ranges)
{
	unsigned made = 0, first = 0;
	uint64_t acc = 0;

	for (unsigned i = 0; i < r->nheap; i++) {
		unsigned left = r->nheap - i, need = n - made - 1;
		bool big = ranges && stream_big(bytes[i], total, n);

		if (big) {
			if (i > first) {
				ranges[made] = 1;
				parts[made++] = part_new(r, r->heap + first, i - first);
			}
			ranges[made] = (unsigned)((bytes[i] * n * 2 + total) / (total * 2));
			parts[made++] = part_new(r, r->heap + i, 1);
			first = i + 1;
			acc = 0;
			continue;
		}
		if (i > first && (ranges ? (acc + bytes[i] / 2) * n > total
					 : need && (left == need || (acc + bytes[i] / 2) * n >
									    total * (made + 1)))) {
			if (ranges)
				ranges[made] = 1;
			parts[made++] = part_new(r, r->heap + first, i - first);
			first = i;
			acc = 0;
		}
		acc += bytes[i];
	}
	if (first < r->nheap) {
		if (ranges)
			ranges[made] = 1;
		parts[made++] = part_new(r, r->heap + first, r->nheap - first);
	}
	return made;
}

int trace_reader_split(struct trace_reader *r, unsigned n, uint64_t min_bytes,
		       struct trace_reader **parts, unsigned *ranges)
{
	uint64_t total = 0, *bytes, big = 0;
	unsigned made;
	bool cut; /* a big stream is cut in ranges */

	if (!r->primed && prime(r) < 0)
		return -1;
	if (!(r->flags & TR_NO_MERGE) || r->stage || !r->direct || r->fatal || r->cur ||
	    r->nheap < 2 || n < 2)
		return 0;
	bytes = xmalloc(r->nheap * sizeof(*bytes));
	for (unsigned i = 0; i < r->nheap; i++) {
		total += bytes[i] = stream_bytes(r->heap[i]);
		if (bytes[i] > big)
			big = bytes[i];
	}
	if (total < min_bytes) {
		free(bytes);
		return 0;
	}
	/* ranges only where trace_reader_split_stream() could make them (its other conditions it
	 * checks itself); a problem met while priming would be met again by a range */
	cut = ranges && r->fast && !r->tids && !r->warned && stream_big(big, total, n);
	if (!cut && n > r->nheap)
		n = r->nheap;
	made = runs_cut(r, n, bytes, total, parts, cut ? ranges : NULL);
	for (unsigned i = 0; ranges && !cut && i < made; i++)
		ranges[i] = 1;
	free(bytes);
	r->cur = r->nheap; /* the parts read them all */
	return (int)made;
}

int trace_reader_join(struct trace_reader *r, struct trace_reader **parts, unsigned n,
		      unsigned kept)
{
	for (unsigned k = 0; k < n; k++) {
		struct trace_reader *p = parts[k];

		if (k >= kept) { /* read past a failure: as if never read */
			p->npids = p->takeovers = p->entered = p->fatal = 0;
			for (unsigned i = 0; i < p->warned && i < WARN_MAX; i++)
				free(p->problems[i]);
			p->warned = 0;
		}

		for (unsigned i = 0; i < p->warned; i++) {
			if (i < WARN_MAX && r->warned < WARN_MAX)
				r->problems[r->warned] = p->problems[i];
			else if (i < WARN_MAX)
				free(p->problems[i]);
			r->warned++;
		}
		for (unsigned i = 0; i < p->npids; i++)
			note_pid(r, p->pids[i]);
		r->takeovers += p->takeovers;
		r->entered += p->entered;
		if (p->fatal && !r->fatal)
			r->fatal = p->fatal;
		for (size_t i = 0; i < p->ncopies; i++)
			free(p->copies[i].ticks);
		free(p->copies);
		free(p->pids);
		free(p->streams);
		free(p);
	}
	return r->fatal ? -1 : 0;
}

/* ---- ranges of one stream's chunks, for a parallel fold ---- */

/*
 * The chunks of stream t that can be read in ranges: how many, with cum[i] the record bytes of the
 * chunks before chunk i and lost[i] the loss count the reader holds when it enters chunk i. 0 when
 * the file is not a plain run of one thread's chunks in order (a follower, an exec, a hole, a
 * header the reader would complain about): those are read in one go.
 */
static unsigned stream_chunks(const struct trace_reader *r, const struct tr_thread *t,
			      uint64_t **cum, uint64_t **lost, uint64_t **base)
{
	struct ft_chunk_header h, first;
	struct stat st;
	unsigned m = 0, n;
	uint64_t cs = t->chunk_size, max_lost = 0;
	int fd = open_regular(t->path);

	*cum = *lost = *base = NULL;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !cs || (uint64_t)st.st_size / cs > UINT32_MAX - 1)
		goto fail;
	n = (unsigned)(((uint64_t)st.st_size + cs - 1) / cs); /* the last one may be cut short */
	*cum = xmalloc((n + 1) * sizeof(**cum));
	*lost = xmalloc((n + 1) * sizeof(**lost));
	*base = xmalloc((n + 1) * sizeof(**base));
	(*cum)[0] = 0;
	for (; m < n; m++) {
		uint64_t off = (uint64_t)m * cs;

		if (pread(fd, &h, sizeof(h), (off_t)off) != (ssize_t)sizeof(h) ||
		    header_is_zero(&h))
			break;
		if (!m)
			first = h;
		if (h.magic != FT_CHUNK_MAGIC || h.endian != FT_ENDIAN_MARK ||
		    h.version != FT_FORMAT_VERSION || h.chunk_size != cs ||
		    h.header_size != sizeof(h) || h.used > cs - sizeof(h) ||
		    off + sizeof(h) + h.used > (uint64_t)st.st_size || h.depth > r->depth_max ||
		    (h.flags & (FT_CHUNK_RING | FT_CHUNK_FOLLOWED)) || h.seq != m ||
		    h.pid != first.pid || h.tid != first.tid || h.session != first.session)
			goto fail;
		(*lost)[m] = max_lost;
		(*base)[m] = h.base_time;
		if (h.lost > max_lost)
			max_lost = h.lost;
		(*cum)[m + 1] = (*cum)[m] + h.used;
	}
	/* what follows the last chunk must be unused space only: nothing the ranges would miss */
	for (unsigned i = m; i < n; i++)
		if (pread(fd, &h, sizeof(h), (off_t)((uint64_t)i * cs)) != (ssize_t)sizeof(h) ||
		    !header_is_zero(&h))
			goto fail;
	close(fd);
	return m;
fail:
	close(fd);
	free(*cum);
	free(*lost);
	free(*base);
	*cum = *lost = *base = NULL;
	return 0;
}

/* What a range of a stream starts with: the stream read in one go would stand so there. */
struct range_start {
	unsigned chunk;
	uint64_t lost;		       /* the loss count so far */
	const struct ft_sched_rec *sw; /* its first switch: the first at or after its first chunk */
};

/* A reader of chunks [a->chunk, b->chunk) of stream t (b: NULL to its end), on a copy of t's state
 * as it was before reading. */
static struct trace_reader *range_new(struct trace_reader *r, const struct tr_thread *t,
				      const struct range_start *a, const struct range_start *b,
				      const struct ft_sched_rec *sw_end)
{
	struct tr_thread *s = xcalloc(1, sizeof(*s));
	const struct ft_sched_rec *prev = a->chunk && a->sw > r->sched.v ? a->sw - 1 : NULL;

	*s = (struct tr_thread){.path = t->path,
				.index = t->index,
				.chunk_size = t->chunk_size,
				.started = true,
				.next_off = (uint64_t)a->chunk * t->chunk_size,
				.lost_hdr = a->lost,
				.sw = a->sw,
				.sw_end = b ? b->sw : sw_end,
				/* switch state of the stream read in one go: after the last switch
				 * before the range */
				.out_seen =
					prev && prev->tid == t->tid && (prev->flags & FT_SCHED_OUT),
				.out_ns = prev && prev->tid == t->tid ? prev->ns : 0,
				.range_end = b ? (uint64_t)b->chunk * t->chunk_size : 0,
				.mid = a->chunk > 0,
				.open_end = b != NULL};
	sw_next(r, s);
	s->buf = xmalloc(sizeof(*s->buf));
	return part_new(r, &s, 1);
}

/* The first of t's switches [sw, end) at or after tick. */
static const struct ft_sched_rec *sw_from(const struct trace_reader *r,
					  const struct ft_sched_rec *sw,
					  const struct ft_sched_rec *end, uint64_t tick)
{
	while (sw < end && ns_tick(r, sw->ns) < tick)
		sw++;
	return sw;
}

int trace_reader_split_stream(struct trace_reader *r, unsigned n, uint64_t min_bytes,
			      struct trace_reader **parts)
{
	const struct ft_sched_rec *sw = NULL, *sw_end = NULL;
	struct range_start starts[TR_SPLIT_MAX];
	uint64_t *cum, *lost, *base;
	unsigned m;
	struct tr_thread *t;

	if (!r->primed && prime(r) < 0)
		return -1;
	if (!r->direct || !r->fast || r->tids || r->fatal || r->cur || r->warned || r->nheap != 1 ||
	    n < 2)
		return 0;
	t = r->heap[0];
	if (t->ring || stream_bytes(t) < min_bytes)
		return 0;
	m = stream_chunks(r, t, &cum, &lost, &base);
	if (m < 2) {
		free(cum);
		free(lost);
		free(base);
		return 0;
	}
	if (t->sw) /* all its switches: priming may have taken some */
		sched_log_range(&r->sched, t->tid, &sw, &sw_end);
	if (n > m)
		n = m;
	if (n > TR_SPLIT_MAX)
		n = TR_SPLIT_MAX;
	/* ranges of about the same record bytes, each at least one chunk: range k ends before the
	 * first chunk past k / n of them */
	starts[0] = (struct range_start){.sw = sw};
	for (unsigned k = 1; k < n; k++) {
		unsigned c = starts[k - 1].chunk + 1;

		while (c < m - (n - k) && cum[c] * n < cum[m] * k)
			c++;
		starts[k] =
			(struct range_start){.chunk = c,
					     .lost = lost[c],
					     .sw = sw_from(r, starts[k - 1].sw, sw_end, base[c])};
	}
	for (unsigned k = 0; k < n; k++)
		parts[k] = range_new(r, t, &starts[k], k + 1 < n ? &starts[k + 1] : NULL, sw_end);
	free(cum);
	free(lost);
	free(base);
	debug(DBG_READER, "'%s': %u chunks read in %u ranges", t->path, m, n);
	return (int)n;
}

bool trace_reader_starts_inside(const struct trace_reader *part)
{
	return part->nstreams == 1 && part->streams[0]->mid;
}

void trace_reader_edge(const struct trace_reader *part, struct tr_edge *e)
{
	const struct tr_thread *t = part->streams[0];

	*e = (struct tr_edge){.start_depth = t->start_depth,
			      .depth = t->depth,
			      .stack = t->stack,
			      .entry_open = t->entry_open,
			      .clean = !part->warned && !part->fatal && t->has_session && !t->gap &&
				       !t->cut && t->ended && !t->closing &&
				       t->op_head == t->op_tail && t->pos == t->n && !t->has_look};
}

int trace_reader_join_stream(struct trace_reader *r, struct trace_reader **parts, unsigned n,
			     bool used)
{
	struct tr_thread *t = n ? r->heap[0] : NULL;

	if (used) { /* r read them: the stream's counts are the parts' */
		t->records = t->nchunks = t->corrupt = 0;
		t->lost_ev = 0;
		for (unsigned k = 0; k < n; k++) {
			const struct tr_thread *s = parts[k]->streams[0];

			t->records += s->records;
			t->nchunks += s->nchunks;
			t->corrupt += s->corrupt;
			t->lost_ev += s->lost_ev;
			if (s->lost_hdr > t->lost_hdr)
				t->lost_hdr = s->lost_hdr;
		}
		r->cur = r->nheap;
	}
	for (unsigned k = 0; k < n; k++) {
		struct tr_thread *s = parts[k]->streams[0];

		chunk_release(s);
		free(s->stack);
		free(s->buf);
		free(s);
		parts[k]->entered = 0; /* the stream was entered already */
	}
	return trace_reader_join(r, parts, n, used ? n : 0);
}

/* One line for every reader when tracing stopped early or records were lost while recording. */
static void losses_print(struct trace_reader *r)
{
	struct tr_stats st;
	char what[512];

	trace_reader_stats(r, &st);
	r->counters.lost = st.lost;
	if (counters_describe(&r->counters, what, sizeof(what)))
		warn("%s: the trace in '%s' is incomplete", what, r->dir);
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r)
		return;
	problems_print(r);
	losses_print(r);
	for (unsigned i = 0; i < r->nstreams; i++) {
		struct tr_thread *t = r->streams[i];

		chunk_release(t);
		free(t->buf);
		free(t->stack);
		free(t->ring);
		free(t->path);
		free(t);
	}
	if (r->stage_free)
		r->stage_free(r->stage_ctx);
	free(r->tids);
	free(r->streams);
	free(r->heap);
	free(r->pids);
	free(r->keys);
	free(r->vals);
	free(r->deaths);
	free(r->ends);
	for (size_t i = 0; i < r->ncopies; i++)
		free(r->copies[i].ticks);
	free(r->copies);
	free(r->info);
	sched_log_free(&r->sched);
	free(r->dir);
	free(r);
}
