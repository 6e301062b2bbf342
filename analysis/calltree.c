/* SPDX-License-Identifier: MIT */
/* The calling-context tree: one node per distinct call path, records folded into it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calltree.h"
#include "compiler.h"
#include "util.h"

struct ca_frame {
	uint32_t node;
	bool counted; /* false: inherited from a fork parent, or a gap filler */
	bool lane;    /* pushed by the fast lane running now (tree_run()): counted, no off-CPU time,
			 ns and addr set; cleared where a lane starts */
	uint64_t child_ns;
	uint64_t off_ns, off_self; /* off-CPU time inside the open call, and while innermost */
	uint64_t ns, addr;	   /* tree_run() only: the reader's frame (entry time, address) */
};

struct ca_tstate {
	struct ca_thread_info info;
	uint32_t root; /* the node the thread's outermost frames hang under */
	uint32_t depth, cap;
	struct ca_frame *frames; /* frames[-1] exists: a sentinel whose node is root */
	bool leaf_open;		 /* the last record was an ENTRY from a cursor (tree_steps()) */
};

/* Key bit of a placeholder node: in a part of one stream read in ranges, the frame open at level
 * key & ~CA_OUTER_KEY when its range started (fold_ranges()) */
#define CA_OUTER_KEY 0x40000000u

/* The exit of a frame open before a part's range, as the part saw it: the rest is in the part
 * where the frame opened. */
struct ca_stitch {
	uint64_t exit_ns;	   /* absolute */
	uint64_t child_ns;	   /* the time of its children in the part */
	uint64_t off_ns, off_self; /* off-CPU time in the part: inside it, and while innermost */
	uint64_t time;		   /* the record's time */
	uint32_t level;
	bool abandon;
	bool first; /* the part's first record */
};

static uint32_t node_new(struct ca_tree *t, uint32_t parent, uint32_t key)
{
	struct ca_node *n;
	uint32_t id;

	if (t->nnodes == t->cap) {
		t->cap *= 2;
		t->nodes = big_realloc(t->nodes, t->nnodes * sizeof(*t->nodes),
				       t->cap * sizeof(*t->nodes));
	}
	id = t->nnodes++;
	n = &t->nodes[id];
	*n = (struct ca_node){.key = key,
			      .parent = parent,
			      .first = CA_NONE,
			      .next = CA_NONE,
			      .last = CA_NONE,
			      .hint = CA_NONE,
			      .hint_addr = UINT64_MAX,
			      .hint_session = UINT64_MAX, /* no session is: see run_child() */
			      .tmin = UINT64_MAX,
			      .smin = UINT64_MAX};
	if (parent == CA_NONE)
		return id;
	n->depth = parent == CA_ROOT ? 0 : t->nodes[parent].depth + 1;
	/* recursion: is key already on the path? Once per distinct path, so the walk costs nothing
	 */
	for (uint32_t a = parent; a != CA_ROOT && !(key & CA_THREAD_KEY); a = t->nodes[a].parent)
		if (t->nodes[a].key == key) {
			n->recursive = true;
			break;
		}
	if (t->nodes[parent].last == CA_NONE)
		t->nodes[parent].first = id;
	else
		t->nodes[t->nodes[parent].last].next = id;
	t->nodes[parent].last = id;
	return id;
}

uint32_t ca_tree_child(struct ca_tree *t, uint32_t parent, uint32_t key)
{
	uint32_t h = t->nodes[parent].hint, *id;
	bool added;

	if (likely(h != CA_NONE && t->nodes[h].key == key))
		return h;
	id = hashmap_slot(&t->children, ((uint64_t)parent << 32) | key, 0, 0, &added);
	if (added)
		*id = node_new(t, parent, key);
	t->nodes[parent].hint = *id;
	t->nodes[parent].hint_addr = UINT64_MAX; /* the caller sets it when it knows it */
	return *id;
}

struct ca_tree *ca_tree_new(unsigned flags)
{
	struct ca_tree *t = xcalloc(1, sizeof(*t));

	t->flags = flags;
	t->cap = 1024;
	t->nodes = big_alloc(t->cap * sizeof(*t->nodes));
	hashmap_init(&t->children, 2048);
	hashmap_init(&t->byaddr, 2048);
	node_new(t, CA_NONE, CA_NONE); /* the root */
	hashmap_init(&t->bytid, 32);
	return t;
}

void ca_tree_free(struct ca_tree *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->nthreads; i++)
		free(t->threads[i].frames - 1);
	free(t->threads);
	hashmap_free(&t->bytid);
	hashmap_free(&t->children);
	hashmap_free(&t->byaddr);
	big_free(t->nodes, t->cap * sizeof(*t->nodes));
	free(t->dm);
	free(t->stitches);
	free(t);
}

/* Room for frames up to depth need (exclusive), and the sentinel below them. */
static void frames_grow(struct ca_tstate *s, uint32_t need)
{
	s->cap = need + 64;
	s->frames = (struct ca_frame *)xrealloc(s->frames ? s->frames - 1 : NULL,
						(s->cap + 1) * sizeof(*s->frames)) +
		    1;
}

/* A part's thread starts depth frames deep: placeholders stand for them until the join. */
static void outer_open(struct ca_tree *t, struct ca_tstate *s, uint32_t depth)
{
	uint32_t node = s->root;

	if (depth > s->cap)
		frames_grow(s, depth);
	for (uint32_t i = 0; i < depth; i++) {
		node = ca_tree_child(t, node, CA_OUTER_KEY | i);
		s->frames[i] = (struct ca_frame){.node = node};
	}
	s->depth = depth;
	t->outer_depth = depth;
}

static struct ca_tstate *thread_new(struct ca_tree *t, const struct tr_rec *rec)
{
	struct ca_tstate *s;
	uint32_t k = t->nthreads;

	if (k == t->tcap) {
		t->tcap = t->tcap ? t->tcap * 2 : 16;
		t->threads = xrealloc(t->threads, t->tcap * sizeof(*t->threads));
	}
	t->nthreads++;
	s = &t->threads[k];
	*s = (struct ca_tstate){.info = {.tid = rec->tid, .pid = rec->pid, .first_ns = rec->time}};
	s->root = t->flags & CA_PER_THREAD ? ca_tree_child(t, CA_ROOT, CA_THREAD_KEY | k) : CA_ROOT;
	frames_grow(s, 0);
	s->frames[-1] = (struct ca_frame){.node = s->root};
	if (unlikely(t->outer)) /* an outer exit's frame was open: one level more */
		outer_open(t, s, rec->depth + rec->outer);
	return &t->threads[k];
}

/* The thread of tid, or NULL when it has no record yet. */
static struct ca_tstate *thread_find(struct ca_tree *t, uint32_t tid)
{
	uint32_t k;

	if (likely(t->last && t->last->info.tid == tid))
		return t->last;
	k = hashmap_get(&t->bytid, tid, 0, 0);
	return k == HASHMAP_NONE ? NULL : (t->last = &t->threads[k]);
}

static struct ca_tstate *thread_of(struct ca_tree *t, const struct tr_rec *rec)
{
	uint32_t *k;
	bool added;

