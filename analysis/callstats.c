/* SPDX-License-Identifier: MIT */
/* The aggregation report, graph and dump share: function ids, the calling-context tree, output
 * helpers. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callstats.h"
#include "dwarfinfo.h"
#include "compiler.h"
#include "demangle.h"
#include "filter.h"
#include "symbols.h"

#define GOLDEN 0x9e3779b97f4a7c15ull

/* ---- reading ---- */

/*
 * The filter hook point: every analysis opens its reader here, so a filter added to the options
 * (-F -N -H -C -T -t -r -D, analysis/filter.h) is applied to report, graph and dump alike, before
 * aggregation.
 */
struct trace_reader *ca_reader_open(const struct filter_config *fc, const char *tid, unsigned flags)
{
	struct trace_reader *r = trace_reader_open(fc->dir, flags);

	if (!r)
		return NULL;
	trace_reader_set_sched(r, fc->sched);
	if (tid) {
		uint32_t *tids;
		unsigned n = parse_tid_list(tid, &tids);

		trace_reader_set_tids(r, tids, n);
		free(tids);
	}
	filter_setup_reader(r, fc, NULL);
	return r;
}

/* ---- functions ---- */

struct addr_slot {
	uint64_t addr, session;
	uint32_t pid, fid; /* fid CA_NONE: empty */
};

struct ca_funcs {
	struct symtabs *st;
	struct demangler *dm;
	struct addr_slot *slots; /* (pid, session, addr) -> fid */
	size_t mask, used;
	struct ca_func *funcs;
	uint32_t nfuncs, cap;
	uint32_t *byname; /* (module, raw name) -> fid, open addressing, CA_NONE: empty */
	const char **raw; /* raw name of each fid, for byname */
	size_t nmask;
	char **owned; /* names we allocated (unknown addresses) */
	uint32_t nowned;
};

struct ca_funcs *ca_funcs_new(const char *dir, enum demangle_style ds)
{
	struct ca_funcs *f = xcalloc(1, sizeof(*f));

	f->st = symtabs_load(dir);
	f->dm = demangler_new(ds);
	f->mask = 1023;
	f->slots = xmalloc((f->mask + 1) * sizeof(*f->slots));
	for (size_t i = 0; i <= f->mask; i++)
		f->slots[i].fid = CA_NONE;
	f->nmask = 1023;
	f->byname = xmalloc((f->nmask + 1) * sizeof(*f->byname));
	memset(f->byname, 0xff, (f->nmask + 1) * sizeof(*f->byname));
	return f;
}

void ca_funcs_free(struct ca_funcs *f)
{
	if (!f)
		return;
	for (uint32_t i = 0; i < f->nowned; i++)
		free(f->owned[i]);
	free(f->owned);
	free(f->slots);
	free(f->byname);
	free(f->funcs);
	free(f->raw);
	demangler_free(f->dm);
	symtabs_free(f->st);
	free(f);
}

static uint64_t str_hash(const char *s, uint64_t h)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static void byname_grow(struct ca_funcs *f);

/* The id of (module, raw): one per distinct function, whatever process or address it came from. */
static uint32_t fid_by_name(struct ca_funcs *f, const char *module, const char *raw, uint64_t size)
{
	size_t i = str_hash(raw, str_hash(module, 0xcbf29ce484222325ull)) & f->nmask;
	uint32_t fid;

	for (; f->byname[i] != CA_NONE; i = (i + 1) & f->nmask) {
		fid = f->byname[i];
		if (!strcmp(f->raw[fid], raw) && !strcmp(f->funcs[fid].module, module))
			return fid;
	}
	if (f->nfuncs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->funcs = xrealloc(f->funcs, f->cap * sizeof(*f->funcs));
		f->raw = xrealloc(f->raw, f->cap * sizeof(*f->raw));
	}
	fid = f->nfuncs++;
	f->raw[fid] = raw;
	f->funcs[fid].name = demangler_name(f->dm, raw);
	f->funcs[fid].name_len = (uint32_t)strlen(f->funcs[fid].name);
	f->funcs[fid].module = module;
	f->funcs[fid].size = size;
	f->funcs[fid].at = (struct ca_where){0};
	f->byname[i] = fid;
	if (f->nfuncs * 2 > f->nmask)
		byname_grow(f);
	return fid;
}

