/* SPDX-License-Identifier: MIT */
/* dump --html: the page writer. One read of the trace gives the calling-context tree (callstats),
 * the crash paths and a thinned per-thread timeline; the page embeds them as JSON. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callstats.h"
#include "crash.h"
#include "dwarfinfo.h"
#include "htmlpage.h"
#include "symbols.h"
#include "tasks.h"
#include "trace_format.h"

/*
 * The page never holds records: the tree is cut to HTMLPAGE_NODE_BUDGET nodes, heaviest first
 * (every node kept has its parent kept), and what is cut below a kept node becomes one "N more"
 * row with the summed counters. The timeline keeps, per thread, the calls at depth 0 and 1, merged
 * into coarser segments whenever a lane grows past LANE_CAP, so memory stays bounded whatever the
 * trace. The JSON layout is described at the top of analysis/html/page.js, which reads it.
 */

#define LANE_CAP	4096u  /* segments a lane keeps while reading */
#define LANES		2u     /* timeline depths: 0 and 1 */
#define TIMELINE_BUDGET 20000u /* segments the page gets, all lanes together */
#define LANE_MIN_BUDGET 64u

/* node flags in the JSON */
#define NF_RECURSIVE 1u
#define NF_CRASH     2u /* the innermost frame of a crash */
#define NF_NOCALLS   4u /* inherited from a fork parent: its time is counted there */

struct seg {
	uint64_t start, end;
	uint32_t fid, n; /* n: calls merged into this segment (fid: the longest of them) */
	uint64_t longest;
};

struct lane {
	struct seg *v;
	uint32_t n, cap;
	uint64_t quantum; /* calls shorter than this merge with their neighbours */
};

struct hp_thread {
	uint32_t tid, pid;
	uint32_t *stack; /* fid per open depth */
	uint32_t depth, cap;
	uint32_t *crash; /* fids from the outermost frame to the one a crash abandoned */
	uint32_t ncrash;
	bool crashed;
	struct lane lanes[LANES];
};

struct site {
	uint64_t addr, session;
	uint32_t pid;
	bool set;
};

struct hp {
	const struct htmlpage_config *c;
	struct out *out;
	struct trace_reader *r;
	struct ca_funcs *fn;
	struct ca_tree *t;
	struct hp_thread *th;
	uint32_t nth, last;
	struct site *sites; /* per fid: one address it was recorded at (for file:line) */
	uint32_t nsites;
	uint64_t overwritten, corrupt, lost_events, signals;
	struct task_log log;
	bool have_log;
	/* the cut tree */
	uint64_t *w;	/* per node: width (total, or the children's sum when more) */
	uint32_t *emit; /* per node: index in the page, CA_NONE when cut */
	uint32_t nemit;
	bool *crash_node; /* per node */
	bool offcpu;	  /* context switches were recorded and are read: off-CPU time is shown */
	uint64_t *off;	  /* per emitted tree row: its off-CPU ns */
};

/* ---- JSON ---- */

#define OUT_LIT(out, s) out_str(out, s, sizeof(s) - 1)

static void json_str(struct out *out, const char *s)
{
	OUT_LIT(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char *p = out_room(out, 8);

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			/* < > & escaped: no "</script>" can end the data block early */
			p += sprintf(p, "\\u%04x", c);
		} else {
			*p++ = (char)c;
		}
		out->len = (size_t)(p - out->buf);
	}
	OUT_LIT(out, "\"");
}

static void json_key_str(struct out *out, const char *key, const char *v)
{
	out_printf(out, "\"%s\":", key);
	json_str(out, v ? v : "");
	OUT_LIT(out, ",");
}

static void json_num(struct out *out, uint64_t v, char sep)
{
	char *s = out_room(out, 24), *p = put_uint(s, v, 0);

	*p++ = sep;
	out->len += (size_t)(p - s);
}

/* ---- reading ---- */

static struct hp_thread *thread_of(struct hp *h, const struct tr_rec *rec)
{
	if (h->last < h->nth && h->th[h->last].tid == rec->tid && h->th[h->last].pid == rec->pid)
		return &h->th[h->last];
	for (uint32_t i = 0; i < h->nth; i++)
		if (h->th[i].tid == rec->tid && h->th[i].pid == rec->pid)
			return &h->th[h->last = i];
	h->th = xrealloc(h->th, (h->nth + 1) * sizeof(*h->th));
	h->th[h->nth] = (struct hp_thread){.tid = rec->tid, .pid = rec->pid};
	h->last = h->nth;
	return &h->th[h->nth++];
}