	if (likely(t->last && t->last->info.tid == rec->tid))
		return t->last;
	k = hashmap_slot(&t->bytid, rec->tid, 0, 0, &added);
	if (added) {
		*k = t->nthreads;
		return t->last = thread_new(t, rec);
	}
	return t->last = &t->threads[*k];
}

/*
 * The node frames at depth d hang under. Frames the reader knows were open but has no record of
 * (a ring or a skipped chunk started mid-stack) leave a gap: those calls hang under the deepest
 * frame we know, and the gap's frames count nothing.
 */
static uint32_t frame_gap(struct ca_tstate *s, uint32_t d);

static inline uint32_t frame_parent(struct ca_tstate *s, uint32_t d)
{
	if (likely(d > 0 && d <= s->depth))
		return s->frames[d - 1].node;
	return d == 0 ? s->root : frame_gap(s, d);
}

static uint32_t frame_gap(struct ca_tstate *s, uint32_t d)
{
	uint32_t parent;

	parent = s->depth ? s->frames[s->depth - 1].node : s->root;
	if (d > s->cap)
		frames_grow(s, d);
	for (uint32_t i = s->depth; i < d; i++)
		s->frames[i] = (struct ca_frame){.node = parent};
	s->depth = d;
	return parent;
}

/* One call's total and self time into its node; the fast lane passes minmax as a constant. */
static inline void run_count(struct ca_node *n, uint64_t total, uint64_t self, const bool minmax)
{
	n->calls++;
	n->total += total;
	n->self += self;
	if (!minmax)
		return;
	if (total < n->tmin)
		n->tmin = total;
	if (total > n->tmax)
		n->tmax = total;
	if (self < n->smin)
		n->smin = self;
	if (self > n->smax)
		n->smax = self;
}

static inline void node_count(const struct ca_tree *t, struct ca_node *n, uint64_t total,
			      uint64_t self)
{
	run_count(n, total, self, t->flags & CA_MINMAX);
}

/* child_miss() when the cache does not know the child: the node by (addr, session, parent), or
 * the function's id and its node the first time; the cache's entry i for it (the first time, the
 * cache itself). */
static __attribute__((noinline)) uint32_t child_fill(struct ca_tree *t, struct ca_funcs *fn,
						     uint32_t parent, uint64_t addr, uint32_t pid,
						     uint64_t session, size_t i)
{
	uint32_t c, *slot;
	bool added;

	if (unlikely(!t->dm)) {
		/* zeroed pages, touched as entries are filled: a small trace pays for a few */
		t->dm = xcalloc((size_t)1 << CA_DM_BITS, sizeof(*t->dm));
	}
	/* one hash lookup for a child seen before; the function's id, then its node, the first time */
	slot = hashmap_slot(&t->byaddr, addr, session, parent, &added);
	if (added) {
		c = ca_tree_child(
			t, parent,
			ca_func_id(fn,
				   &(struct tr_rec){.addr = addr, .pid = pid, .session = session}));
		*slot = c; /* still valid: nothing else uses byaddr */
	} else {
		c = *slot;
	}
	t->dm[i] =
		(struct ca_dm){.addr = addr, .session = session, .parent1 = parent + 1, .child = c};
	/* ca_tree_child() may have moved the nodes */
	t->nodes[parent].hint = c;
	t->nodes[parent].hint_addr = addr;
	t->nodes[parent].hint_session = session;
	return c;
}

/*
 * child_by_addr() when the node's own hint missed: the direct-mapped cache (struct ca_dm), then
 * the function lookup. The child found becomes the hint. A child is a function of (parent,
 * address, session): a cached one never goes wrong, it is only replaced. Out of line, and small:
 * the lane's registers are not spent on it.
 */
static __attribute__((noinline)) uint32_t child_miss(struct ca_tree *t, struct ca_funcs *fn,
						     uint32_t parent, uint64_t addr, uint32_t pid,
						     uint64_t session)
{
	size_t i = ((addr ^ ((uint64_t)parent << 40)) * 0x9e3779b97f4a7c15ull) >> (64 - CA_DM_BITS);
	const struct ca_dm *e = t->dm ? t->dm + i : NULL; /* no offset on NULL: UB */
	struct ca_node *p;

	if (unlikely(!e) || e->addr != addr || e->parent1 != parent + 1 || e->session != session)
		return child_fill(t, fn, parent, addr, pid, session, i);
	p = &t->nodes[parent];
	p->hint = e->child;
	p->hint_addr = addr;
	p->hint_session = session;
	return e->child;
}

/*
 * The node of the function at addr under parent. The hot path of every analysis: a loop calling
 * the same function from the same place finds it by address, with no hashing and no symbol
 * lookup.
 */
static inline uint32_t child_by_addr(struct ca_tree *t, struct ca_funcs *fn, uint32_t parent,
				     uint64_t addr, uint32_t pid, uint64_t session)
{
	struct ca_node *p = &t->nodes[parent];

	if (likely(p->hint_addr == addr && p->hint_session == session && p->hint != CA_NONE))
		return p->hint;
	return child_miss(t, fn, parent, addr, pid, session);
}

static inline void add_entry(struct ca_tree *t, struct ca_funcs *fn, struct ca_tstate *s,
			     uint32_t d, uint64_t addr, uint32_t pid, uint64_t session,
			     bool inherited)
{
	uint32_t node = child_by_addr(t, fn, frame_parent(s, d), addr, pid, session);

	if (unlikely(d >= s->cap))
		frames_grow(s, d + 1);
	s->frames[d] = (struct ca_frame){.node = node, .counted = !inherited};
	s->depth = d + 1;
}

static void off_count(struct ca_node *n, const struct ca_frame *f)
{
	n->offcpu += f->off_ns;
	n->offcpu_self += f->off_self;
}

/* A switch-in: the thread was off the CPU inside every call open then, the innermost's own. */
static void add_offcpu(struct ca_tstate *s, const struct tr_rec *rec)
{
	struct ca_frame *f;

	if (!rec->depth || rec->depth > s->depth)
		return; /* outside any call, or in one opened before the data we have */
	f = &s->frames[rec->depth - 1];
	f->off_ns += rec->duration;
	f->off_self += rec->duration;
}

static inline void add_exit(struct ca_tree *t, struct ca_tstate *s, uint32_t d, uint64_t duration)
{
	struct ca_frame *f;

	if (unlikely(d >= s->depth))
		return; /* nothing open there: the reader gave us an exit we cannot place */
	f = &s->frames[d];
	if (f->counted)
		node_count(t, &t->nodes[f->node], duration,
			   duration > f->child_ns ? duration - f->child_ns : 0);
	if (unlikely(f->off_ns) && f->counted)
		off_count(&t->nodes[f->node], f);
	if (d > 0) {
		s->frames[d - 1].child_ns += duration;
		s->frames[d - 1].off_ns += f->off_ns;
	}
	s->depth = d;
}

static void add_leaf(struct ca_tree *t, struct ca_funcs *fn, struct ca_tstate *s,
		     const struct tr_rec *rec)
{
	uint32_t d = rec->depth,
		 node = child_by_addr(t, fn, frame_parent(s, d), rec->addr, rec->pid, rec->session);

	node_count(t, &t->nodes[node], rec->duration, rec->duration);
	if (d > 0)
		s->frames[d - 1].child_ns += rec->duration;
	s->depth = d;
}