static void byname_grow(struct ca_funcs *f)
{
	f->nmask = f->nmask * 2 + 1;
	f->byname = xrealloc(f->byname, (f->nmask + 1) * sizeof(*f->byname));
	memset(f->byname, 0xff, (f->nmask + 1) * sizeof(*f->byname));
	for (uint32_t fid = 0; fid < f->nfuncs; fid++) {
		size_t i = str_hash(f->raw[fid],
				    str_hash(f->funcs[fid].module, 0xcbf29ce484222325ull)) &
			   f->nmask;

		while (f->byname[i] != CA_NONE)
			i = (i + 1) & f->nmask;
		f->byname[i] = fid;
	}
}

static uint32_t fid_resolve(struct ca_funcs *f, const struct tr_rec *rec)
{
	const struct sym *s = symtabs_lookup(f->st, rec->pid, rec->session, rec->addr);
	char hex[32], *name;

	if (s && s->name) {
		uint32_t fid = fid_by_name(f, s->module ? s->module : "", s->name, s->size);
		struct ca_func *fu = &f->funcs[fid];

		if (!fu->at.pid) /* where one of its calls was seen: its source line comes from there */
			fu->at = (struct ca_where){rec->pid, rec->session, s->addr};
		return fid;
	}
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)rec->addr);
	name = xstrdup(hex);
	f->owned = xrealloc(f->owned, (f->nowned + 1) * sizeof(*f->owned));
	f->owned[f->nowned++] = name;
	return fid_by_name(f, "", name, 0);
}

static inline size_t addr_hash(uint64_t addr, uint64_t session)
{
	return (size_t)(((addr ^ session) * GOLDEN) >> 24);
}

static void addr_grow(struct ca_funcs *f)
{
	struct addr_slot *old = f->slots;
	size_t n = f->mask + 1;

	f->mask = n * 2 - 1;
	f->slots = xmalloc(n * 2 * sizeof(*f->slots));
	for (size_t i = 0; i < n * 2; i++)
		f->slots[i].fid = CA_NONE;
	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (old[i].fid == CA_NONE)
			continue;
		for (j = addr_hash(old[i].addr, old[i].session) & f->mask;
		     f->slots[j].fid != CA_NONE; j = (j + 1) & f->mask)
			;
		f->slots[j] = old[i];
	}
	free(old);
}

uint32_t ca_func_id(struct ca_funcs *f, const struct tr_rec *rec)
{
	size_t i = addr_hash(rec->addr, rec->session) & f->mask;
	struct addr_slot *s;

	for (;; i = (i + 1) & f->mask) {
		s = &f->slots[i];
		if (s->fid == CA_NONE)
			break;
		if (likely(s->addr == rec->addr && s->session == rec->session &&
			   s->pid == rec->pid))
			return s->fid;
	}
	*s = (struct addr_slot){.addr = rec->addr,
				.session = rec->session,
				.pid = rec->pid,
				.fid = fid_resolve(f, rec)};
	if (++f->used * 2 > f->mask) {
		uint32_t fid = s->fid;

		addr_grow(f);
		return fid;
	}
	return s->fid;
}

const struct srcline *ca_func_source(struct ca_funcs *f, struct srclines *sl, uint32_t fid)
{
	const struct ca_where *w = &f->funcs[fid].at;
	const char *path;
	uint64_t bias;

	if (!sl || !w->pid || !symtabs_module_at(f->st, w->pid, w->session, w->addr, &path, &bias))
		return NULL;
	return srclines_find(sl, path, w->addr - bias);
}

const struct ca_func *ca_func(const struct ca_funcs *f, uint32_t fid)
{
	return &f->funcs[fid];
}

uint32_t ca_nfuncs(const struct ca_funcs *f)
{
	return f->nfuncs;
}

/* ---- the tree ---- */

struct ca_frame {
	uint32_t node;
	bool counted; /* false: inherited from a fork parent, or a gap filler */
	uint64_t child_ns;
	uint64_t off_ns, off_self; /* off-CPU time inside the open call, and while innermost */
};