static void site_note(struct hp *h, uint32_t fid, const struct tr_rec *rec)
{
	if (fid >= h->nsites) {
		uint32_t n = fid + 1024;

		h->sites = xrealloc(h->sites, n * sizeof(*h->sites));
		memset(h->sites + h->nsites, 0, (n - h->nsites) * sizeof(*h->sites));
		h->nsites = n;
	}
	if (!h->sites[fid].set)
		h->sites[fid] = (struct site){rec->addr, rec->session, rec->pid, true};
}

/* The first frame a crash abandons is the innermost: the path to it is the crash path. */
static void crash_note(struct hp_thread *th, uint32_t depth, uint32_t fid)
{
	th->crashed = true;
	th->ncrash = depth + 1;
	th->crash = xmalloc(th->ncrash * sizeof(*th->crash));
	for (uint32_t i = 0; i < depth && i < th->depth; i++)
		th->crash[i] = th->stack[i];
	th->crash[depth] = fid;
}

/* b follows a closely enough, and one of them is short enough, to be drawn as one */
static bool seg_mergeable(const struct seg *a, const struct seg *b, uint64_t quantum)
{
	return b->start < a->end + quantum &&
	       (a->end - a->start < quantum || b->end - b->start < quantum);
}

static void seg_absorb(struct seg *a, const struct seg *b)
{
	if (b->longest > a->longest) {
		a->longest = b->longest;
		a->fid = b->fid;
	}
	a->end = b->end > a->end ? b->end : a->end;
	a->n += b->n;
}

/* Merges neighbouring segments when either is shorter than the lane's quantum. */
static void lane_merge(struct lane *l)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < l->n; i++) {
		if (k && seg_mergeable(&l->v[k - 1], &l->v[i], l->quantum))
			seg_absorb(&l->v[k - 1], &l->v[i]);
		else
			l->v[k++] = l->v[i];
	}
	l->n = k;
}

static void lane_thin(struct lane *l, uint32_t max)
{
	while (l->n > max) {
		l->quantum = l->quantum ? l->quantum * 2 : 1000;
		lane_merge(l);
	}
}

/* A call at the end of the lane: merged with the last segment when the quantum says so (the rest
 * is merged already), and the whole lane coarsened when it is full: constant time per call,
 * amortised. */
static void lane_add(struct lane *l, uint64_t start, uint64_t end, uint32_t fid)
{
	struct seg s = {start, end, fid, 1, end - start};

	if (l->n && l->quantum && seg_mergeable(&l->v[l->n - 1], &s, l->quantum)) {
		seg_absorb(&l->v[l->n - 1], &s);
		return;
	}
	if (l->n == l->cap) {
		if (l->cap >= LANE_CAP) {
			lane_thin(l, LANE_CAP / 2);
		} else {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
		}
	}
	l->v[l->n++] = s;
}

static void note_call(struct hp *h, struct hp_thread *th, const struct tr_rec *rec)
{
	uint32_t fid = ca_func_id(h->fn, rec), d = rec->depth;

	site_note(h, fid, rec);
	if (rec->type == TR_ENTRY) {
		if (d >= th->cap) {
			th->cap = d + 64;
			th->stack = xrealloc(th->stack, th->cap * sizeof(*th->stack));
		}
		th->stack[d] = fid;
		th->depth = d + 1;
		return;
	}
	if (rec->abandon == FT_AB_CRASH && !th->crashed)
		crash_note(th, d, fid);
	th->depth = d;
	if (d < LANES && !rec->inherited) {
		uint64_t start = rec->type == TR_LEAF ? rec->time : rec->time - rec->duration;

		lane_add(&th->lanes[d], start, start + rec->duration, fid);
	}
}

static void note_event(struct hp *h, const struct tr_rec *rec)
{
	if (rec->event == TR_EV_OVERWRITTEN)
		h->overwritten++;
	else if (rec->event == TR_EV_CORRUPT)
		h->corrupt++;
	else if (rec->event == FT_EV_LOST)
		h->lost_events++;
	else if (rec->event == FT_EV_SIGNAL)
		h->signals++;
}

static int hp_batch(void *arg, const struct tr_rec *recs, uint32_t n)
{
	struct hp *h = arg;

	for (uint32_t i = 0; i < n; i++) {
		const struct tr_rec *rec = &recs[i];

		ca_tree_add(h->t, h->fn, rec);
		if (rec->type == TR_EVENT)
			note_event(h, rec);
		else
			note_call(h, thread_of(h, rec), rec);
	}
	return 0;
}

/* ---- the cut tree ---- */

