/* SPDX-License-Identifier: MIT */
/* The replay-time filter engine: a trace reader's per-thread stage applying struct filter. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "filter_engine.h"
#include "filter_impl.h"
#include "hashmap.h"
#include "symbols.h"
#include "trace_format.h"
#include "trace_reader.h"

/*
 * The engine runs per thread, between the reader's decoder and its leaf folding, so that a call
 * whose children were all removed folds into a one-line leaf and the merge stays per-thread. Each
 * thread keeps its own copy of the call stack with, per frame, whether it is shown, at which depth,
 * and what its children inherit (cut, inside -F, depth limit, time threshold).
 *
 * Calls that can only be judged later (-t: their duration; -C: whether a matching call lies below)
 * are "pending": their ENTRY is queued only when they qualify, together with the pending ENTRYs of
 * their ancestors, in order. The queue is per thread, so the memory is bounded by the call depth.
 */

static void filter_free_cb(void *p);

/* One open call of a thread, as the engine sees it. */
struct fl_frame {
	struct tr_rec entry;  /* the ENTRY as read: queued as is (depth changed) when shown */
	uint64_t thresh;      /* -t / time=: calls shorter than this are not shown (0: none) */
	uint64_t kid_thresh;  /* what its children inherit (differs with the trace trigger) */
	uint32_t out_depth;   /* the depth it is shown at */
	uint32_t child_depth; /* the depth its shown children get */
	uint32_t limit;	      /* children shown at this depth or deeper are cut */
	bool visible;	      /* shown once it qualifies */
	bool emitted;	      /* its ENTRY went out: its EXIT must too */
	bool cut_kids;	      /* nothing below it is shown */
	bool scope;	      /* inside an -F function (or no -F at all) */
	bool caller;	      /* matched -C */
	unsigned long
		pull; /* the reader pull that produced entry: its argument bytes die with it */
};

struct fl_thread {
	struct tr_thread *key;
	uint32_t tid; /* a stream's threads follow one another (FT_CHUNK_FOLLOWED) */
	struct fl_frame root, *stack;
	uint32_t depth, cap;
	bool on, finished;
	struct tr_rec *q; /* output queue (ring) */
	size_t qhead, qtail, qcap;
	uint8_t *bt; /* backtrace payloads, one per queued event, owned here */
	size_t bt_len, bt_cap;
	unsigned long pulls; /* records pulled from the reader so far */
};

static void queue_push(struct fl_thread *th, const struct tr_rec *rec)
{
	if (th->qtail - th->qhead == th->qcap) {
		size_t n = th->qcap ? th->qcap * 2 : 64;
		struct tr_rec *q = xcalloc(n, sizeof(*q));

		for (size_t i = th->qhead; i < th->qtail; i++)
			q[i - th->qhead] = th->q[i % th->qcap];
		th->qtail -= th->qhead;
		th->qhead = 0;
		free(th->q);
		th->q = q;
		th->qcap = n;
	}
	th->q[th->qtail++ % th->qcap] = *rec;
}

/* --no-libcall: a function mapped from another file than the process image's executable, unless
 * that file was built with instrumentation (its functions record themselves, as the program's do)
 */
static bool is_libcall(struct filter *f, const struct tr_rec *rec)
{
	const char *path;
	uint64_t bias;

	return f->st && symtabs_module_at(f->st, rec->pid, rec->session, rec->addr, &path, &bias) &&
	       !symtabs_in_exe(f->st, rec->pid, rec->session, rec->addr) &&
	       !symtabs_instrumented_at(f->st, rec->pid, rec->session, rec->addr);
}

/* An address not seen yet: its function matched against the rules, once. */
static const struct filter_match *match_add(struct filter *f, const struct tr_rec *rec)
{
	const struct sym *sym;
	struct filter_match *m;
	bool added;
	uint32_t *idx = hashmap_slot(&f->match_idx, rec->addr, rec->session, rec->pid, &added);
	char hex[32];

	*idx = (uint32_t)f->nmatches;
	if (f->nmatches == f->matches_cap) {
		f->matches_cap = f->matches_cap ? 2 * f->matches_cap : 256;
		f->matches = xrealloc(f->matches, f->matches_cap * sizeof(*f->matches));
	}
	m = &f->matches[f->nmatches++];
	sym = f->st ? symtabs_lookup(f->st, rec->pid, rec->session, rec->addr) : NULL;
	f->libcall = is_libcall(f, rec);
	if (sym && sym->name) {
		filter_match_name(f, demangler_name(f->dm, sym->name), sym->module, m);
	} else {
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)rec->addr);
		filter_match_name(f, hex, NULL, m);
	}
	if (f->hide_libcalls && f->libcall)
		m->flags |= FR_HIDE; /* hidden, its children (callbacks) shown in its place */
	return m;
}