struct ca_tstate {
	struct ca_thread_info info;
	uint32_t root; /* the node the thread's outermost frames hang under */
	uint32_t depth, cap;
	struct ca_frame *frames;
	bool leaf_open; /* the last record was an ENTRY from a cursor (tree_steps()) */
};

static inline size_t node_hash(uint32_t parent, uint32_t key)
{
	return (size_t)(((((uint64_t)parent << 32) | key) * GOLDEN) >> 20);
}

static uint32_t node_new(struct ca_tree *t, uint32_t parent, uint32_t key)
{
	struct ca_node *n;
	uint32_t id;

	if (t->nnodes == t->cap) {
		t->cap *= 2;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
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

static void hash_grow(struct ca_tree *t)
{
	uint64_t *ok = t->hkeys;
	uint32_t *ov = t->hvals;
	size_t n = t->hmask + 1;

	t->hmask = n * 2 - 1;
	t->hkeys = xmalloc(n * 2 * sizeof(*t->hkeys));
	t->hvals = xmalloc(n * 2 * sizeof(*t->hvals));
	memset(t->hvals, 0xff, n * 2 * sizeof(*t->hvals));
	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (ov[i] == CA_NONE)
			continue;
		for (j = node_hash((uint32_t)(ok[i] >> 32), (uint32_t)ok[i]) & t->hmask;
		     t->hvals[j] != CA_NONE; j = (j + 1) & t->hmask)
			;
		t->hkeys[j] = ok[i];
		t->hvals[j] = ov[i];
	}
	free(ok);
	free(ov);
}

uint32_t ca_tree_child(struct ca_tree *t, uint32_t parent, uint32_t key)
{
	uint32_t h = t->nodes[parent].hint, id;
	uint64_t k = ((uint64_t)parent << 32) | key;
	size_t i;

	if (likely(h != CA_NONE && t->nodes[h].key == key))
		return h;
	for (i = node_hash(parent, key) & t->hmask; t->hvals[i] != CA_NONE; i = (i + 1) & t->hmask)
		if (t->hkeys[i] == k) {
			t->nodes[parent].hint = t->hvals[i];
			t->nodes[parent].hint_addr =
				UINT64_MAX; /* the caller sets it when it knows it */
			return t->hvals[i];
		}
	id = node_new(t, parent, key);
	t->hkeys[i] = k;
	t->hvals[i] = id;
	t->nodes[parent].hint = id;
	t->nodes[parent].hint_addr = UINT64_MAX;
	if ((t->nnodes + 1) * 2 > t->hmask)
		hash_grow(t);
	return id;
}

struct ca_tree *ca_tree_new(unsigned flags)
{
	struct ca_tree *t = xcalloc(1, sizeof(*t));

	t->flags = flags;
	t->cap = 1024;
	t->nodes = xmalloc(t->cap * sizeof(*t->nodes));
	t->hmask = 4095;
	t->hkeys = xmalloc((t->hmask + 1) * sizeof(*t->hkeys));
	t->hvals = xmalloc((t->hmask + 1) * sizeof(*t->hvals));
	memset(t->hvals, 0xff, (t->hmask + 1) * sizeof(*t->hvals));
	node_new(t, CA_NONE, CA_NONE); /* the root */
	t->thmask = 63;
	t->thash = xmalloc((t->thmask + 1) * sizeof(*t->thash));
	memset(t->thash, 0xff, (t->thmask + 1) * sizeof(*t->thash));
	return t;
}

void ca_tree_free(struct ca_tree *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->nthreads; i++)
		free(t->threads[i].frames);
	free(t->threads);
	free(t->thash);
	free(t->hkeys);
	free(t->hvals);
	free(t->nodes);
	free(t);
}

static void thash_grow(struct ca_tree *t)
{
	t->thmask = t->thmask * 2 + 1;
	t->thash = xrealloc(t->thash, (t->thmask + 1) * sizeof(*t->thash));
	memset(t->thash, 0xff, (t->thmask + 1) * sizeof(*t->thash));
	for (uint32_t k = 0; k < t->nthreads; k++) {
		size_t i = (t->threads[k].info.tid * GOLDEN >> 32) & t->thmask;

		while (t->thash[i] != CA_NONE)
			i = (i + 1) & t->thmask;
		t->thash[i] = k;
	}
}