static void node_widths(struct hp *h)
{
	const struct ca_tree *t = h->t;
	uint64_t *kids = xcalloc(t->nnodes, sizeof(*kids));

	h->w = xcalloc(t->nnodes, sizeof(*h->w));
	/* a child always has a larger index than its parent: one backward pass sums bottom-up */
	for (uint32_t i = t->nnodes; i-- > 1;) {
		h->w[i] = t->nodes[i].total > kids[i] ? t->nodes[i].total : kids[i];
		kids[t->nodes[i].parent] += h->w[i];
	}
	h->w[CA_ROOT] = kids[CA_ROOT];
	free(kids);
}

/* The node of a thread's crash path, following its fids down from the thread's root. */
static uint32_t crash_node_of(const struct ca_tree *t, const struct hp_thread *th)
{
	uint32_t n = CA_NONE;

	for (uint32_t c = t->nodes[CA_ROOT].first; c != CA_NONE; c = t->nodes[c].next) {
		const struct ca_thread_info *ti =
			ca_tree_thread(t, t->nodes[c].key & ~CA_THREAD_KEY);

		if ((t->nodes[c].key & CA_THREAD_KEY) && ti->tid == th->tid && ti->pid == th->pid)
			n = c;
	}
	for (uint32_t i = 0; i < th->ncrash && n != CA_NONE; i++) {
		uint32_t c = t->nodes[n].first;

		while (c != CA_NONE && t->nodes[c].key != th->crash[i])
			c = t->nodes[c].next;
		n = c;
	}
	return n;
}

/* a max-heap of node indices by width */
struct heap {
	uint32_t *v;
	uint32_t n, cap;
	const uint64_t *w;
};

static void heap_push(struct heap *hp, uint32_t x)
{
	uint32_t i;

	if (hp->n == hp->cap) {
		hp->cap = hp->cap ? hp->cap * 2 : 1024;
		hp->v = xrealloc(hp->v, hp->cap * sizeof(*hp->v));
	}
	for (i = hp->n++; i && hp->w[hp->v[(i - 1) / 2]] < hp->w[x]; i = (i - 1) / 2)
		hp->v[i] = hp->v[(i - 1) / 2];
	hp->v[i] = x;
}

static uint32_t heap_pop(struct heap *hp)
{
	uint32_t top = hp->v[0], x = hp->v[--hp->n], i = 0;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= hp->n)
			break;
		if (c + 1 < hp->n && hp->w[hp->v[c + 1]] > hp->w[hp->v[c]])
			c++;
		if (hp->w[hp->v[c]] <= hp->w[x])
			break;
		hp->v[i] = hp->v[c];
		i = c;
	}
	if (hp->n)
		hp->v[i] = x;
	return top;
}

/* Marks kept[] for the heaviest nodes, every crash path whole, and the threads' roots. */
static bool *select_nodes(struct hp *h)
{
	const struct ca_tree *t = h->t;
	bool *kept = xcalloc(t->nnodes, sizeof(*kept));
	struct heap hp = {.w = h->w};
	uint32_t nkept = 1;

	kept[CA_ROOT] = true;
	for (uint32_t c = t->nodes[CA_ROOT].first; c != CA_NONE; c = t->nodes[c].next)
		heap_push(&hp, c);
	while (hp.n && nkept < HTMLPAGE_NODE_BUDGET) {
		uint32_t n = heap_pop(&hp);

		kept[n] = true;
		nkept++;
		for (uint32_t c = t->nodes[n].first; c != CA_NONE; c = t->nodes[c].next)
			heap_push(&hp, c);
	}
	free(hp.v);
	for (uint32_t i = 1; i < t->nnodes; i++) {
		bool force = h->crash_node[i] || (t->nodes[i].key & CA_THREAD_KEY);

		for (uint32_t n = i; force && n != CA_ROOT && !kept[n]; n = t->nodes[n].parent)
			kept[n] = true;
	}
	return kept;
}

static int cmp_width_desc(const void *a, const void *b, void *arg)
{
	const uint64_t *w = arg;
	uint64_t x = w[*(const uint32_t *)a], y = w[*(const uint32_t *)b];

	return x < y ? 1 : x > y ? -1 : 0;
}

/* ",parent,key,calls,total,self,flags": one row of the tree; its off-CPU time goes to "O" */
static void put_row(struct hp *h, uint32_t parent, int64_t key, uint64_t calls, uint64_t total,
		    uint64_t self, uint64_t flags, uint64_t off)
{
	if (h->offcpu)
		h->off[h->nemit] = off;
	OUT_LIT(h->out, ",");
	json_num(h->out, parent, ',');
	if (key < 0)
		out_printf(h->out, "%lld,", (long long)key);
	else
		json_num(h->out, (uint64_t)key, ',');
	json_num(h->out, calls, ',');
	json_num(h->out, total, ',');
	json_num(h->out, self, ',');
	json_num(h->out, flags, ' ');
	h->out->len--; /* no separator after the last number */
	h->nemit++;
}