/* What the rules say about the function at rec's address. */
static inline const struct filter_match *match_of(struct filter *f, const struct tr_rec *rec)
{
	uint32_t idx = hashmap_get(&f->match_idx, rec->addr, rec->session, rec->pid);

	return likely(idx != HASHMAP_NONE) ? &f->matches[idx] : match_add(f, rec);
}

/* A thread not seen yet: its own stack, starting at the root frame the settings say. */
static struct fl_thread *thread_add(struct filter *f, struct tr_thread *t)
{
	struct fl_thread *th;
	bool added;
	uint32_t *idx = hashmap_slot(&f->thread_idx, (uintptr_t)t, 0, 0, &added);

	*idx = (uint32_t)f->nthreads;
	f->threads = xrealloc(f->threads, (f->nthreads + 1) * sizeof(*f->threads));
	th = f->threads[f->nthreads++] = xcalloc(1, sizeof(*th));
	th->key = t;
	th->on = !f->disabled;
	th->root = (struct fl_frame){.limit = f->depth ? f->depth : UINT32_MAX,
				     .thresh = f->time,
				     .kid_thresh = f->time,
				     .scope = !f->has_filter};
	return th;
}

static inline struct fl_thread *thread_of(struct filter *f, struct tr_thread *t)
{
	uint32_t idx;

	/* the reader hands out runs of one thread's records */
	if (likely(f->last_thread && f->last_thread->key == t))
		return f->last_thread;
	idx = hashmap_get(&f->thread_idx, (uintptr_t)t, 0, 0);
	return f->last_thread = likely(idx != HASHMAP_NONE) ? f->threads[idx] : thread_add(f, t);
}

static struct fl_frame *frame_push(struct fl_thread *th)
{
	if (th->depth == th->cap) {
		th->cap = th->cap ? th->cap * 2 : 64;
		th->stack = xrealloc(th->stack, th->cap * sizeof(*th->stack));
	}
	return &th->stack[th->depth++];
}

static inline struct fl_frame *frame_parent(struct fl_thread *th, uint32_t depth)
{
	return depth ? &th->stack[depth - 1] : &th->root;
}

static void emit_entry(struct fl_thread *th, struct fl_frame *fr)
{
	struct tr_rec rec = fr->entry;

	rec.depth = fr->out_depth;
	if (fr->pull != th->pulls) {
		/* shown only once a later record qualified it: its arguments were not kept */
		rec.args = NULL;
		rec.args_len = 0;
	}
	queue_push(th, &rec);
	fr->emitted = true;
}

/* A call is shown: so are its pending ancestors, outermost first. */
static void flush_ancestors(struct fl_thread *th, uint32_t upto)
{
	for (uint32_t i = 0; i < upto; i++)
		if (th->stack[i].visible && !th->stack[i].emitted)
			emit_entry(th, &th->stack[i]);
}

/* backtrace trigger: an event naming every open call, shown or not, outermost first. */
static void emit_backtrace(struct fl_thread *th, const struct tr_rec *at, uint32_t depth)
{
	size_t need = 10 * ((size_t)th->depth + 1);
	struct tr_rec ev = *at;
	uint8_t *p;

	if (th->bt_len + need > th->bt_cap) {
		/* payloads must stay put while queued: only grow when nothing is queued */
		if (th->qhead != th->qtail)
			return;
		th->bt_len = 0;
		if (need > th->bt_cap) {
			th->bt_cap = need * 2;
			th->bt = xrealloc(th->bt, th->bt_cap);
		}
	}
	p = th->bt + th->bt_len;
	ev.payload = p;
	p = ft_put_varint(p, th->depth);
	for (uint32_t i = 0; i < th->depth; i++)
		p = ft_put_varint(p, th->stack[i].entry.addr);
	ev.payload_len = (uint32_t)(p - ev.payload);
	th->bt_len += ev.payload_len;
	ev.type = TR_EVENT;
	ev.event = TR_EV_BACKTRACE;
	ev.depth = depth;
	queue_push(th, &ev);
}

/* finish trigger: say so; from here no new call is shown, the open ones still close (as recorded).
 */