/* A thread's last time is its last record's: a leaf's is its entry's (the reader folds it). */
static inline void note_time(struct ca_tstate *s, uint64_t time)
{
	if (time > s->info.last_ns)
		s->info.last_ns = time;
}

/* An outer exit (a part's, see ca_stitch): kept for the join, which knows the frame's entry. */
static void stitch_note(struct ca_tree *t, struct ca_tstate *s, const struct tr_rec *rec,
			bool first)
{
	uint32_t d = rec->depth;

	if (d >= s->depth || !(t->nodes[s->frames[d].node].key & CA_OUTER_KEY)) {
		t->stitch_bad = true; /* the join will not be exact: the fold goes another way */
		return;
	}
	if (t->nstitches == t->stitch_cap) {
		t->stitch_cap = t->stitch_cap ? t->stitch_cap * 2 : 64;
		t->stitches = xrealloc(t->stitches, t->stitch_cap * sizeof(*t->stitches));
	}
	t->stitches[t->nstitches++] = (struct ca_stitch){.exit_ns = rec->duration,
							 .child_ns = s->frames[d].child_ns,
							 .off_ns = s->frames[d].off_ns,
							 .off_self = s->frames[d].off_self,
							 .time = rec->time,
							 .level = d,
							 .abandon = rec->abandon != 0,
							 .first = first};
	s->depth = d;
}

void ca_tree_add(struct ca_tree *t, struct ca_funcs *fn, const struct tr_rec *rec)
{
	struct ca_tstate *s;
	bool first = !t->seen;

	t->seen = true;
	if (unlikely(rec->type == TR_EVENT)) {
		s = thread_find(t, rec->tid);
		if (s) /* the reader does not fold a leaf across an event */
			s->leaf_open = false;
		if (s && rec->event == TR_EV_SCHED_IN)
			add_offcpu(s, rec);
		return;
	}
	s = thread_of(t, rec);
	if (unlikely(rec->outer)) {
		stitch_note(t, s, rec, first);
		s->leaf_open = false;
		return;
	}
	s->info.records++;
	switch (rec->type) {
	case TR_LEAF: add_leaf(t, fn, s, rec); break;
	case TR_ENTRY:
		add_entry(t, fn, s, rec->depth, rec->addr, rec->pid, rec->session, rec->inherited);
		break;
	case TR_EXIT:
		/* its ENTRY came from a cursor, which does not fold: the reader would have */
		if (s->leaf_open && !rec->abandon && rec->depth + 1 == s->depth) {
			s->info.records--;
			add_exit(t, s, rec->depth, rec->duration);
			s->leaf_open = false;
			return;
		}
		add_exit(t, s, rec->depth, rec->duration);
		break;
	}
	s->leaf_open = false;
	note_time(s, rec->time);
}

/* The running totals of a cursor session, written back to the thread when it ends. */
struct ca_run {
	uint64_t records; /* steps: a leaf is one, as the reader's folded TR_LEAF */
	uint64_t last;	  /* absolute ns of the last record (a leaf's: its entry), 0 = none */
	bool leaf_open;	  /* the last step was an ENTRY */
};