/* A thread's root has no time of its own: its off-CPU time is its outermost calls'. */
static uint64_t node_offcpu(const struct ca_tree *t, uint32_t n)
{
	uint64_t sum = 0;

	if (!(t->nodes[n].key & CA_THREAD_KEY))
		return t->nodes[n].offcpu;
	for (uint32_t c = t->nodes[n].first; c != CA_NONE; c = t->nodes[c].next)
		sum += t->nodes[c].offcpu;
	return sum;
}

/* one "N more" row: what was cut below node n */
static void emit_more(struct hp *h, uint32_t n, const bool *kept)
{
	const struct ca_tree *t = h->t;
	uint64_t calls = 0, total = 0, self = 0, count = 0, off = 0;

	for (uint32_t c = t->nodes[n].first; c != CA_NONE; c = t->nodes[c].next) {
		if (kept[c])
			continue;
		count++;
		calls += t->nodes[c].calls;
		total += h->w[c];
		self += t->nodes[c].self;
		off += node_offcpu(t, c);
	}
	if (count)
		put_row(h, h->emit[n], -1, calls, total, self, count, off);
}

static void emit_node(struct hp *h, uint32_t n)
{
	const struct ca_node *node = &h->t->nodes[n];
	uint32_t flags = (node->recursive ? NF_RECURSIVE : 0) | (h->crash_node[n] ? NF_CRASH : 0) |
			 (node->calls || (node->key & CA_THREAD_KEY) ? 0 : NF_NOCALLS);
	int64_t key = node->key & CA_THREAD_KEY ? -2 - (int64_t)(node->key & ~CA_THREAD_KEY)
						: (int64_t)node->key;

	h->emit[n] = h->nemit;
	put_row(h, h->emit[node->parent], key, node->calls, h->w[n], node->self, flags,
		h->offcpu ? node_offcpu(h->t, n) : 0);
}

/* "O":[off-CPU ns per tree row, ...], when context switches were recorded; row 0 is the whole run */
static void emit_offcpu(struct hp *h)
{
	uint64_t all = 0;

	if (!h->offcpu)
		return;
	for (uint32_t c = h->t->nodes[CA_ROOT].first; c != CA_NONE; c = h->t->nodes[c].next)
		all += node_offcpu(h->t, c);
	OUT_LIT(h->out, "\"O\":[");
	json_num(h->out, all, ',');
	for (uint32_t i = 1; i < h->nemit; i++)
		json_num(h->out, h->off[i], ',');
	h->out->len--;
	OUT_LIT(h->out, "],");
}

/*
 * "N":[parent, key, calls, total, self, flags, ...]: six numbers per row, in depth-first order,
 * heaviest child first; row 0 is the whole run. key: a function id, -1 for an "N more" row (flags
 * is then the number of paths cut), -2-i for thread i's root.
 */
static void emit_tree(struct hp *h, const bool *kept)
{
	const struct ca_tree *t = h->t;
	uint64_t *stack = xmalloc(((size_t)t->nnodes * 2 + 2) * sizeof(*stack));
	uint32_t *kids = xmalloc(((size_t)t->nnodes + 1) * sizeof(*kids));
	size_t sp = 0;

	h->emit = xmalloc(t->nnodes * sizeof(*h->emit));
	memset(h->emit, 0xff, t->nnodes * sizeof(*h->emit));
	h->emit[CA_ROOT] = 0;
	h->nemit = 1;
	/* at most one row per node and one "more" row per node */
	h->off = h->offcpu ? xcalloc((size_t)t->nnodes * 2 + 1, sizeof(*h->off)) : NULL;
	OUT_LIT(h->out, "\"N\":[0,-1,0,");
	json_num(h->out, h->w[CA_ROOT], ',');
	OUT_LIT(h->out, "0,0");
	stack[sp++] = CA_ROOT;
	while (sp) {
		uint64_t top = stack[--sp];
		uint32_t n = (uint32_t)top, nk = 0;

		if (top >> 32) {
			emit_more(h, n, kept);
			continue;
		}
		if (n != CA_ROOT)
			emit_node(h, n);
		for (uint32_t c = t->nodes[n].first; c != CA_NONE; c = t->nodes[c].next)
			if (kept[c])
				kids[nk++] = c;
		qsort_r(kids, nk, sizeof(*kids), cmp_width_desc, h->w);
		stack[sp++] = (1ull << 32) | n;
		while (nk)
			stack[sp++] = kids[--nk];
	}
	OUT_LIT(h->out, "],");
	free(kids);
	free(stack);
	emit_offcpu(h);
}