static void finish_thread(struct fl_thread *th, const struct tr_rec *at)
{
	static const uint8_t why = FT_STOP_FINISH;
	struct tr_rec ev = *at;

	ev.type = TR_EVENT;
	ev.event = FT_EV_STOP;
	ev.payload = &why;
	ev.payload_len = 1;
	ev.depth = frame_parent(th, at->depth)->child_depth;
	queue_push(th, &ev);
	th->finished = true;
}

/* -r: the entry time, counted from the start of the recording, is in [from, to] */
static inline bool in_range(const struct filter *f, uint64_t ns)
{
	uint64_t rel = ns > f->origin ? ns - f->origin : 0;

	return rel >= f->from && rel <= f->to;
}

/* What the frame inherits and whether it is shown; the decisions of doc/filters.md, in order. */
static void frame_judge(struct filter *f, struct fl_thread *th, struct fl_frame *fr,
			const struct fl_frame *parent, const struct filter_match *m)
{
	bool cut = parent->cut_kids || th->finished, beyond;

	fr->scope = parent->scope || (m->flags & FR_FILTER);
	fr->limit = parent->limit;
	/* -D counts from the nearest -F function: each nested match starts it again */
	if ((m->flags & FR_FILTER) && f->depth)
		fr->limit = parent->child_depth + f->depth;
	fr->kid_thresh = (m->flags & FR_TIME) ? m->time : parent->kid_thresh;
	fr->thresh = (m->flags & FR_TRACE) ? 0 : fr->kid_thresh;
	if (!cut && (m->flags & FR_TRACE_ON))
		th->on = true;
	if (!cut && (m->flags & FR_TRACE_OFF))
		th->on = false;
	fr->visible = !cut && fr->scope && th->on &&
		      !(m->flags & (FR_HIDE | FR_NOTRACE | FR_TRACE_OFF)) &&
		      in_range(f, fr->entry.time);
	fr->out_depth = parent->child_depth;
	beyond = fr->visible && fr->out_depth >= fr->limit;
	fr->visible &= !beyond;
	fr->caller = fr->visible && (m->flags & FR_CALLER);
	/* below the depth limit nothing is shown but a nested -F function, which restarts it */
	fr->cut_kids = cut || (m->flags & FR_NOTRACE) || fr->caller;
	fr->child_depth = fr->visible ? fr->out_depth + 1 : fr->out_depth;
	if (fr->visible && (m->flags & FR_DEPTH) && fr->out_depth + m->depth < fr->limit)
		fr->limit = fr->out_depth + m->depth;
}

static void on_entry(struct filter *f, struct fl_thread *th, const struct tr_rec *rec)
{
	const struct filter_match *m;
	struct fl_frame *fr;

	/* frames opened before the data we have: transparent */
	while (th->depth < rec->depth) {
		struct fl_frame *p = frame_parent(th, th->depth);

		fr = frame_push(th);
		*fr = *p;
		fr->visible = fr->emitted = fr->caller = false;
		fr->cut_kids = p->cut_kids;
	}
	th->depth = rec->depth;
	m = match_of(f, rec);
	fr = frame_push(th);
	*fr = (struct fl_frame){.entry = *rec, .pull = th->pulls};
	frame_judge(f, th, fr, frame_parent(th, rec->depth), m);
	if ((m->flags & FR_BACKTRACE) && !frame_parent(th, rec->depth)->cut_kids)
		emit_backtrace(th, rec, fr->out_depth);
	if ((m->flags & FR_FINISH) && !frame_parent(th, rec->depth)->cut_kids && !th->finished) {
		finish_thread(th, rec);
		fr->visible = false;
		fr->cut_kids = true;
		return;
	}
	if (fr->visible && !fr->thresh && (!f->has_caller || fr->caller)) {
		flush_ancestors(th, rec->depth);
		emit_entry(th, fr);
	}
}

static void on_leave(struct filter *f, struct fl_thread *th, const struct tr_rec *rec)
{
	struct fl_frame *fr;
	struct tr_rec out;

	if (rec->depth >= th->depth)
		return; /* its entry came before the data we have */
	fr = &th->stack[rec->depth];
	th->depth = rec->depth;
	if (!fr->emitted && fr->visible && (!f->has_caller || fr->caller) &&
	    rec->duration >= fr->thresh) {
		flush_ancestors(th, rec->depth);
		emit_entry(th, fr);
	}
	if (!fr->emitted)
		return;
	out = *rec;
	out.depth = fr->out_depth;
	queue_push(th, &out);
}