/* 8 bytes at p, little-endian (x86-64 only: the trace format is little-endian) */
static inline uint64_t load8(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The layout of up to three varints (a record: a header of one or two bytes, an address delta of
 * one to three, the next header of one or two) at the start of an 8-byte word, by the
 * continuation bits of its first seven bytes: the payload bits of each, where the second and
 * third start (bit shifts), the bytes up to the end of each, and whether none of the three is
 * longer (n1 0: not even the first). One lookup replaces a chain of length tests, and there is no
 * branch on lengths, which follow the durations and the distances between functions and which no
 * predictor guesses.
 */
struct v3_layout {
	uint32_t m2;	       /* 0x7f, 0x7f7f or 0x7f7f7f: the payload bits of the second */
	uint16_t m1, m3;       /* 0x7f or 0x7f7f: those of the first and third */
	uint8_t s2, s3;	       /* bit offsets of the second and third varint */
	uint8_t n1, n12, n123; /* bytes up to the end of the first, second, third */
	uint8_t ok3;	       /* the three are that short */
	uint8_t pad[2];
};
_Static_assert(sizeof(struct v3_layout) == 16, "word_layout() scales the index by 16");

/* The table, computed by the compiler from the index: bit k set when byte k continues. */
#define V3_C(i, k)    (((i) >> (k)) & 1)
#define V3_LEN(i, b)  (1 + V3_C(i, b)) /* a header starting at byte b, if it is short */
#define V3_OK(i, b)   (!(V3_C(i, b) && V3_C(i, (b) + 1)))
#define V3_M(i, b)    (V3_C(i, b) ? 0x7f7f : 0x7f)
#define V3_LENA(i, b) (1 + V3_C(i, b) + (V3_C(i, b) && V3_C(i, (b) + 1))) /* an address delta */
#define V3_OKA(i, b)  (!(V3_C(i, b) && V3_C(i, (b) + 1) && V3_C(i, (b) + 2)))
#define V3_MA(i, b)   (V3_C(i, b) ? V3_C(i, (b) + 1) ? 0x7f7f7f : 0x7f7f : 0x7f)
#define V3_B2(i)      V3_LEN(i, 0)
#define V3_B3(i)      (V3_B2(i) + V3_LENA(i, V3_B2(i)))
#define V3_END(i)     (V3_B3(i) + V3_LEN(i, V3_B3(i)))
#define V3(i)                                                                             \
	{                                                                                 \
		.m2 = V3_MA(i, V3_B2(i)), .m1 = V3_M(i, 0), .m3 = V3_M(i, V3_B3(i)),      \
		.s2 = 8 * V3_B2(i), .s3 = 8 * V3_B3(i), .n1 = V3_OK(i, 0) ? V3_B2(i) : 0, \
		.n12 = V3_B3(i), .n123 = V3_END(i),                                       \
		.ok3 = V3_OK(i, 0) && V3_OKA(i, V3_B2(i)) && V3_OK(i, V3_B3(i))           \
	}
#define V3_8(i)	 V3(i), V3(i + 1), V3(i + 2), V3(i + 3), V3(i + 4), V3(i + 5), V3(i + 6), V3(i + 7)
#define V3_32(i) V3_8(i), V3_8(i + 8), V3_8(i + 16), V3_8(i + 24)

static const struct v3_layout v3_tab[128] = {V3_32(0), V3_32(32), V3_32(64), V3_32(96)};

/*
 * The layout of the varints at the start of w. The continuation bits of bytes 0-6 are gathered
 * by one multiplication: bit 8k of c lands on bit 57 + k; every other product falls below bit 56
 * or past bit 63, and no two on the same bit, so bits 56-63 are twice the index, scaled by 8 in
 * the address.
 */
static inline const struct v3_layout *word_layout(uint64_t w)
{
	uint64_t c = (w >> 7) & 0x01010101010101ull;

	return (const struct v3_layout *)((const char *)v3_tab +
					  ((c * 0x0204081020408000ull) >> 56) * 8);
}

/* An address delta's value from its bytes (x & mask: one to three bytes, continuation bits
 * cleared): the second byte's 7 bits move down by one, the third's by two. */
static inline uint64_t v3_value(uint64_t x, uint32_t mask)
{
	uint64_t v = x & mask;

	return v - ((v >> 1) & 0x3fbf80) - ((v >> 2) & 0x1fc000);
}

/* A varint's value from its bytes (x & mask: one or two bytes, the continuation bit cleared) */
static inline uint64_t v2_value(uint64_t x, uint16_t mask)
{
	uint64_t v = x & mask;

	return v - ((v >> 1) & 0x3f80); /* the high byte's 7 bits move down by one */
}

/*
 * A varint of one to eight bytes at the start of w (a longer one: 0 bytes, for the general path),
 * and its value in *v: the payload bits are packed by halving steps, with no branch on the
 * length.
 */
static inline unsigned v8_decode(uint64_t w, uint64_t *v)
{
	uint64_t stop = ~w & 0x8080808080808080ull, x;

	if (unlikely(!stop))
		return 0;
	stop &= -stop; /* bit 7 of the last byte */
	x = w & ((stop << 1) - 1) & 0x7f7f7f7f7f7f7f7full;
	x = (x & 0x007f007f007f007full) | ((x >> 1) & 0x3f803f803f803f80ull);
	x = (x & 0x00003fff00003fffull) | ((x >> 2) & 0x0fffc0000fffc000ull);
	*v = (x & 0x000000000fffffffull) | ((x >> 4) & 0x00fffffff0000000ull);
	return (unsigned)(__builtin_ctzll(stop) >> 3) + 1;
}

/* lane_far()'s layouts: [bytes up to the next header][its length - 1], that header at bit 0 */
#define FAR(b, h)                                                             \
	{                                                                     \
		.m3 = (h) == 1 ? 0x7f : 0x7f7f, .n12 = (b), .n123 = (b) + (h) \
	}
#define FAR2(b)                      \
	{                            \
		FAR(b, 1), FAR(b, 2) \
	}
static const struct v3_layout far_tab[11][2] = {FAR2(0), FAR2(1), FAR2(2), FAR2(3),
						FAR2(4), FAR2(5), FAR2(6), FAR2(7),
						FAR2(8), FAR2(9), FAR2(10)};

/*
 * An ENTRY at p that its layout l does not cover (l->ok3 0: an address delta longer than three
 * bytes, or the next header past the word): the delta (*ax) and the next header from two more
 * loads, given as a word *nw and a layout *far whose third varint is that header at bit 0, so
 * that tree_run() goes on as with the short ones. A real program's library calls take seven
 * bytes (the PLT is in another mapping), a sixth of its calls. False when the general path takes
 * the record: a longer varint or header, or a load past lim.
 */
static inline bool lane_far(const uint8_t *p, const uint8_t *lim, const struct v3_layout *l,
			    uint64_t *ax, uint64_t *nw, const struct v3_layout **far)
{
	const struct v3_layout *nl;
	unsigned na, n12;

	if (unlikely(!l->n1) || unlikely(p + l->n1 > lim) ||
	    unlikely(!(na = v8_decode(load8(p + l->n1), ax))))
		return false;
	n12 = l->n1 + na;
	if (unlikely(p + n12 > lim))
		return false;
	*nw = load8(p + n12);
	nl = word_layout(*nw);
	if (unlikely(!nl->n1))
		return false;
	*far = &far_tab[n12][nl->n1 - 1];
	return true;
}

/* The child of parent for addr through parent's hint; the general lookup (which may move the
 * nodes) when it misses. */
static inline uint32_t run_child(struct ca_tree *t, struct ca_funcs *fn, struct ca_node **nodes,
				 uint32_t parent, uint64_t addr, uint64_t session, uint32_t pid)
{
	const struct ca_node *p = &(*nodes)[parent];
	uint32_t c;

	/* a node without a hint has hint_session UINT64_MAX, which tree_run()'s session is not */
	if (likely(((p->hint_addr ^ addr) | (p->hint_session ^ session)) == 0))
		return p->hint;
	c = child_miss(t, fn, parent, addr, pid, session);
	*nodes = t->nodes;
	return c;
}

/* ticks since tick0 -> ns since ns0, as tr_cursor_ns() converts ticks at or after tick0 */
static inline uint64_t lane_ns(uint64_t tt, uint64_t mult)
{
	return (uint64_t)(((unsigned __int128)tt * mult) >> 32);
}

/*
 * Can tree_run() convert with lane_ns() alone? When the cursor's tick is at or after tick0 and
 * no tick the chunk can reach (at most 2^12 - 1 ticks a byte) makes the product or the sum with
 * ns0 wrap: then the conversion is monotonic, and durations computed in the lane need no clamp
 * at zero (the reader's clamp never acts).
 */
static bool lane_clock_ok(const struct tr_cursor *c)
{
	uint64_t tt = c->tick - c->tick0, reach = (uint64_t)(c->end - c->p) << 12;

	return c->tick >= c->tick0 && tt < (1ull << 62) && c->ns0 < (1ull << 62) &&
	       (unsigned __int128)(tt + reach) * c->mult < (unsigned __int128)1 << 94;
}

/*
 * The same leaf again right after a leaf (address delta 0 under the same frame), as a loop
 * calling one function makes, or the second of two calls: it can only go to the same node, so
 * the run needs no lookup and its sums stay in registers until it ends. Without min and max
 * (report -f): those would need a comparison per call. Returns where the run ends.
 */
static __attribute__((always_inline)) inline const uint8_t *
leaf_repeats(struct ca_node *n, struct ca_frame *top, const uint8_t *p, const uint8_t *lim,
	     uint64_t *ttp, uint64_t *t1p, uint64_t *leaves, uint64_t tstop, uint64_t mult)
{
	uint64_t tt = *ttp, calls = 0, sum = 0, t1 = 0;

	while (p <= lim) {
		uint64_t w = load8(p), t2;
		const struct v3_layout *l = word_layout(w);

		/* an ENTRY of delta 0 (its address byte is 0) and its EXIT, all short */
		if (!l->ok3 || (w & 3) != 1 || ((w >> l->s2) & l->m2) != 0 ||
		    ((w >> l->s3) & 3) != 2)
			break;
		t1 = tt + (v2_value(w, l->m1) >> 2);
		t2 = t1 + (v2_value(w >> l->s3, l->m3) >> 2);
		if (unlikely(t2 >= tstop))
			break;
		sum += lane_ns(t2, mult) - lane_ns(t1, mult);
		calls++;
		tt = t2;
		p += l->n123;
	}
	if (!calls)
		return p;
	n->calls += calls;
	n->total += sum;
	n->self += sum;
	top->child_ns += sum;
	*ttp = tt;
	*t1p = t1;
	*leaves += calls;
	return p;
}

/*
 * The fast lane of tree_steps(): the common records (headers of one or two bytes, address deltas
 * of up to eight, no switch due) decoded from 8-byte loads and folded into the tree with the
 * state in locals; a record whose delta takes up to three bytes from one load and one lookup of
 * its layout. It keeps one stack, the tree's: a frame it pushes has the reader's fields (ns,
 * addr) and `lane` set, and the reader's stack gets the frames still open when the lane stops.
 * The frame open below the lane's first record has `lane` cleared, so the lane stops before
 * popping a frame it did not push (the reader's copy has its time: tr_cursor_step() takes that
 * exit). So a frame the lane pops was pushed and filled by it: counted, known to the reader, with
 * no off-CPU time and children the lane counted. Times are ticks since tick0 (lane_clock_ok()).
 * It stops at anything else, or where a load would pass the chunk's end, and leaves the rest to
 * tr_cursor_step(): the same records give the same sums either way.
 */
static __attribute__((always_inline)) inline void tree_run(struct ca_tree *t, struct ca_funcs *fn,
							   struct ca_tstate *s, struct tr_cursor *c,
							   struct ca_run *run, const bool minmax)
{
	const uint8_t *p = c->p, *lim, *leaf_end = NULL, *rep_end = NULL;
	uint64_t tt, tstop, addr = c->addr, exits = 0, leaves = 0, leaf_t1 = 0, entries;
	const uint64_t session = c->session, ns0 = c->ns0, mult = c->mult;
	const uint32_t pid = c->pid, depth0 = c->depth;
	struct ca_frame *top = s->frames + (int64_t)depth0 - 1, *toplim;
	struct ca_node *nodes = t->nodes;
	uint32_t depth;

	/* an EXIT right after a cursor's ENTRY is counted as the folded leaf it is: not here */
	if (c->end - p < 8 || s->depth != depth0 || run->leaf_open || session == UINT64_MAX ||
	    c->stop <= c->tick || !lane_clock_ok(c))
		return;
	tt = c->tick - c->tick0;
	tstop = c->stop - c->tick0;
	lim = c->end - 8;
	toplim = s->frames + (c->cap < s->cap ? c->cap : s->cap) - 1;
	top->lane = false;
	while (p <= lim) {
		const uint8_t *p0 = p;
		uint64_t w = load8(p), t1, ax, a;
		const struct v3_layout *l = word_layout(w);
		uint32_t node;

		t1 = tt + (v2_value(w, l->m1) >> 2);
		if ((w & 3) == 2) { /* FT_KIND_EXIT */
			uint64_t dur;

			if (unlikely(!l->n1) || unlikely(t1 >= tstop) || unlikely(!top->lane))
				break;
			tt = t1;
			p += l->n1;
			dur = ns0 + lane_ns(tt, mult) - top->ns;
			run_count(&nodes[top->node], dur, dur - top->child_ns, minmax);
			top[-1].child_ns += dur;
			top--;
			exits++;
			continue;
		}
		if (unlikely((w & 3) != 1))
			break;
		if (likely(l->ok3)) { /* header, address delta, next header: all in w */
			ax = v3_value(w >> l->s2, l->m2);
		} else if (!lane_far(p, lim, l, &ax, &w, &l)) {
			break;
		}
		a = addr + ((ax >> 1) ^ -(ax & 1)); /* zigzag */
		if (((w >> l->s3) & 3) == 2) {	    /* its EXIT: a leaf */
			uint64_t t2 = t1 + (v2_value(w >> l->s3, l->m3) >> 2), dur;

			if (unlikely(t2 >= tstop)) /* so is t1 */
				break;
			dur = lane_ns(t2, mult) - lane_ns(t1, mult);
			top->child_ns += dur;
			node = run_child(t, fn, &nodes, top->node, a, session, pid);
			run_count(&nodes[node], dur, dur, minmax);
			p += l->n123;
			tt = t2;
			addr = a;
			leaves++;
			leaf_t1 = t1;
			/* the third of a run: two in a row are common in a tree and end at once */
			if (!minmax && !ax && rep_end == p0)
				p = leaf_repeats(&nodes[node], top, p, lim, &tt, &leaf_t1, &leaves,
						 tstop, mult);
			else if (!ax)
				rep_end = p;
			leaf_end = p;
			continue;
		}
		/* an ENTRY followed by another */
		if (unlikely(((w >> l->s3) & 3) != 1) || unlikely(t1 >= tstop) ||
		    unlikely(top == toplim))
			break;
		node = run_child(t, fn, &nodes, top->node, a, session, pid);
		top++;
		top->node = node;
		top->counted = true;
		top->lane = true;
		top->child_ns = 0;
		top->ns = ns0 + lane_ns(t1, mult);
		top->addr = a;
		p += l->n12;
		tt = t1;
		addr = a;
	}
	if (p == c->p)
		return;
	/* the frames pushed here and still open, to the reader's stack */
	depth = (uint32_t)(top + 1 - s->frames);
	for (struct ca_frame *f = s->frames + depth0; f <= top; f++) {
		c->stack[f - s->frames] =
			(struct tr_frame){.addr = f->addr, .ns = f->ns, .known = true};
		f->off_ns = f->off_self = 0;
	}
	entries = exits + depth - depth0;
	c->p = p;
	c->tick = tt + c->tick0;
	c->addr = addr;
	c->depth = depth;
	c->records += entries + exits + 2 * leaves;
	t->lane_records += entries + exits + 2 * leaves;
	s->depth = depth;
	run->records += entries + exits + leaves;
	/* an ENTRY taken here has another ENTRY after it, which the next step takes: it never
	 * closes as a folded leaf */
	run->leaf_open = false;
	run->last = ns0 + lane_ns(leaf_end == p ? leaf_t1 : tt, mult);
}

/*
 * The fused loop: records stepped straight from the reader's chunk into the tree, while the
 * reader's state allows it (trace_reader_cursor()): tree_run() for the common records,
 * tr_cursor_step() for one record whenever it stops. A leaf is an ENTRY and its EXIT here, which
 * adds up to what the reader's folded TR_LEAF adds; leaf_open keeps the thread's record count and
 * last time as the folded records would have left them.
 */
static __attribute__((always_inline)) inline void
tree_steps_as(struct ca_tree *t, struct ca_funcs *fn, struct tr_cursor *cur, const bool minmax)
{
	struct tr_cursor lc = *cur, *c = &lc; /* a local copy stays in registers: node stores
						 cannot alias it */
	struct tr_rec first = {.tid = c->tid, .pid = c->pid};
	struct ca_tstate *s = NULL;
	struct ca_run run = {0};
	struct tr_frame *f;
	enum tr_step k;
	uint64_t ns;

	while ((k = tr_cursor_step(c, &ns, &f))) {
		if (unlikely(!s)) {
			first.time = ns > c->origin ? ns - c->origin : 0;
			/* the frames open before the step (a range's thread starts that deep) */
			first.depth = c->depth - (k == TR_STEP_ENTRY) + (k == TR_STEP_EXIT);
			s = thread_of(t, &first);
			run.leaf_open = s->leaf_open;
		}
		if (k == TR_STEP_LEAF) {
			uint32_t d = c->depth, node = child_by_addr(t, fn, frame_parent(s, d),
								    f->addr, c->pid, c->session);
			uint64_t dur = ns > f->ns ? ns - f->ns : 0;

			node_count(t, &t->nodes[node], dur, dur);
			if (d > 0)
				s->frames[d - 1].child_ns += dur;
			s->depth = d;
			run.records++;
			run.last = f->ns;
			run.leaf_open = false;
		} else if (k == TR_STEP_ENTRY) {
			add_entry(t, fn, s, c->depth - 1, f->addr, c->pid, c->session, false);
			run.records++;
			run.last = ns;
			run.leaf_open = true;
		} else {
			add_exit(t, s, c->depth, ns > f->ns ? ns - f->ns : 0);
			if (run.leaf_open) {
				run.leaf_open = false;
			} else {
				run.records++;
				run.last = ns;
			}
		}
		tree_run(t, fn, s, c, &run, minmax);
	}
	*cur = lc;
	if (!s)
		return;
	s->info.records += run.records;
	s->leaf_open = run.leaf_open;
	note_time(s, run.last > c->origin ? run.last - c->origin : 0);
}

static void tree_steps(struct ca_tree *t, struct ca_funcs *fn, struct tr_cursor *cur)
{
	if (t->flags & CA_MINMAX)
		tree_steps_as(t, fn, cur, true);
	else
		tree_steps_as(t, fn, cur, false);
}

/*
 * One thread: the plain records go from the chunk into the tree (tree_steps()), the reader's
 * general path hands over the others one at a time. A second thread decoding ahead cost more in
 * wake-ups and copies of struct tr_rec than the decoding it took off this one.
 */
static int fold_seq(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r)
{
	struct tr_cursor c;
	struct tr_rec rec;
	int rc;

	for (;;) {
		if (trace_reader_cursor(r, &c)) {
			tree_steps(t, fn, &c);
			trace_reader_cursor_done(r, &c);
		}
		rc = trace_reader_next(r, &rec);
		if (rc <= 0)
			break;
		ca_tree_add(t, fn, &rec);
	}
	return rc < 0 ? 1 : 0;
}

/* ---- the parallel fold: runs of streams on other threads, their trees merged in order ---- */

#define FOLD_JOBS_MAX 8
#define FOLD_MIN_BYTES \
	(1u << 20) /* less data is folded before threads would have started: only with --jobs */

struct fold_part {
	struct trace_reader *r;
	struct ca_tree *t;
	struct ca_funcs *raw; /* the part's own function ids: see ca_funcs_raw() */
	int rc;
	uint64_t cpu_ns; /* the CPU time its fold took (--debug=reader) */
	char *msgs;	 /* its error messages, printed in the order of the parts */
};

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fold_part_run(struct fold_part *p)
{
	uint64_t start = thread_cpu_ns();

	msg_hold(&p->msgs);
	p->rc = fold_seq(p->t, p->raw, p->r);
	msg_hold(NULL);
	p->cpu_ns = thread_cpu_ns() - start;
}

/* The parts left to fold: each folding thread takes the next one until none is left. */
struct fold_pool {
	struct fold_part *parts;
	int n, next;
};

static void *pool_work(void *arg)
{
	struct fold_pool *pool = arg;
	int i;

	while ((i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED)) < pool->n)
		fold_part_run(&pool->parts[i]);
	return NULL;
}