/* ---- functions, the flat profile, threads, the timeline ---- */

static int cmp_row_total(const void *a, const void *b)
{
	const struct ca_row *x = a, *y = b;

	return x->total < y->total   ? 1
	       : x->total > y->total ? -1
				     : (x->fid > y->fid) - (x->fid < y->fid);
}

/* "R":[fid, calls, total, self, sites, ...]: the heaviest functions; sites: call paths in the
 * whole tree; "P":[off-CPU, off-CPU self, ...] for the same rows when switches were recorded.
 * Marks the functions it names in used[]. */
static void emit_rows(struct hp *h, bool *used)
{
	struct ca_row *rows;
	uint32_t nrows = ca_rows(h->t, h->fn, CA_ROOT, &rows), nf = ca_nfuncs(h->fn);
	uint32_t *sites = xcalloc(nf + 1, sizeof(*sites));

	for (uint32_t i = 1; i < h->t->nnodes; i++)
		if (!(h->t->nodes[i].key & CA_THREAD_KEY) && h->t->nodes[i].key < nf)
			sites[h->t->nodes[i].key]++;
	qsort(rows, nrows, sizeof(*rows), cmp_row_total);
	out_printf(h->out, "\"nrows\":%u,\"R\":[", nrows);
	for (uint32_t i = 0; i < nrows && i < HTMLPAGE_ROW_BUDGET; i++) {
		if (i)
			OUT_LIT(h->out, ",");
		used[rows[i].fid] = true;
		json_num(h->out, rows[i].fid, ',');
		json_num(h->out, rows[i].calls, ',');
		json_num(h->out, rows[i].total, ',');
		json_num(h->out, rows[i].self, ',');
		json_num(h->out, sites[rows[i].fid], ' ');
		h->out->len--;
	}
	OUT_LIT(h->out, "],");
	if (h->offcpu) {
		OUT_LIT(h->out, "\"P\":[");
		for (uint32_t i = 0; i < nrows && i < HTMLPAGE_ROW_BUDGET; i++) {
			json_num(h->out, rows[i].offcpu, ',');
			json_num(h->out, rows[i].offcpu_self, ',');
		}
		if (nrows)
			h->out->len--;
		OUT_LIT(h->out, "],");
	}
	free(sites);
	free(rows);
}

/* index of path in the file table, added when new */
static uint32_t file_index(char ***files, uint32_t *n, const char *path)
{
	for (uint32_t i = *n; i-- > 0;)
		if (!strcmp((*files)[i], path))
			return i;
	*files = xrealloc(*files, (*n + 1) * sizeof(**files));
	(*files)[*n] = xstrdup(path);
	return (*n)++;
}

/* where fid is defined: from the saved srcline tables, else the module's DWARF */
static const struct srcline *func_srcline(struct hp *h, struct symtabs *st, struct srclines *sl,
					  uint32_t fid)
{
	const struct site *s = fid < h->nsites && h->sites[fid].set ? &h->sites[fid] : NULL;
	const struct sym *sym;
	const char *path;
	uint64_t bias;

	if (!s || !st || !(sym = symtabs_lookup(st, s->pid, s->session, s->addr)) ||
	    !symtabs_module_at(st, s->pid, s->session, sym->addr, &path, &bias))
		return NULL;
	return srclines_find(sl, path, sym->addr - bias);
}

/* "F":[[name, module, file, line] or 0 per function id], "S":[file names] */
static void emit_funcs(struct hp *h, const bool *used)
{
	struct symtabs *st = symtabs_load(h->c->dir);
	struct srclines *sl = srclines_new(h->c->dir);
	uint32_t nf = ca_nfuncs(h->fn), nfiles = 0;
	char **files = NULL;

	OUT_LIT(h->out, "\"F\":[");
	for (uint32_t fid = 0; fid < nf && !h->out->failed; fid++) {
		const struct ca_func *f = ca_func(h->fn, fid);
		const struct srcline *l;

		if (fid)
			OUT_LIT(h->out, ",");
		if (!used[fid]) {
			OUT_LIT(h->out, "0");
			continue;
		}
		OUT_LIT(h->out, "[");
		json_str(h->out, f->name);
		OUT_LIT(h->out, ",");
		json_str(h->out, f->module);
		if ((l = func_srcline(h, st, sl, fid)))
			out_printf(h->out, ",%u,%u", file_index(&files, &nfiles, l->file), l->line);
		OUT_LIT(h->out, "]");
	}
	OUT_LIT(h->out, "],\"S\":[");
	for (uint32_t i = 0; i < nfiles; i++) {
		if (i)
			OUT_LIT(h->out, ",");
		json_str(h->out, files[i]);
		free(files[i]);
	}
	OUT_LIT(h->out, "],");
	free(files);
	srclines_free(sl);
	symtabs_free(st);
}