static struct ca_tstate *thread_new(struct ca_tree *t, const struct tr_rec *rec, size_t slot)
{
	struct ca_tstate *s;
	uint32_t k = t->nthreads;

	if (k == t->tcap) {
		t->tcap = t->tcap ? t->tcap * 2 : 16;
		t->threads = xrealloc(t->threads, t->tcap * sizeof(*t->threads));
	}
	t->nthreads++;
	t->thash[slot] = k;
	s = &t->threads[k];
	*s = (struct ca_tstate){.info = {.tid = rec->tid, .pid = rec->pid, .first_ns = rec->time}};
	s->root = t->flags & CA_PER_THREAD ? ca_tree_child(t, CA_ROOT, CA_THREAD_KEY | k) : CA_ROOT;
	if (t->nthreads * 2 > t->thmask)
		thash_grow(t);
	return &t->threads[k];
}

/* The thread of tid, or NULL with *slot where it goes. */
static struct ca_tstate *thread_find(struct ca_tree *t, uint32_t tid, size_t *slot)
{
	size_t i;

	if (likely(t->last && t->last->info.tid == tid))
		return t->last;
	for (i = (tid * GOLDEN >> 32) & t->thmask; t->thash[i] != CA_NONE; i = (i + 1) & t->thmask)
		if (t->threads[t->thash[i]].info.tid == tid)
			return t->last = &t->threads[t->thash[i]];
	*slot = i;
	return NULL;
}

static struct ca_tstate *thread_of(struct ca_tree *t, const struct tr_rec *rec)
{
	size_t slot;
	struct ca_tstate *s = thread_find(t, rec->tid, &slot);

	return s ? s : (t->last = thread_new(t, rec, slot));
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
	if (d > s->cap) {
		s->cap = d + 64;
		s->frames = xrealloc(s->frames, s->cap * sizeof(*s->frames));
	}
	for (uint32_t i = s->depth; i < d; i++)
		s->frames[i] = (struct ca_frame){.node = parent};
	s->depth = d;
	return parent;
}