/* The index in t of the thread another tree saw as in: the same tid's, or a new one at the end.
 * A thread of several streams (a tid reused) ended each at depth 0: its counts add up. */
static uint32_t thread_adopt(struct ca_tree *t, const struct ca_thread_info *in)
{
	bool added = hashmap_get(&t->bytid, in->tid, 0, 0) == HASHMAP_NONE;
	struct ca_tstate *s = thread_of(
		t, &(struct tr_rec){.tid = in->tid, .pid = in->pid, .time = in->first_ns});

	if (added) {
		s->info = *in;
	} else {
		s->info.records += in->records;
		note_time(s, in->last_ns);
	}
	return (uint32_t)(s - t->threads);
}

/*
 * Merges the tree w of a part (keys: raw ids of raw) into t, as if t had folded the part's records
 * itself: nodes in w's order of creation, which is the order of the records that made them, so
 * t's nodes, function ids and threads come out in the order a sequential fold gives them. A
 * placeholder (a range's, see fold_ranges()) stands for the node of the frame open at its level in
 * t. Returns the map from w's nodes to t's, for the caller to free.
 */
static uint32_t *tree_adopt(struct ca_tree *t, struct ca_funcs *fn, const struct ca_tree *w,
			    struct ca_funcs *raw)
{
	uint32_t *map = xmalloc(w->nnodes * sizeof(*map));