/* "pid 12 prog" for a process's main thread ("pid 14 prog (forked)" for a fork child), "tid 13 of
 * pid 12 prog" for another thread, as info names them */
static void thread_label(struct hp *h, const struct ca_thread_info *ti, char *buf, size_t size)
{
	const struct task *task = h->have_log ? task_log_find(&h->log, ti->pid) : NULL;
	const char *name = task && task->images ? task->images : ca_program_name(h->r);
	int n;

	if (ti->tid == ti->pid)
		n = snprintf(buf, size, "pid %u %s%s", ti->pid, name,
			     task && task->forked ? " (forked)" : "");
	else
		n = snprintf(buf, size, "tid %u of pid %u %s", ti->tid, ti->pid, name);
	if (task && task->signo && ti->tid == ti->pid && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, ", killed by SIG%s",
			 sigabbrev_np(task->signo) ?: "?");
	else if (task && task->exit_code >= 0 && ti->tid == ti->pid && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, ", exit %d", task->exit_code);
}

/* "H":[[label, tid, pid, first ns, last ns, records], ...] in the order of the tree's threads */
static void emit_threads(struct hp *h)
{
	uint32_t n = ca_tree_nthreads(h->t);
	char label[1024];

	OUT_LIT(h->out, "\"H\":[");
	for (uint32_t i = 0; i < n; i++) {
		const struct ca_thread_info *ti = ca_tree_thread(h->t, i);

		thread_label(h, ti, label, sizeof(label));
		out_str(h->out, i ? ",[" : "[", i ? 2 : 1);
		json_str(h->out, label);
		out_printf(h->out, ",%u,%u,%llu,%llu,%llu]", ti->tid, ti->pid,
			   (unsigned long long)ti->first_ns, (unsigned long long)ti->last_ns,
			   (unsigned long long)ti->records);
	}
	OUT_LIT(h->out, "],");
}

static uint32_t tree_thread_index(const struct ca_tree *t, const struct hp_thread *th)
{
	for (uint32_t i = 0; i < ca_tree_nthreads(t); i++)
		if (ca_tree_thread(t, i)->tid == th->tid && ca_tree_thread(t, i)->pid == th->pid)
			return i;
	return CA_NONE;
}

/* "T":[[thread, depth, start, end, fid, calls, ...], ...]: each lane thinned to its share */
static void emit_timeline(struct hp *h, bool *used)
{
	uint32_t nlanes = 0, budget;
	bool first = true;

	for (uint32_t i = 0; i < h->nth; i++)
		for (uint32_t d = 0; d < LANES; d++)
			nlanes += h->th[i].lanes[d].n > 0;
	budget = nlanes ? TIMELINE_BUDGET / nlanes : 0;
	if (budget < LANE_MIN_BUDGET)
		budget = LANE_MIN_BUDGET;
	OUT_LIT(h->out, "\"T\":[");
	for (uint32_t i = 0; i < h->nth; i++) {
		uint32_t ti = tree_thread_index(h->t, &h->th[i]);

		for (uint32_t d = 0; d < LANES && ti != CA_NONE; d++) {
			struct lane *l = &h->th[i].lanes[d];

			if (!l->n)
				continue;
			lane_thin(l, budget);
			out_printf(h->out, "%s[%u,%u", first ? "" : ",", ti, d);
			first = false;
			for (uint32_t k = 0; k < l->n; k++) {
				OUT_LIT(h->out, ",");
				json_num(h->out, l->v[k].start, ',');
				json_num(h->out, l->v[k].end, ',');
				json_num(h->out, l->v[k].fid, ',');
				json_num(h->out, l->v[k].n, ' ');
				h->out->len--;
				used[l->v[k].fid] = true;
			}
			OUT_LIT(h->out, "]");
		}
	}
	OUT_LIT(h->out, "],");
}

/* ---- crashes and the header ---- */

static const struct fatal_signal *signal_of(const struct hp *h, const struct hp_thread *th)
{
	for (unsigned i = 0; h->have_log && i < h->log.nsigs; i++)
		if ((uint32_t)h->log.sigs[i].tid == th->tid)
			return &h->log.sigs[i];
	return NULL;
}

static void mark_crashes(struct hp *h)
{
	h->crash_node = xcalloc(h->t->nnodes, sizeof(*h->crash_node));
	for (uint32_t i = 0; i < h->nth; i++) {
		uint32_t n = h->th[i].crashed ? crash_node_of(h->t, &h->th[i]) : CA_NONE;

		if (n != CA_NONE)
			h->crash_node[n] = true;
	}
}