/*
 * A context switch shows under the nearest caller already shown (a hidden function's switches are
 * its caller's); outside any shown call only when nothing limits what is shown (-F, -t, tracing
 * off). Under -t a switch inside a call whose time is not known yet is not shown.
 */
static bool sched_shown(const struct fl_thread *th, uint32_t depth)
{
	for (uint32_t d = depth; d > 0; d--) {
		const struct fl_frame *fr = &th->stack[d - 1];

		if (fr->emitted)
			return true;
		if (fr->visible) /* shown later, if at all: the switch would come before it */
			return false;
	}
	return th->root.scope && !th->root.thresh && th->on;
}

/*
 * Arguments and return values follow their call; other events (signals, lost data) always show.
 * Backtraces recorded by a backtrace trigger give way to the engine's own when it has one (live
 * gives the same -T to record and to replay: one line, not two).
 */
static void on_event(struct filter *f, struct fl_thread *th, const struct tr_rec *rec)
{
	struct fl_frame *top = frame_parent(th, th->depth < rec->depth ? th->depth : rec->depth);
	struct tr_rec out = *rec;

	if ((rec->event == FT_EV_ARGS || rec->event == FT_EV_RETVAL) && !top->emitted)
		return;
	if (rec->event == FT_EV_BACKTRACE && f->has_backtrace)
		return;
	if ((rec->event == TR_EV_SCHED_OUT || rec->event == TR_EV_SCHED_IN) &&
	    !sched_shown(th, th->depth < rec->depth ? th->depth : rec->depth))
		return;
	out.depth = top->child_depth;
	queue_push(th, &out);
}

static int stage_next(void *ctx, struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	struct filter *f = ctx;
	struct fl_thread *th = thread_of(f, t);

	for (;;) {
		struct tr_rec in;
		int rc;

		if (th->qhead != th->qtail) {
			*rec = th->q[th->qhead++ % th->qcap];
			if (th->qhead == th->qtail)
				th->bt_len = 0;
			return 1;
		}
		rc = trace_reader_pull(r, t, &in);
		th->pulls++;
		if (rc <= 0)
			return rc;
		if (in.tid != th->tid) { /* a new thread: the triggers' state starts afresh */
			th->tid = in.tid;
			th->on = !f->disabled;
			th->finished = false;
		}
		if (in.type == TR_ENTRY)
			on_entry(f, th, &in);
		else if (in.type == TR_EXIT)
			on_leave(f, th, &in);
		else
			on_event(f, th, &in);
	}
}

void filter_attach(struct filter *f, struct trace_reader *r, struct symtabs *st,
		   enum demangle_style ds)
{
	const char *sync = trace_reader_info(r, "clock-sync");
	unsigned long long t0, n0;

	f->st = st;
	f->dm = demangler_new(ds);
	hashmap_init(&f->match_idx, 512);
	hashmap_init(&f->thread_idx, 32);
	/* -r counts from the start of the recording: the first clock reading `record` made */
	if (sync && sscanf(sync, "%llu %llu", &t0, &n0) == 2)
		f->origin = n0;
	trace_reader_set_stage(r, stage_next, filter_free_cb, f);
}

void filter_setup_reader(struct trace_reader *r, const struct filter_config *c, struct symtabs *st)
{
	struct filter *f = filter_from_config(c);

	if (c->no_libcall) {
		if (!f)
			f = filter_new(false);
		f->hide_libcalls = true;
	}
	if (f && !st)
		st = f->own_st = symtabs_load(c->dir);
	if (f)
		filter_attach(f, r, st, c->demangle);
	else
		trace_reader_set_depth(r, c->depth > 0 ? (uint32_t)c->depth : 0);
}

static void filter_free_cb(void *p)
{
	struct filter *f = p;

	if (f->nthreads)
		filter_warn_unmatched(f, "in the trace");
	filter_free(f);
}

/* What filter_attach() and filter_setup_reader() allocated; called by filter_free(). */
void filter_engine_free(struct filter *f)
{
	for (size_t i = 0; i < f->nthreads; i++) {
		struct fl_thread *th = f->threads[i];

		free(th->stack);
		free(th->q);
		free(th->bt);
		free(th);
	}
	free(f->threads);
	free(f->matches);
	hashmap_free(&f->match_idx);
	hashmap_free(&f->thread_idx);
	if (f->dm)
		demangler_free(f->dm);
	if (f->own_st)
		symtabs_free(f->own_st);
}