	map[CA_ROOT] = CA_ROOT;
	if (!(w->flags & CA_PER_THREAD))
		for (uint32_t k = 0; k < w->nthreads; k++)
			thread_adopt(t, &w->threads[k].info);
	for (uint32_t n = 1; n < w->nnodes; n++) {
		const struct ca_node *x = &w->nodes[n];
		const struct ca_func *f;

		if (x->key & CA_THREAD_KEY) {
			uint32_t k = thread_adopt(t, &w->threads[x->key & ~CA_THREAD_KEY].info);

			map[n] = t->threads[k].root;
		} else if (x->key & CA_OUTER_KEY) { /* the node of the frame open there in t */
			const struct ca_tstate *s = thread_find(t, w->threads[0].info.tid);

			map[n] = s->frames[x->key & ~CA_OUTER_KEY].node;
			continue;
		} else {
			f = ca_func(raw, x->key);
			map[n] = ca_tree_child(
				t, map[x->parent],
				ca_func_id(fn, &(struct tr_rec){.addr = f->at.addr,
								.pid = f->at.pid,
								.session = f->at.session}));
		}
		ca_node_merge(&t->nodes[map[n]], x);
	}
	return map;
}

/* Folding threads to use: the CPUs this process may run on, up to FOLD_JOBS_MAX. */
static unsigned fold_jobs(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = (int)sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > FOLD_JOBS_MAX ? FOLD_JOBS_MAX : (unsigned)n;
}

/* Folds the parts of n readers, each into a tree of its own, on up to jobs threads (this one
 * included), in order. */
static void parts_run(const struct ca_tree *t, struct fold_part *parts,
		      struct trace_reader **readers, int n, unsigned jobs)
{
	struct fold_pool pool = {.parts = parts, .n = n};
	pthread_t threads[FOLD_JOBS_MAX];
	unsigned started = 0;