/* The crash mark of a thread whose frames a crash abandoned: the signal where the task log says
 * this thread took it, else the thread was only stopped by another thread's crash. */
static void crash_label(const struct hp *h, const struct hp_thread *th, char *buf, size_t size)
{
	const struct fatal_signal *fs = signal_of(h, th);

	if (fs) {
		snprintf(buf, size, "CRASH SIG%s", sigabbrev_np(fs->sig) ?: "?");
		return;
	}
	for (unsigned i = 0; h->have_log && i < h->log.nsigs; i++)
		if ((uint32_t)h->log.sigs[i].pid == th->pid) {
			snprintf(buf, size, "open when tid %d crashed", h->log.sigs[i].tid);
			return;
		}
	snprintf(buf, size, "CRASH (fatal signal)");
}

/* "C":[[row, mark, tid], ...]: where the crash found each thread */
static void emit_crash_nodes(struct hp *h)
{
	bool first = true;
	char label[128];

	OUT_LIT(h->out, "\"C\":[");
	for (uint32_t i = 0; i < h->nth; i++) {
		uint32_t n = h->th[i].crashed ? crash_node_of(h->t, &h->th[i]) : CA_NONE;

		if (n == CA_NONE || h->emit[n] == CA_NONE)
			continue;
		crash_label(h, &h->th[i], label, sizeof(label));
		out_printf(h->out, "%s[%u,", first ? "" : ",", h->emit[n]);
		json_str(h->out, label);
		out_printf(h->out, ",%u]", h->th[i].tid);
		first = false;
	}
	OUT_LIT(h->out, "],");
}

/* "W":[warning, ...]: what the reader of the page must know before trusting it */
static void emit_warnings(struct hp *h, const struct tr_stats *st)
{
	char buf[4096], where[3000];
	bool first = true;

	OUT_LIT(h->out, "\"W\":[");
#define WARN(...)                                        \
	do {                                             \
		snprintf(buf, sizeof(buf), __VA_ARGS__); \
		if (!first)                              \
			OUT_LIT(h->out, ",");            \
		first = false;                           \
		json_str(h->out, buf);                   \
	} while (0)
	for (unsigned i = 0; h->have_log && i < h->log.nsigs; i++) {
		const struct fatal_signal *fs = &h->log.sigs[i];

		fatal_signal_where(h->c->dir, fs, h->c->demangle, where, sizeof(where));
		WARN("crash: pid %d tid %d killed by SIG%s%s", fs->pid, fs->tid,
		     sigabbrev_np(fs->sig) ?: "?", where);
	}
	if (st->lost || (h->have_log && h->log.lost))
		WARN("lost records: %llu (calls are missing where they were dropped)",
		     (unsigned long long)(st->lost + (h->have_log ? h->log.lost : 0)));
	if (h->overwritten)
		WARN("flight recorder: %llu thread(s) start after older calls were overwritten",
		     (unsigned long long)h->overwritten);
	if (st->corrupt_chunks || h->corrupt)
		WARN("corrupt data: %u chunk(s) skipped, calls are missing there",
		     st->corrupt_chunks);
	for (unsigned i = 0; h->have_log && i < h->log.nstops; i++)
		WARN("tracing stopped: %s", h->log.stops[i]);
#undef WARN
	OUT_LIT(h->out, "],");
}

/* the options that narrowed what the page shows, as typed: "-F parse --tid 12" */
static void filters_text(const struct htmlpage_config *c, char *buf, size_t size)
{
	const struct filter_config *fc = &c->filters;
	size_t n = 0;

#define ADD(...)                                                               \
	do {                                                                   \
		if (n < size)                                                  \
			n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__); \
	} while (0)
	buf[0] = '\0';
	for (unsigned i = 0; i < fc->nrules; i++)
		ADD("%s-%c %s", n ? " " : "", fc->rules[i].kind, fc->rules[i].spec);
	if (c->tid)
		ADD("%s--tid %s", n ? " " : "", c->tid);
	if (fc->depth)
		ADD("%s-D %d", n ? " " : "", fc->depth);
	if (fc->time_filter)
		ADD("%s-t %s", n ? " " : "", fc->time_filter);
	if (fc->time_range)
		ADD("%s-r %s", n ? " " : "", fc->time_range);
	if (fc->no_libcall)
		ADD("%s--no-libcall", n ? " " : "");
#undef ADD
}