static inline void node_count(const struct ca_tree *t, struct ca_node *n, uint64_t total,
			      uint64_t self)
{
	n->calls++;
	n->total += total;
	n->self += self;
	if (!(t->flags & CA_MINMAX))
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

/*
 * The node of the function at addr under parent. The hot path of every analysis: a loop calling
 * the same function from the same place finds it by address, with no hashing and no symbol
 * lookup.
 */
static inline uint32_t child_by_addr(struct ca_tree *t, struct ca_funcs *fn, uint32_t parent,
				     uint64_t addr, uint32_t pid, uint64_t session)
{
	struct ca_node *p = &t->nodes[parent];
	uint32_t c;

	if (likely(p->hint_addr == addr && p->hint_session == session && p->hint != CA_NONE))
		return p->hint;
	c = ca_tree_child(
		t, parent,
		ca_func_id(fn, &(struct tr_rec){.addr = addr, .pid = pid, .session = session}));
	p = &t->nodes[parent]; /* ca_tree_child may have moved the nodes */
	p->hint_addr = addr;
	p->hint_session = session;
	return c;
}

static inline void add_entry(struct ca_tree *t, struct ca_funcs *fn, struct ca_tstate *s,
			     uint32_t d, uint64_t addr, uint32_t pid, uint64_t session,
			     bool inherited)
{
	uint32_t node = child_by_addr(t, fn, frame_parent(s, d), addr, pid, session);

	if (unlikely(d >= s->cap)) {
		s->cap = d + 64;
		s->frames = xrealloc(s->frames, s->cap * sizeof(*s->frames));
	}
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

void ca_tree_add(struct ca_tree *t, struct ca_funcs *fn, const struct tr_rec *rec)
{
	struct ca_tstate *s;

	if (unlikely(rec->type == TR_EVENT)) {
		size_t slot;

		s = thread_find(t, rec->tid, &slot);
		if (s) /* the reader does not fold a leaf across an event */
			s->leaf_open = false;
		if (s && rec->event == TR_EV_SCHED_IN)
			add_offcpu(s, rec);
		return;
	}
	s = thread_of(t, rec);
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

/*
 * The fused loop: records stepped straight from the reader's chunk into the tree, while the
 * reader's state allows it (trace_reader_cursor()). A leaf is an ENTRY and its EXIT here, which
 * adds up to what the reader's folded TR_LEAF adds; leaf_open keeps the thread's record count and
 * last time as the folded records would have left them.
 */
static void tree_steps(struct ca_tree *t, struct ca_funcs *fn, struct tr_cursor *cur)
{
	struct tr_cursor lc = *cur, *c = &lc; /* a local copy stays in registers: node stores
						 cannot alias it */
	struct tr_rec first = {.tid = c->tid, .pid = c->pid};
	struct ca_tstate *s = NULL;
	struct tr_frame *f;
	enum tr_step k;
	uint64_t ns, last = 0;
	bool leaf_open = false;

	while ((k = tr_cursor_step(c, &ns, &f))) {
		if (unlikely(!s)) {
			first.time = ns > c->origin ? ns - c->origin : 0;
			s = thread_of(t, &first);
			leaf_open = s->leaf_open;
		}
		if (k == TR_STEP_LEAF) {
			uint32_t d = c->depth, node = child_by_addr(t, fn, frame_parent(s, d),
								    f->addr, c->pid, c->session);
			uint64_t dur = ns > f->ns ? ns - f->ns : 0;

			node_count(t, &t->nodes[node], dur, dur);
			if (d > 0)
				s->frames[d - 1].child_ns += dur;
			s->depth = d;
			s->info.records++;
			last = f->ns;
			leaf_open = false;
			continue;
		}
		if (k == TR_STEP_ENTRY) {
			add_entry(t, fn, s, c->depth - 1, f->addr, c->pid, c->session, false);
			s->info.records++;
			last = ns;
			leaf_open = true;
			continue;
		}
		add_exit(t, s, c->depth, ns > f->ns ? ns - f->ns : 0);
		if (leaf_open) {
			leaf_open = false;
			continue;
		}
		s->info.records++;
		last = ns;
	}
	*cur = lc;
	if (!s)
		return;
	s->leaf_open = leaf_open;
	note_time(s, last > c->origin ? last - c->origin : 0);
}

/* ---- reading on two CPUs: the reader decodes batches while the caller consumes the previous ones
 * ---- */

#define BATCH  4096
#define NBATCH 4

/*
 * A batch's copies of the payloads, arguments and return values of its records: the reader's own
 * are only valid until its next call, and a batch holds many calls' records. Blocks are never
 * moved, so the pointers into them stay valid until the batch is refilled.
 */
struct keep {
	struct keep_block *first;
};

struct keep_block {
	struct keep_block *next;
	size_t used, size;
	uint8_t data[];
};

static void keep_reset(struct keep *k)
{
	while (k->first) {
		struct keep_block *b = k->first;

		k->first = b->next;
		free(b);
	}
}

static const uint8_t *keep_copy(struct keep *k, const uint8_t *v, uint32_t len)
{
	struct keep_block *b = k->first;
	uint8_t *at;

	if (!v)
		return NULL;
	if (!b || b->size - b->used < len) {
		size_t size = len > 65536 ? len : 65536;

		b = xmalloc(sizeof(*b) + size);
		*b = (struct keep_block){.next = k->first, .size = size};
		k->first = b;
	}
	at = b->data + b->used;
	memcpy(at, v, len);
	b->used += len;
	return at;
}

/* rec's pointers into the reader's buffers become pointers into k */
static void keep_rec(struct keep *k, struct tr_rec *rec)
{
	if (__builtin_expect(rec->payload || rec->args || rec->retval, 0)) {
		rec->payload = keep_copy(k, rec->payload, rec->payload_len);
		rec->args = keep_copy(k, rec->args, rec->args_len);
		rec->retval = keep_copy(k, rec->retval, rec->retval_len);
	}
}

struct pipe {
	struct trace_reader *r;
	struct tr_rec *bufs[NBATCH];
	struct keep keep[NBATCH];
	uint32_t count[NBATCH];
	unsigned head, tail; /* batches consumed, produced */
	bool done, stop;
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *pipe_produce(void *arg)
{
	struct pipe *p = arg;
	int rc = 1;

	while (rc > 0) {
		struct tr_rec *b;
		uint32_t n = 0;

		pthread_mutex_lock(&p->mu);
		while (p->tail - p->head == NBATCH && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (p->stop)
			break;
		b = p->bufs[p->tail % NBATCH];
		keep_reset(&p->keep[p->tail % NBATCH]);
		/* trace_reader_read(): the reader's batch entry point; only a batch's last record
		 * can carry a payload, valid until the next call: the batch keeps a copy */
		while (n < BATCH && (rc = trace_reader_read(p->r, b + n, BATCH - n)) > 0) {
			n += (uint32_t)rc;
			keep_rec(&p->keep[p->tail % NBATCH], &b[n - 1]);
		}
		pthread_mutex_lock(&p->mu);
		p->count[p->tail % NBATCH] = n;
		p->tail++;
		if (rc <= 0) {
			p->done = true;
			p->rc = rc;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static int pipe_consume(struct pipe *p, ca_batch_fn fn, void *arg)
{
	for (;;) {
		uint32_t n;

		pthread_mutex_lock(&p->mu);
		while (p->head == p->tail && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->head == p->tail) {
			pthread_mutex_unlock(&p->mu);
			return p->rc;
		}
		n = p->count[p->head % NBATCH];
		pthread_mutex_unlock(&p->mu);
		if (fn(arg, p->bufs[p->head % NBATCH], n)) {
			pthread_mutex_lock(&p->mu);
			p->stop = true;
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
			return 0;
		}
		pthread_mutex_lock(&p->mu);
		p->head++;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* One CPU, or no thread: the plain loop. */
static int read_serial(struct trace_reader *r, ca_batch_fn fn, void *arg)
{
	struct tr_rec *b = xmalloc(BATCH * sizeof(*b));
	struct keep keep = {0};
	int rc = 1;

	while (rc > 0) {
		uint32_t n = 0;

		keep_reset(&keep);
		while (n < BATCH && (rc = trace_reader_read(r, b + n, BATCH - n)) > 0) {
			n += (uint32_t)rc; /* the batch entry point */
			keep_rec(&keep, &b[n - 1]);
		}
		if (n && fn(arg, b, n))
			break;
	}
	keep_reset(&keep);
	free(b);
	return rc < 0 ? -1 : 0;
}

/*
 * Decoding and aggregating a trace are both CPU-bound and about as costly: on a machine with two
 * CPUs or more, the reader runs in its own thread, a few batches ahead (memory stays constant).
 */
int ca_read(struct trace_reader *r, ca_batch_fn fn, void *arg)
{
	struct pipe p = {.r = r};
	pthread_t th;
	int rc;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return read_serial(r, fn, arg);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (int i = 0; i < NBATCH; i++)
		p.bufs[i] = xmalloc(BATCH * sizeof(struct tr_rec));
	if (pthread_create(&th, NULL, pipe_produce, &p)) {
		rc = read_serial(r, fn, arg);
	} else {
		rc = pipe_consume(&p, fn, arg);
		pthread_join(th, NULL);
	}
	for (int i = 0; i < NBATCH; i++) {
		free(p.bufs[i]);
		keep_reset(&p.keep[i]);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return rc < 0 ? -1 : 0;
}

/*
 * One thread: the plain records go from the chunk into the tree (tree_steps()), the reader's
 * general path hands over the others one at a time. A second thread decoding ahead cost more in
 * wake-ups and copies of struct tr_rec than the decoding it took off this one.
 */
int ca_tree_read(struct ca_tree *t, struct ca_funcs *fn, struct trace_reader *r)
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
static uint32_t walk_next(const struct ca_tree *t, uint32_t top, uint32_t n, bool descend)
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
	     n = walk_next(s, src, n, true)) {
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

/* ---- rows ---- */

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
	     n = walk_next(t, top, n, true)) {
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

const char *ca_program_name(struct trace_reader *r)
{
	const char *exe = trace_reader_info(r, "exe"), *slash;

	if (!exe || !*exe)
		return "ftrace";
	slash = strrchr(exe, '/');
	return slash && slash[1] ? slash + 1 : exe;
}