	for (int i = 0; i < n; i++) {
		parts[i] = (struct fold_part){
			.r = readers[i], .t = ca_tree_new(t->flags), .raw = ca_funcs_raw()};
		parts[i].t->outer = trace_reader_starts_inside(readers[i]);
	}
	/* this thread folds too; threads that cannot start leave their parts to the others */
	while (started + 1 < jobs && started + 1 < (unsigned)n && started + 1 < FOLD_JOBS_MAX &&
	       pthread_create(&threads[started], NULL, pool_work, &pool) == 0)
		started++;
	pool_work(&pool);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

static void part_free(struct fold_part *p)
{
	free(p->msgs);
	ca_tree_free(p->t);
	ca_funcs_free(p->raw);
}

/* ---- one stream in ranges: parts folded apart, joined at their edges ---- */

/* The reader's frames open where the parts joined so far end: a later part's outer exits take
 * their entry times from it. */
struct carry {
	struct tr_frame *stack;
	uint32_t depth, cap;
};

/* Is placeholder-ness the same in the part's tree and in its reader, at every open level? */
static bool edge_agrees(const struct ca_tree *w, const struct tr_edge *e)
{
	const struct ca_tstate *ws = &w->threads[0];

	for (uint32_t j = 0; j < ws->depth; j++)
		if (!(w->nodes[ws->frames[j].node].key & CA_OUTER_KEY) != !e->stack[j].outer)
			return false;
	return true;
}

/* Can the parts be joined exactly? Each read in full and clean, one thread, and where one ends the
 * next starts, at the same depth by its reader and its tree. */
static bool ranges_fit(const struct fold_part *parts, int n, struct tr_edge *edges)
{
	for (int k = 0; k < n; k++) {
		const struct ca_tree *w = parts[k].t;

		trace_reader_edge(parts[k].r, &edges[k]);
		if (parts[k].rc || !edges[k].clean || w->stitch_bad || w->nthreads != 1 ||
		    w->threads[0].info.tid != parts[0].t->threads[0].info.tid ||
		    w->threads[0].depth != edges[k].depth || !edge_agrees(w, &edges[k]))
			return false;
		if (k && (edges[k - 1].depth != edges[k].start_depth ||
			  w->outer_depth != edges[k].start_depth))
			return false;
	}
	return true;
}

/* A part's outer exit: the frame's call counted as the whole stream read in one go counts it. */
static void stitch_apply(struct ca_tree *t, struct ca_tstate *s, struct carry *cy,
			 const struct ca_stitch *x, bool entry_open)
{
	uint32_t i = x->level;
	struct ca_frame *f = &s->frames[i];
	const struct tr_frame *e = &cy->stack[i];

	if (e->known) { /* the exit of an unknown frame is no record */
		uint64_t dur = x->exit_ns > e->ns ? x->exit_ns - e->ns : 0,
			 child = f->child_ns + x->child_ns;

		f->off_ns += x->off_ns;
		f->off_self += x->off_self;
		if (f->counted)
			node_count(t, &t->nodes[f->node], dur, dur > child ? dur - child : 0);
		if (f->off_ns && f->counted)
			off_count(&t->nodes[f->node], f);
		if (i > 0) {
			s->frames[i - 1].child_ns += dur;
			s->frames[i - 1].off_ns += f->off_ns;
		}
		/* right after the previous part's last ENTRY, the two are one leaf (one record, at
		 * the entry's time) */
		if (!(x->first && entry_open && i + 1 == cy->depth && !x->abandon)) {
			s->info.records++;
			note_time(s, x->time);
		}
	}
	s->depth = cy->depth = i;
}

/* The frames open at a part's end, on top of those of the parts before it that it left open. */
static void frames_take(struct ca_tstate *s, struct carry *cy, const struct ca_tree *w,
			const uint32_t *map, const struct tr_edge *e)
{
	const struct ca_tstate *ws = &w->threads[0];

	if (ws->depth > s->cap)
		frames_grow(s, ws->depth);
	if (ws->depth > cy->cap) {
		cy->cap = ws->depth + 64;
		cy->stack = xrealloc(cy->stack, cy->cap * sizeof(*cy->stack));
	}
	for (uint32_t j = 0; j < ws->depth; j++) {
		const struct ca_frame *wf = &ws->frames[j];

		if (w->nodes[wf->node].key & CA_OUTER_KEY) { /* still the earlier part's frame */
			s->frames[j].child_ns += wf->child_ns;
			s->frames[j].off_ns += wf->off_ns;
			s->frames[j].off_self += wf->off_self;
			continue;
		}
		s->frames[j] = *wf;
		s->frames[j].node = map[wf->node];
		s->frames[j].lane = false;
		cy->stack[j] = e->stack[j];
	}
	s->depth = cy->depth = ws->depth;
	s->leaf_open = ws->leaf_open;
}

/* Joins the part w onto t: its nodes, then the calls it closed that opened before it, then its
 * open frames. */
static void range_adopt(struct ca_tree *t, struct ca_funcs *fn, const struct fold_part *p,
			struct carry *cy, const struct tr_edge *prev, const struct tr_edge *e)
{
	uint32_t *map = tree_adopt(t, fn, p->t, p->raw);
	struct ca_tstate *s = thread_find(t, p->t->threads[0].info.tid);

	for (uint32_t i = 0; i < p->t->nstitches; i++)
		stitch_apply(t, s, cy, &p->t->stitches[i], prev && prev->entry_open);
	frames_take(s, cy, p->t, map, e);
	free(map);
}

/*
 * Joins the n ranges (parts, of readers) of the one stream of r onto t when they fit, and want is
 * true (nothing failed before them), then frees them. 1: joined, r was read; 0: not joined, r is
 * still to be read from its start; -1: r failed.
 */
static int ranges_join(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r,
		       struct fold_part *parts, struct trace_reader **readers, int n, bool want)
{
	struct tr_edge edges[TR_SPLIT_MAX];
	struct carry cy = {0};
	bool fit = want && ranges_fit(parts, n, edges);