static void emit_info(struct hp *h, const struct tr_stats *st)
{
	char filters[2048];

	filters_text(h->c, filters, sizeof(filters));
	const char *elapsed = trace_reader_info(h->r, "elapsed-ns");

	OUT_LIT(h->out, "\"I\":{");
	json_key_str(h->out, "program", ca_program_name(h->r));
	json_key_str(h->out, "cmdline", trace_reader_info(h->r, "cmdline"));
	json_key_str(h->out, "recorded", trace_reader_info(h->r, "recorded"));
	json_key_str(h->out, "exit", trace_reader_info(h->r, "exit-status"));
	json_key_str(h->out, "flight", trace_reader_info(h->r, "flight"));
	json_key_str(h->out, "filters", filters);
	out_printf(h->out,
		   "\"elapsed\":%s,\"records\":%llu,\"threads\":%u,\"processes\":%u,"
		   "\"nodes\":%u,\"kept\":%u,\"budget\":%u,\"offcpu\":%s},",
		   elapsed && *elapsed ? elapsed : "0", (unsigned long long)st->records,
		   st->threads, st->processes, h->t->nnodes, h->nemit, HTMLPAGE_NODE_BUDGET,
		   h->offcpu ? "true" : "false");
}

/* ---- the page ---- */

static void emit_head(struct hp *h)
{
	out_printf(h->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			   "'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src "
			   "data:\">\n<title>ftrace: ");
	for (const char *s = ca_program_name(h->r); *s; s++) {
		if (*s == '<' || *s == '&')
			out_str(h->out, *s == '<' ? "&lt;" : "&amp;", *s == '<' ? 4 : 5);
		else
			out_str(h->out, s, 1);
	}
	out_printf(h->out, "</title>\n<style>\n");
	out_str(h->out, htmlpage_css, strlen(htmlpage_css));
	out_printf(h->out, "</style>\n</head>\n<body>\n");
	out_str(h->out, htmlpage_body, strlen(htmlpage_body));
}

static void emit_data(struct hp *h)
{
	uint32_t nf = ca_nfuncs(h->fn);
	bool *used = xcalloc(nf + 1, sizeof(*used)), *kept;
	struct tr_stats st;

	trace_reader_stats(h->r, &st);
	node_widths(h);
	mark_crashes(h);
	kept = select_nodes(h);
	OUT_LIT(h->out, "<script id=\"ftrace-data\" type=\"application/json\">{");
	emit_tree(h, kept);
	for (uint32_t i = 1; i < h->t->nnodes; i++)
		if (kept[i] && !(h->t->nodes[i].key & CA_THREAD_KEY) && h->t->nodes[i].key < nf)
			used[h->t->nodes[i].key] = true;
	emit_info(h, &st);
	emit_warnings(h, &st);
	emit_crash_nodes(h);
	emit_threads(h);
	emit_rows(h, used);
	emit_timeline(h, used);
	emit_funcs(h, used);
	OUT_LIT(h->out, "\"v\":1}</script>\n");
	free(kept);
	free(used);
}

static void hp_free(struct hp *h)
{
	for (uint32_t i = 0; i < h->nth; i++) {
		free(h->th[i].stack);
		free(h->th[i].crash);
		for (uint32_t d = 0; d < LANES; d++)
			free(h->th[i].lanes[d].v);
	}
	free(h->th);
	free(h->sites);
	free(h->w);
	free(h->emit);
	free(h->off);
	free(h->crash_node);
	if (h->have_log)
		task_log_free(&h->log);
	ca_tree_free(h->t);
	ca_funcs_free(h->fn);
	if (h->r)
		trace_reader_close(h->r);
}

/* info's "sched: yes (...)" and not --no-event: the page has off-CPU columns, zero or not */
static bool sched_recorded(struct hp *h, const struct htmlpage_config *c)
{
	const char *s = trace_reader_info(h->r, "sched");

	return c->filters.sched && s && !strncmp(s, "yes", 3);
}

int htmlpage_write(const struct htmlpage_config *c, struct out *out)
{
	struct hp h = {.c = c, .out = out};
	int rc = 1;

	h.r = ca_reader_open(&c->filters, c->tid, TR_FOLD_LEAF | TR_NO_MERGE);
	if (!h.r)
		return 1;
	h.fn = ca_funcs_new(c->dir, c->demangle);
	h.offcpu = sched_recorded(&h, c);
	h.t = ca_tree_new(CA_PER_THREAD);
	if (ca_read(h.r, hp_batch, &h) < 0)
		goto out;
	h.have_log = task_log_load(c->dir, &h.log) == 0;
	emit_head(&h);
	emit_data(&h);
	out_printf(out, "<script>\n");
	out_str(out, htmlpage_js, strlen(htmlpage_js));
	out_printf(out, "</script>\n</body></html>\n");
	rc = 0;
out:
	hp_free(&h);
	return rc;
}