	if (want)
		debug(DBG_READER, "one stream folded in %d ranges: %s", n,
		      fit ? "joined" : "not joinable, read again in one go");
	for (int i = 0; i < n; i++) {
		if (fit) {
			if (parts[i].msgs)
				fputs(parts[i].msgs, stderr);
			range_adopt(t, fn, &parts[i], &cy, i ? &edges[i - 1] : NULL, &edges[i]);
			t->lane_records += parts[i].t->lane_records;
		}
		part_free(&parts[i]);
	}
	free(cy.stack);
	if (fit)
		t->ranges_joined += (uint32_t)n;
	if (trace_reader_join_stream(r, readers, (unsigned)n, fit) < 0)
		return -1;
	return fit;
}

/*
 * One big stream, its chunks read in ranges on several threads. Each range after the first starts
 * inside the calls open at its first chunk (the chunk header says how many): its tree hangs what
 * it reads under placeholders for them, and keeps their exits. The join puts each range's tree
 * where the frames open at the end of the one before it are, then closes those frames at the
 * exits kept, with their entry times from the reader of the range that opened them: the tree a
 * sequential fold makes, node for node. When a range did not end where the next begins (damage)
 * or anything else would make the join inexact, the parts are dropped and the caller folds the
 * stream in one go. -1 then, or when the stream is not split.
 */
static int fold_ranges(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r,
		       unsigned jobs)
{
	struct trace_reader *readers[FOLD_JOBS_MAX];
	struct fold_part parts[FOLD_JOBS_MAX];
	int n = trace_reader_split_stream(r, jobs, t->jobs ? 0 : FOLD_MIN_BYTES, readers), rc;

	if (n <= 0)
		return n < 0 ? 1 : -1;
	parts_run(t, parts, readers, n, (unsigned)n);
	rc = ranges_join(t, fn, r, parts, readers, n, true);
	return rc < 0 ? 1 : rc ? 0 : -1;
}

/* ---- several streams: runs of them, and big ones in ranges, on threads, merged in order ---- */

/* Merges the fold of part i of fold_par(), a run of streams, when nothing failed before it. */
static void run_adopt(struct ca_tree *t, struct ca_funcs *fn, struct fold_part *p, int *rc)
{
	if (!*rc) {
		if (p->msgs)
			fputs(p->msgs, stderr);
		if (!p->rc)
			free(tree_adopt(t, fn, p->t, p->raw));
		*rc = p->rc;
	}
	t->lane_records += p->t->lane_records;
	part_free(p);
}

/*
 * The parallel fold of several streams; -1 when the trace is read another way instead. The split
 * cuts the streams into runs of about equal bytes, and a stream too big for one thread to keep
 * up with the others (a main thread doing the work, small helpers) makes a part of its own, cut
 * again into ranges of its chunks (fold_ranges()). All are folded at once, then merged in stream
 * order, as one thread would have: the parts' messages in order, nothing after a failure (one
 * thread stops reading there). A big stream whose ranges do not join is folded into the tree
 * then, in its place.
 */
static int fold_par(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r, unsigned jobs)
{
	struct trace_reader *readers[TR_PARTS_MAX(FOLD_JOBS_MAX)], **units;
	unsigned ranges[TR_PARTS_MAX(FOLD_JOBS_MAX)];
	int cut[TR_PARTS_MAX(FOLD_JOBS_MAX)]; /* ranges part i was cut in; 0: folded whole */
	struct fold_part *parts;
	int n, nu = 0, cap = 0, rc = 0;
	unsigned kept = 0;
	uint64_t merge_ns;

	n = trace_reader_split(r, jobs, t->jobs ? 0 : FOLD_MIN_BYTES, readers, ranges);
	if (n <= 0)
		return n < 0 ? 1 : -1;
	for (int i = 0; i < n; i++)
		cap += ranges[i] < TR_SPLIT_MAX ? (int)ranges[i] : TR_SPLIT_MAX;
	units = xmalloc((size_t)cap * sizeof(*units));
	parts = xmalloc((size_t)cap * sizeof(*parts));
	for (int i = 0; i < n; i++) {
		int m = ranges[i] > 1
				? trace_reader_split_stream(readers[i], ranges[i], 0, units + nu)
				: 0;

		cut[i] = m > 0 ? m : 0;
		if (m <= 0)
			units[nu++] = readers[i];
		nu += cut[i];
	}
	debug(DBG_READER, "folding the streams on %d threads: %d parts, %d in all",
	      nu < (int)jobs ? nu : (int)jobs, n, nu);
	parts_run(t, parts, units, nu, jobs);
	merge_ns = thread_cpu_ns();
	for (int u = 0; u < nu; u++)
		debug(DBG_READER, "part %d: %u nodes, %.3f ms of CPU", u, parts[u].t->nnodes,
		      parts[u].cpu_ns / 1e6);
	for (int i = 0, u = 0; i < n; u += cut[i] ? cut[i] : 1, i++) {
		bool ok = !rc;
		int joined;

		if (!cut[i]) {
			run_adopt(t, fn, &parts[u], &rc);
		} else {
			joined = ranges_join(t, fn, readers[i], parts + u, units + u, cut[i], !rc);
			if (!rc && !joined)
				joined = fold_seq(t, fn, readers[i]) ? -1 : 1;
			if (!rc)
				rc = joined < 0;
		}
		if (ok)
			kept = (unsigned)i + 1;
	}
	free(units);
	free(parts);
	if (trace_reader_join(r, readers, (unsigned)n, kept) < 0)
		rc = 1;
	debug(DBG_READER, "merged in %.3f ms of CPU", (thread_cpu_ns() - merge_ns) / 1e6);
	return rc;
}

int ca_tree_read(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r)
{
	unsigned jobs = t->jobs ? t->jobs : fold_jobs();
	int rc = -1;

	if (jobs > FOLD_JOBS_MAX)
		jobs = FOLD_JOBS_MAX;
	if (jobs > 1)
		rc = fold_par(t, fn, r, jobs);
	if (rc < 0 && jobs > 1)
		rc = fold_ranges(t, fn, r, jobs);
	if (rc < 0)
		rc = fold_seq(t, fn, r);
	debug(DBG_READER, "the fast lane folded %llu records", (unsigned long long)t->lane_records);
	return rc;
}

void ca_tree_set_jobs(struct ca_tree *t, unsigned jobs)
{
	t->jobs = jobs;
}

void ca_node_merge(struct ca_node *dst, const struct ca_node *src)
{
	dst->calls += src->calls;
	dst->total += src->total;
	dst->self += src->self;
	dst->offcpu += src->offcpu;
	dst->offcpu_self += src->offcpu_self;
	if (src->tmin < dst->tmin)
		dst->tmin = src->tmin;
	if (src->tmax > dst->tmax)
		dst->tmax = src->tmax;
	if (src->smin < dst->smin)
		dst->smin = src->smin;
	if (src->smax > dst->smax)
		dst->smax = src->smax;
}

/* Next node of a depth-first walk of the subtree below top, CA_NONE at the end. */
uint32_t ca_walk_next(const struct ca_tree *t, uint32_t top, uint32_t n, bool descend)
{
	if (descend && t->nodes[n].first != CA_NONE)
		return t->nodes[n].first;
	while (n != top && t->nodes[n].next == CA_NONE)
		n = t->nodes[n].parent;
	return n == top ? CA_NONE : t->nodes[n].next;
}

void ca_tree_merge_below(struct ca_tree *t, uint32_t dst, const struct ca_tree *s, uint32_t src)
{
	uint32_t *map = NULL, cap = 0, base = s->nodes[src].depth + (src != CA_ROOT);

	/* map[level]: the node of t matching the walk's node at that level below src */
	for (uint32_t n = s->nodes[src].first; n != CA_NONE && n != src;
	     n = ca_walk_next(s, src, n, true)) {
		uint32_t level = s->nodes[n].depth - base, parent = level ? map[level - 1] : dst, d;

		if (level >= cap) {
			cap = level + 64;
			map = xrealloc(map, cap * sizeof(*map));
		}
		d = ca_tree_child(t, parent, s->nodes[n].key);
		ca_node_merge(&t->nodes[d], &s->nodes[n]);
		map[level] = d;
	}
	free(map);
}

uint32_t ca_tree_nthreads(const struct ca_tree *t)
{
	return t->nthreads;
}

const struct ca_thread_info *ca_tree_thread(const struct ca_tree *t, uint32_t i)
{
	return &t->threads[i].info;
}

uint64_t ca_tree_top_total(const struct ca_tree *t)
{
	uint64_t sum = 0;

	for (uint32_t n = t->nodes[CA_ROOT].first; n != CA_NONE; n = t->nodes[n].next) {
		if (!(t->nodes[n].key & CA_THREAD_KEY)) {
			sum += t->nodes[n].total;
			continue;
		}
		for (uint32_t c = t->nodes[n].first; c != CA_NONE; c = t->nodes[c].next)
			sum += t->nodes[c].total;
	}
	return sum;
}

int ca_node_cmp_hits(const void *a, const void *b, void *arg)
{
	const struct ca_tree *t = arg;
	const struct ca_node *x = &t->nodes[*(const uint32_t *)a],
			     *y = &t->nodes[*(const uint32_t *)b];

	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}
