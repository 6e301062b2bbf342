/* SPDX-License-Identifier: MIT */
/* ftrace dump: the raw records of a trace, or the formats other tools read (Chrome JSON, folded
 * stacks, dot, callgrind, SVG). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argspec.h"
#include "callstats.h"
#include "flamesvg.h"
#include "ftrace.h"
#include "dwarfinfo.h"
#include "htmlpage.h"
#include "perfetto.h"
#include "tasks.h"
#include "trace_format.h"
#include "tasks.h"
#include "trace_reader.h"

/*
 * Per-record outputs (raw, --chrome, --perfetto) are formatted by hand into one buffer: they are as long as the
 * trace. The others (--flame-graph, --flame-svg, --graphviz, --callgrind) are folds of the calling-
 * context tree (callstats.c): their size and memory depend on the distinct call paths only.
 */

/* "0x" and v in hex: how addresses appear in the raw dump */
static char *put_addr(char *p, uint64_t v)
{
	*p++ = '0';
	*p++ = 'x';
	return put_hex(p, v, 0);
}

/* ns as microseconds with three decimals: what Chrome's "ts" and "dur" want (writes up to 3 bytes
 * past the end it returns) */
static inline char *put_us(char *p, uint64_t ns)
{
	p = put_dec(p, ns / 1000);
	*p = '.';
	memcpy(p + 1, put_digits3 + 4 * (ns % 1000), 4);
	return p + 4;
}

/* ---- names, escaped once per function ---- */

struct names {
	struct ca_funcs *fn;
	char **esc; /* per fid: the name escaped for the output format, NULL until needed */
	uint32_t *len;
	uint32_t cap;
	char *(*escape)(const char *s);
};

static char *json_escape(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(6 * n + 1), *p = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20) {
			p += sprintf(p, "\\u%04x", c);
		} else {
			*p++ = (char)c;
		}
	}
	*p = '\0';
	return out;
}

/* dot and callgrind: a quote or backslash escaped, newlines dropped */
static char *dot_escape(const char *s)
{
	char *out = xmalloc(2 * strlen(s) + 1), *p = out;

	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*p++ = '\\';
		if (*s != '\n')
			*p++ = *s;
	}
	*p = '\0';
	return out;
}

static const char *name_of(struct names *nm, uint32_t fid, uint32_t *len)
{
	if (fid >= nm->cap) {
		uint32_t cap = fid + 256;

		nm->esc = xrealloc(nm->esc, cap * sizeof(*nm->esc));
		nm->len = xrealloc(nm->len, cap * sizeof(*nm->len));
		memset(nm->esc + nm->cap, 0, (cap - nm->cap) * sizeof(*nm->esc));
		nm->cap = cap;
	}
	if (!nm->esc[fid]) {
		char *e = nm->escape(ca_func(nm->fn, fid)->name);
		uint32_t n = (uint32_t)strlen(e);

		/* 16 zero bytes after the name: put_str16() copies it 16 bytes at a time */
		e = xrealloc(e, n + 16);
		memset(e + n, 0, 16);
		nm->esc[fid] = e;
		nm->len[fid] = n;
	}
	*len = nm->len[fid];
	return nm->esc[fid];
}

static void names_free(struct names *nm)
{
	for (uint32_t i = 0; i < nm->cap; i++)
		free(nm->esc[i]);
	free(nm->esc);
	free(nm->len);
}

/* ---- --chrome ---- */

/* the function last seen at an address-hashed slot: the cursor's records look their name up with
 * one compare, not ca_func_id()'s probe and name_of() */
#define CHROME_SLOTS 1024
struct chrome_slot {
	uint64_t addr, session;
	uint32_t pid, fid, len;
	const char *name; /* NULL: empty */
};

/* ",\"pid\":P,\"tid\":T,\"name\":\"" of a thread: the same for its every event */
#define CHROME_IDS 64 /* threads whose text is kept, by tid */
struct chrome_ids {
	uint32_t pid, tid, len; /* len 0: empty */
	bool meta;		/* the thread's metadata was written */
	char text[51];		/* len < 48: the call copies 48 bytes */
};

struct chrome {
	struct out *out;
	struct names nm;
	struct dwarf_enums *en; /* enum names for recorded arguments, or NULL */
	uint32_t *seen;		/* tids whose metadata was written */
	uint32_t nseen;
	uint32_t last_tid;
	bool first;
	/* the ids of the thread last written; the threads' ids by tid (CHROME_IDS), so that threads
	 * taking turns do not format theirs again at every turn */
	const struct chrome_ids *ids;
	struct chrome_ids *idc;
	struct chrome_slot *slots; /* CHROME_SLOTS: names by address, for the cursor's records */
	uint64_t ts_ms;		   /* the milliseconds of the last "ts" written, in ts_text */
	uint32_t ts_len;
	char ts_text[32];
	struct task_log tasks; /* the processes' programs, the threads' names */
};

/* The program process pid runs, escaped for JSON (malloc'd); "process" without a task log. */
static char *chrome_exe(const struct chrome *c, uint32_t pid)
{
	const char *exe = task_log_program(&c->tasks, pid);

	return json_escape(exe ? exe : "process");
}

static void chrome_sep(struct chrome *c)
{
	if (!c->first)
		out_str(c->out, ",\n", 2);
	c->first = false;
}

/* process_name and thread_name metadata the first time a thread appears */
static void chrome_meta(struct chrome *c, const struct tr_rec *rec)
{
	bool pid_seen = false;
	char buf[16], *name, *exe;
	const char *given;

	c->last_tid = rec->tid;
	for (uint32_t i = 0; i < c->nseen; i++) {
		if (c->seen[i] == rec->tid)
			return;
	}
	for (uint32_t i = 0; i < c->nseen; i++)
		pid_seen |= c->seen[i] == rec->pid;
	c->seen = xrealloc(c->seen, (c->nseen + 1) * sizeof(*c->seen));
	c->seen[c->nseen++] = rec->tid;
	exe = chrome_exe(c, rec->pid);
	if (!pid_seen || rec->tid == rec->pid) {
		chrome_sep(c);
		out_printf(c->out,
			   "{\"ts\":0,\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"process_name\","
			   "\"args\":{\"name\":\"[%u] %s\"}}",
			   rec->pid, rec->pid, rec->pid, exe);
	}
	chrome_sep(c);
	given = task_log_thread_name(&c->tasks, rec->pid, rec->tid, buf);
	name = given ? json_escape(given) : NULL;
	out_printf(c->out,
		   "{\"ts\":0,\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"thread_name\",\"args\":"
		   "{\"name\":\"[%u] %s\"}}",
		   rec->pid, rec->tid, rec->tid,
		   name			  ? name
		   : rec->tid == rec->pid ? exe
					  : "thread");
	free(name);
	free(exe);
}

/* The time a thread was switched out, as a slice "off-CPU" inside the call it happened in. */
static void chrome_offcpu(struct chrome *c, const struct tr_rec *rec)
{
	char *start = out_room(c->out, 160), *p = start;

	if (!c->first)
		p = PUT_LIT(p, ",\n");
	c->first = false;
	p = PUT_LIT(p, "{\"ts\":");
	p = put_us(p, rec->time > rec->duration ? rec->time - rec->duration : 0);
	p = PUT_LIT(p, ",\"ph\":\"X\",\"dur\":");
	p = put_us(p, rec->duration);
	p += sprintf(p, ",\"pid\":%u,\"tid\":%u,\"cat\":\"sched\",\"name\":\"off-CPU\"}", rec->pid,
		     rec->tid);
	c->out->len += (size_t)(p - start);
}

static void chrome_event(struct chrome *c, const struct tr_rec *rec)
{
	const char *what = rec->event == FT_EV_SIGNAL	 ? "signal"
			   : rec->event == FT_EV_LOST	 ? "records lost"
			   : rec->event == TR_EV_CORRUPT ? "corrupt data skipped"
							 : NULL;

	if (rec->event == TR_EV_SCHED_IN)
		chrome_offcpu(c, rec);
	if (!what)
		return;
	chrome_sep(c);
	out_printf(c->out, "{\"ts\":");
	c->out->len +=
		(size_t)(put_us(out_room(c->out, 32), rec->time) - (c->out->buf + c->out->len));
	out_printf(c->out, ",\"ph\":\"i\",\"s\":\"t\",\"pid\":%u,\"tid\":%u,\"name\":\"%s\"}",
		   rec->pid, rec->tid, what);
}

static __attribute__((noinline)) void chrome_ids(struct chrome *c, uint32_t pid, uint32_t tid)
{
	struct chrome_ids *e = &c->idc[tid % CHROME_IDS];
	char *p = e->text;

	c->ids = e;
	if (e->len && e->pid == pid && e->tid == tid)
		return;
	p = PUT_LIT(p, ",\"pid\":");
	p = put_uint(p, pid, 0);
	p = PUT_LIT(p, ",\"tid\":");
	p = put_uint(p, tid, 0);
	p = PUT_LIT(p, ",\"name\":\"");
	e->len = (uint32_t)(p - e->text);
	e->pid = pid;
	e->tid = tid;
	e->meta = false;
}

/* Another thread's turn: its metadata if it is new (threads taking turns by the million look it
 * up once each), its ids for its events */
static __attribute__((noinline)) void chrome_switch(struct chrome *c, uint32_t pid, uint32_t tid)
{
	struct chrome_ids *e = &c->idc[tid % CHROME_IDS];

	chrome_ids(c, pid, tid);
	c->last_tid = tid;
	if (!e->meta)
		chrome_meta(c, &(struct tr_rec){.pid = pid, .tid = tid});
	e->meta = true;
}

/* A payload of -A/-R/-a (analysis/argspec.h) as a JSON string member: ,"key":"text" */
static char *chrome_arg(struct chrome *c, char *p, const char *key, uint32_t fid, const uint8_t *v,
			uint32_t len)
{
	char text[1024], *esc;
	size_t n = argspec_format_named(c->en, ca_func(c->nm.fn, fid)->name, v, len, text,
					sizeof(text));

	(void)n;
	esc = json_escape(text);
	*p++ = ',';
	*p++ = '"';
	p = put_str(p, key, strlen(key));
	p = PUT_LIT(p, "\":\"");
	p = put_str(p, esc, strlen(esc));
	*p++ = '"';
	free(esc);
	return p;
}

/* "args": the recorded arguments (B, X), return value (E, X) and why a frame was abandoned */
static char *chrome_args(struct chrome *c, char *p, const struct tr_rec *rec, uint32_t fid)
{
	char *start = p;

	p = PUT_LIT(p, ",\"args\":{");
	if (rec->args && rec->type != TR_EXIT)
		p = chrome_arg(c, p, "args", fid, rec->args, rec->args_len);
	if (rec->retval && rec->type != TR_ENTRY)
		p = chrome_arg(c, p, "retval", fid, rec->retval, rec->retval_len);
	if (rec->abandon && rec->type != TR_ENTRY) {
		const char *why = tr_abandon_name(rec->abandon);

		p = PUT_LIT(p, ",\"abandoned\":\"");
		p = put_str(p, why, strlen(why));
		*p++ = '"';
	}
	if (p == start + 9)
		return start; /* nothing to say */
	start[9] = ' ';	      /* the first member's comma */
	*p++ = '}';
	return p;
}

/* put_us() of a "ts": times grow slowly, so the digits above the microseconds are formatted once
 * per millisecond */
static inline char *put_ts(struct chrome *c, char *p, uint64_t ns)
{
	uint64_t us = ns / 1000, ms = us / 1000;

	if (!ms)
		return put_us(p, ns);
	if (ms != c->ts_ms || !c->ts_len) {
		c->ts_ms = ms;
		c->ts_len = (uint32_t)(put_dec(c->ts_text, ms) - c->ts_text);
	}
	memcpy(p, c->ts_text, 24); /* up to 20 digits */
	p += c->ts_len;
	memcpy(p, put_digits3 + 4 * (us % 1000), 4);
	p[3] = '.';
	memcpy(p + 4, put_digits3 + 4 * (ns % 1000), 4);
	return p + 7;
}

/* One B, E or X event; the hot loop of --chrome, so no printf. */
static inline __attribute__((always_inline)) void chrome_call_named(struct chrome *c,
								    const struct tr_rec *rec,
								    uint32_t fid, const char *name,
								    uint32_t len)
{
	size_t extra = rec->args || rec->retval ? 2 * 6 * 1024 : 0;
	char *p = out_begin(c->out, 160 + (size_t)len + extra);

	if (!c->first)
		p = PUT_LIT(p, ",\n");
	c->first = false;
	p = PUT_LIT(p, "{\"ts\":");
	p = put_ts(c, p, rec->time);
	if (rec->type == TR_LEAF) {
		p = PUT_LIT(p, ",\"ph\":\"X\",\"dur\":");
		p = put_us(p, rec->duration);
	} else {
		p = rec->type == TR_ENTRY ? PUT_LIT(p, ",\"ph\":\"B\"")
					  : PUT_LIT(p, ",\"ph\":\"E\"");
	}
	if (__builtin_expect(rec->pid != c->ids->pid || rec->tid != c->ids->tid || !c->ids->len, 0))
		chrome_ids(c, rec->pid, rec->tid);
	memcpy(p, c->ids->text, 48); /* len < 48 */
	p += c->ids->len;
	p = put_str16(p, name, len);
	*p++ = '"';
	if (rec->abandon || rec->args || rec->retval)
		p = chrome_args(c, p, rec, fid);
	*p++ = '}';
	out_end(c->out, p);
}

static __attribute__((noinline)) struct chrome_slot *
chrome_slot_fill(struct chrome *c, struct chrome_slot *sl, uint64_t addr, uint64_t session,
		 uint32_t pid)
{
	struct tr_rec rec = {.addr = addr, .session = session, .pid = pid};

	sl->fid = ca_func_id(c->nm.fn, &rec);
	sl->name = name_of(&c->nm, sl->fid, &sl->len);
	sl->addr = addr;
	sl->session = session;
	sl->pid = pid;
	return sl;
}

/* The function at addr, by its slot: one compare when the slot has it */
static inline struct chrome_slot *chrome_slot_of(struct chrome *c, uint64_t addr, uint64_t session,
						 uint32_t pid)
{
	struct chrome_slot *sl =
		&c->slots[(addr * 0x9e3779b97f4a7c15ull) >> 54 & (CHROME_SLOTS - 1)];

	if (__builtin_expect(
		    !sl->name || sl->addr != addr || sl->session != session || sl->pid != pid, 0))
		sl = chrome_slot_fill(c, sl, addr, session, pid);
	return sl;
}

static int chrome_batch(void *arg, const struct tr_rec *recs, uint32_t n)
{
	struct chrome *c = arg;

	for (uint32_t i = 0; i < n; i++) {
		const struct tr_rec *rec = &recs[i];

		if (rec->tid != c->last_tid)
			chrome_switch(c, rec->pid, rec->tid);
		if (rec->type == TR_EVENT) {
			chrome_event(c, rec);
		} else {
			const struct chrome_slot *sl =
				chrome_slot_of(c, rec->addr, rec->session, rec->pid);

			chrome_call_named(c, rec, sl->fid, sl->name, sl->len);
		}
	}
	return c->out->failed;
}

/*
 * The fused loop: plain records stepped from the chunk (trace_reader_cursor()) into events, into
 * one struct tr_rec that only changes in type, time, duration and address. The steps fold leaves
 * as the reader does, so the events are those chrome_batch() would write.
 */
static void chrome_steps(struct chrome *c, struct tr_cursor *cur)
{
	struct tr_cursor lc = *cur, *k = &lc;
	struct tr_rec rec = {.pid = k->pid, .tid = k->tid, .session = k->session};
	struct tr_frame *f;
	enum tr_step st;
	uint64_t ns;

	while ((st = tr_cursor_step(k, &ns, &f))) {
		const struct chrome_slot *sl;
		uint64_t from = st == TR_STEP_EXIT ? ns : f->ns;

		if (__builtin_expect(rec.tid != c->last_tid, 0))
			chrome_switch(c, rec.pid, rec.tid); /* not &rec: it stays in registers */
		rec.type = st == TR_STEP_ENTRY ? TR_ENTRY : st == TR_STEP_EXIT ? TR_EXIT : TR_LEAF;
		rec.time = from > k->origin ? from - k->origin : 0;
		rec.duration = ns > f->ns ? ns - f->ns : 0;
		rec.addr = f->addr;
		sl = chrome_slot_of(c, rec.addr, rec.session, rec.pid);
		chrome_call_named(c, &rec, sl->fid, sl->name, sl->len);
	}
	*cur = lc;
}

/* The cursor's steps where the reader allows them, its batches elsewhere (events, arguments,
 * threads that interleave record by record): 0, or -1 on corrupt data */
static int chrome_read(struct trace_reader *r, struct chrome *c)
{
	struct tr_rec recs[64];
	struct tr_cursor cur;
	int n;

	do {
		unsigned want = 64;

		if (trace_reader_cursor(r, &cur)) {
			chrome_steps(c, &cur);
			trace_reader_cursor_done(r, &cur);
			/* where it stopped after a long run, the cursor may take over again after
			 * one record (another thread's turn in the merge, a chunk's end); after a
			 * short one, threads interleave record by record: a batch is cheaper */
			if (cur.records >= 16)
				want = 1;
		}
		n = trace_reader_read(r, recs, want);
		if (n > 0)
			chrome_batch(c, recs, (uint32_t)n);
	} while (n > 0 && !c->out->failed);
	return n < 0 ? -1 : 0;
}

static int dump_chrome(const struct opts *o, struct out *out)
{
	struct trace_reader *r = opts_reader_open(o, TR_FOLD_LEAF);
	struct chrome c = {.out = out, .first = true, .last_tid = UINT32_MAX};
	int rc;

	if (!r)
		return 1;
	c.nm = (struct names){.fn = ca_funcs_new(o->dir, o->demangle), .escape = json_escape};
	c.en = dwarf_enums_load(o->dir);
	c.slots = xcalloc(CHROME_SLOTS, sizeof(*c.slots));
	c.idc = xcalloc(CHROME_IDS, sizeof(*c.idc));
	c.ids = c.idc;
	task_log_load(o->dir, &c.tasks); /* without one, pids will do */
	out_str(out, "{\"traceEvents\":[\n", 17);
	rc = chrome_read(r, &c);
	out_printf(out,
		   "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"program\":\"%s\",\"tool\":"
		   "\"ftrace\"}}\n",
		   ca_program_name(r));
	names_free(&c.nm);
	ca_funcs_free(c.nm.fn);
	dwarf_enums_free(c.en);
	free(c.seen);
	free(c.slots);
	free(c.idc);
	task_log_free(&c.tasks);
	trace_reader_close(r);
	return rc < 0 ? 1 : 0;
}

/* ---- --perfetto: analysis/perfetto.c ---- */

static int dump_perfetto(const struct opts *o, struct out *out)
{
	struct trace_reader *r = opts_reader_open(o, TR_FOLD_LEAF);
	struct ca_funcs *fn;
	struct dwarf_enums *en;
	int rc;

	if (!r)
		return 1;
	fn = ca_funcs_new(o->dir, o->demangle);
	en = dwarf_enums_load(o->dir);
	rc = perfetto_write(out, r, fn, o->dir, en);
	dwarf_enums_free(en);
	ca_funcs_free(fn);
	trace_reader_close(r);
	return rc;
}

/* ---- folds of the tree: --flame-graph, --flame-svg, --graphviz, --callgrind ---- */

struct fold {
	const struct opts *o;
	struct ca_funcs *fn;
	struct ca_tree *tree;
	struct trace_reader *r;
	struct out *out;
};

static int fold_load(struct fold *f, const struct opts *o, unsigned tree_flags)
{
	f->o = o;
	f->r = opts_reader_open(o, TR_FOLD_LEAF | TR_NO_MERGE);
	if (!f->r)
		return 1;
	f->fn = ca_funcs_new(o->dir, o->demangle);
	f->tree = ca_tree_new(tree_flags);
	ca_tree_set_jobs(f->tree, o->jobs);
	return ca_tree_read(f->tree, f->fn, f->r);
}

static void fold_free(struct fold *f)
{
	ca_tree_free(f->tree);
	ca_funcs_free(f->fn);
	if (f->r)
		trace_reader_close(f->r);
}

/* Folded stacks: "main;a;b 123", the self time in ns of each call path that has some (with
 * --flame-graph=offcpu: the time its thread was switched out while the path was innermost). */
static void dump_folded(struct fold *f)
{
	const struct ca_tree *t = f->tree;
	size_t cap = 4096, *lens = xmalloc(64 * sizeof(*lens)), lcap = 64;
	char *path = xmalloc(cap);
	uint32_t n = t->nodes[CA_ROOT].first;

	while (n != CA_NONE && !f->out->failed) {
		const struct ca_node *node = &t->nodes[n];
		const struct ca_func *fu = ca_func(f->fn, node->key);
		size_t at = node->depth ? lens[node->depth - 1] : 0;

		if (node->depth >= lcap)
			lens = xrealloc(lens, (lcap = node->depth + 64) * sizeof(*lens));
		if (at + fu->name_len + 2 > cap)
			path = xrealloc(path, cap = (at + fu->name_len + 2) * 2);
		if (node->depth)
			path[at++] = ';';
		for (uint32_t i = 0; i < fu->name_len;
		     i++) /* ';' separates frames: never inside one */
			path[at + i] = fu->name[i] == ';' ? ':' : fu->name[i];
		lens[node->depth] = at + fu->name_len;
		if (f->o->flame_offcpu ? node->offcpu_self : node->self) {
			out_str(f->out, path, lens[node->depth]);
			char *s = out_room(f->out, 24), *p = s;

			*p++ = ' ';
			p = put_uint(p, f->o->flame_offcpu ? node->offcpu_self : node->self, 0);
			*p++ = '\n';
			f->out->len += (size_t)(p - s);
		}
		/* depth-first: child, else next sibling, else up */
		if (node->first != CA_NONE) {
			n = node->first;
			continue;
		}
		while (n != CA_NONE && t->nodes[n].next == CA_NONE)
			n = t->nodes[n].parent == CA_ROOT ? CA_NONE : t->nodes[n].parent;
		if (n != CA_NONE)
			n = t->nodes[n].next;
	}
	free(path);
	free(lens);
}

/* caller -> callee pairs over the tree: calls, and the time of the calls that are not recursive */
struct edge {
	uint32_t from, to;
	uint64_t calls, incl;
	uint64_t off; /* the off-CPU time of incl */
};

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

static size_t collect_edges(const struct ca_tree *t, struct edge **out)
{
	struct edge *e = xmalloc(((size_t)t->nnodes + 1) * sizeof(*e));
	size_t n = 0, m = 0;

	for (uint32_t i = 1; i < t->nnodes; i++) {
		const struct ca_node *c = &t->nodes[i];

		if (c->parent == CA_ROOT || !c->calls)
			continue;
		e[n++] = (struct edge){.from = t->nodes[c->parent].key,
				       .to = c->key,
				       .calls = c->calls,
				       .incl = c->recursive ? 0 : c->total,
				       .off = c->recursive ? 0 : c->offcpu};
	}
	qsort(e, n, sizeof(*e), cmp_edge);
	for (size_t i = 0; i < n; i++) { /* merge equal pairs */
		if (m && e[m - 1].from == e[i].from && e[m - 1].to == e[i].to) {
			e[m - 1].calls += e[i].calls;
			e[m - 1].incl += e[i].incl;
			e[m - 1].off += e[i].off;
		} else {
			e[m++] = e[i];
		}
	}
	*out = e;
	return m;
}

/* "1 call", "3 calls" */
static const char *calls_word(uint64_t n)
{
	return n == 1 ? "call" : "calls";
}

/* ns as "1.234 ms", without put_duration's padding */
static const char *dur_text(char *buf, uint64_t ns)
{
	*put_duration(buf, ns) = '\0';
	return buf + strspn(buf, " ");
}

static int cmp_row_total(const void *a, const void *b)
{
	const struct ca_row *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->fid < y->fid ? -1 : x->fid > y->fid;
}

/* Colour from pale yellow (no self time) to red (the most): where the time is spent. */
static void heat_colour(char *buf, size_t size, double f)
{
	unsigned r = 255 - (unsigned)(28 * f), g = 255 - (unsigned)(229 * f),
		 b = 204 - (unsigned)(176 * f);

	snprintf(buf, size, "#%02x%02x%02x", r, g, b);
}

/*
 * Nodes filled and sized by self time (colour from pale to red, font from 10 to 24 points), labelled
 * with self and total time and calls; edges as thick as the time spent in the callee from there,
 * labelled with calls and that time. --max-nodes keeps the functions of most total time.
 */
static void graphviz_nodes(struct fold *f, struct names *nm, struct ca_row *rows, uint32_t n,
			   uint64_t maxself, uint64_t sum)
{
	char self[32], total[32], colour[16];
	uint32_t len;

	for (uint32_t i = 0; i < n; i++) {
		const char *name = name_of(nm, rows[i].fid, &len);
		double h = maxself ? (double)rows[i].self / (double)maxself : 0;

		heat_colour(colour, sizeof(colour), h);
		out_printf(f->out,
			   "\t\"%s\" [label=\"%s\\nself %s (%.1f%%)\\ntotal %s, %llu %s\", "
			   "style=filled, fillcolor=\"%s\", fontsize=%d];\n",
			   name, name, dur_text(self, rows[i].self),
			   sum ? 100.0 * (double)rows[i].self / (double)sum : 0.0,
			   dur_text(total, rows[i].total), (unsigned long long)rows[i].calls,
			   calls_word(rows[i].calls), colour, 10 + (int)(14 * h + 0.5));
	}
}

static void graphviz_edges(struct fold *f, struct names *nm, const struct edge *e, size_t ne,
			   const bool *shown)
{
	uint64_t maxincl = 0;
	uint32_t len, len2;
	char dur[32];

	for (size_t i = 0; i < ne; i++)
		if (shown[e[i].from] && shown[e[i].to] && e[i].incl > maxincl)
			maxincl = e[i].incl;
	for (size_t i = 0; i < ne; i++) {
		const char *from, *to;
		double w = maxincl ? (double)e[i].incl / (double)maxincl : 0;

		if (!shown[e[i].from] || !shown[e[i].to])
			continue;
		from = name_of(nm, e[i].from, &len);
		to = name_of(nm, e[i].to, &len2);
		/* a recursive call's time is its caller's already: calls only */
		out_printf(f->out,
			   "\t\"%s\" -> \"%s\" [label=\"%llu %s%s%s\", calls=%llu, "
			   "penwidth=%.1f, weight=%d];\n",
			   from, to, (unsigned long long)e[i].calls, calls_word(e[i].calls),
			   e[i].incl ? "\\n" : "", e[i].incl ? dur_text(dur, e[i].incl) : "",
			   (unsigned long long)e[i].calls, 1 + 5 * w, 1 + (int)(9 * w + 0.5));
	}
}

static void dump_graphviz(struct fold *f)
{
	struct names nm = {.fn = f->fn, .escape = dot_escape};
	struct ca_row *rows;
	uint32_t nrows = ca_rows(f->tree, f->fn, CA_ROOT, &rows), keep = nrows;
	struct edge *e;
	size_t ne = collect_edges(f->tree, &e);
	char *prog = dot_escape(ca_program_name(f->r));
	bool *shown = xcalloc(ca_nfuncs(f->fn) + 1, sizeof(bool));
	uint64_t maxself = 0, sum = 0;

	qsort(rows, nrows, sizeof(*rows), cmp_row_total);
	if (f->o->max_nodes && f->o->max_nodes < nrows)
		keep = f->o->max_nodes;
	for (uint32_t i = 0; i < nrows; i++) {
		sum += rows[i].self;
		if (i < keep) {
			shown[rows[i].fid] = true;
			maxself = rows[i].self > maxself ? rows[i].self : maxself;
		}
	}
	out_printf(f->out, "digraph \"%s\" {\n\tnode [shape=box, fontname=\"monospace\"];\n", prog);
	if (keep < nrows)
		out_printf(f->out,
			   "\tlabel=\"%u of %u functions (--max-nodes): those of most total "
			   "time\";\n",
			   keep, nrows);
	graphviz_nodes(f, &nm, rows, keep, maxself, sum);
	graphviz_edges(f, &nm, e, ne, shown);
	out_str(f->out, "}\n", 2);
	free(shown);
	free(prog);
	free(e);
	free(rows);
	names_free(&nm);
}

/* the id of a module's name for ob=/cob= (few modules: a list will do) */
static uint32_t cg_object(const char ***mods, uint32_t *n, const char *module)
{
	for (uint32_t i = 0; i < *n; i++)
		if (!strcmp((*mods)[i], module))
			return i;
	*mods = xrealloc(*mods, (*n + 1) * sizeof(**mods));
	(*mods)[*n] = module;
	return (*n)++;
}

/* callgrind's name compression: "(id) name" the first time, "(id)" after */
static void cg_name(struct out *out, const char *key, uint32_t id, const char *name, bool *seen)
{
	if (*seen) {
		out_printf(out, "%s=(%u)\n", key, id + 1);
		return;
	}
	*seen = true;
	out_printf(out, "%s=(%u) %s\n", key, id + 1, name);
}

/* fl=/cfl=: the function's source file from DWARF ("???" without), with its line (0 without) */
struct cg_src {
	struct srclines *sl;
	const char **files;
	bool *seen;
	uint32_t nfiles;
};

static uint32_t cg_file(struct fold *f, struct cg_src *cs, uint32_t fid, uint32_t *line)
{
	const struct srcline *l = ca_func_source(f->fn, cs->sl, fid);
	uint32_t n = cs->nfiles;

	uint32_t id = cg_object(&cs->files, &cs->nfiles, l ? l->file : "???");

	*line = l ? l->line : 0;
	if (cs->nfiles != n) {
		cs->seen = xrealloc(cs->seen, cs->nfiles * sizeof(*cs->seen));
		cs->seen[n] = false;
	}
	return id;
}

/* the end of a cost line: its off-CPU ns when the profile has that event */
static void cg_off(struct out *out, uint64_t has, uint64_t v)
{
	if (has)
		out_printf(out, " %llu", (unsigned long long)v);
	out_str(out, "\n", 1);
}

static void dump_callgrind(struct fold *f)
{
	struct names nm = {.fn = f->fn, .escape = dot_escape};
	struct ca_row *rows;
	uint32_t nrows = ca_rows(f->tree, f->fn, CA_ROOT, &rows), nf = ca_nfuncs(f->fn), len;
	struct edge *e;
	size_t ne = collect_edges(f->tree, &e), k = 0;
	bool *fn_seen = xcalloc(nf + 1, sizeof(bool)), *ob_seen = xcalloc(nf + 1, sizeof(bool));
	const char **mods = NULL;
	uint32_t nmods = 0, m, fl, line, cline;
	uint64_t sum = 0, sum_off = 0, *self = xcalloc(nf + 1, sizeof(*self)),
		 *off = xcalloc(nf + 1, sizeof(*off));
	const char *cmd = trace_reader_info(f->r, "cmdline");
	struct cg_src cs = {.sl = srclines_new(f->o->dir)};

	for (uint32_t i = 0; i < nrows; i++) {
		self[rows[i].fid] = rows[i].self;
		off[rows[i].fid] = rows[i].offcpu_self;
		sum += rows[i].self;
		sum_off += rows[i].offcpu_self;
	}
	/* a second event, the off-CPU part of the time, where context switches were recorded */
	out_printf(f->out,
		   "# callgrind format\nversion: 1\ncreator: ftrace\ncmd: %s\npositions: "
		   "line\nevents: ns%s\n",
		   cmd ? cmd : ca_program_name(f->r), sum_off ? " offcpu_ns" : "");
	if (sum_off)
		out_printf(f->out, "summary: %llu %llu\n\n", (unsigned long long)sum,
			   (unsigned long long)sum_off);
	else
		out_printf(f->out, "summary: %llu\n\n", (unsigned long long)sum);
	/* ob= names the module, fl= the file where the function is defined, its cost on that line;
	 * without DWARF the file is "???" and the line 0, as callgrind writes code without line info */
	for (uint32_t fid = 0; fid < nf; fid++) {
		const struct ca_func *fu = ca_func(f->fn, fid);

		if (!self[fid] && (k >= ne || e[k].from != fid))
			continue;
		m = cg_object(&mods, &nmods, *fu->module ? fu->module : "???");
		cg_name(f->out, "ob", m, mods[m], &ob_seen[m]);
		fl = cg_file(f, &cs, fid, &line);
		cg_name(f->out, "fl", fl, cs.files[fl], &cs.seen[fl]);
		cg_name(f->out, "fn", fid, name_of(&nm, fid, &len), &fn_seen[fid]);
		out_printf(f->out, "%u %llu", line, (unsigned long long)self[fid]);
		cg_off(f->out, sum_off, off[fid]);
		for (; k < ne && e[k].from == fid; k++) {
			const struct ca_func *to = ca_func(f->fn, e[k].to);

			m = cg_object(&mods, &nmods, *to->module ? to->module : "???");
			cg_name(f->out, "cob", m, mods[m], &ob_seen[m]);
			fl = cg_file(f, &cs, e[k].to, &cline);
			cg_name(f->out, "cfl", fl, cs.files[fl], &cs.seen[fl]);
			cg_name(f->out, "cfn", e[k].to, name_of(&nm, e[k].to, &len),
				&fn_seen[e[k].to]);
			out_printf(f->out, "calls=%llu %u\n%u %llu", (unsigned long long)e[k].calls,
				   cline, line, (unsigned long long)e[k].incl);
			cg_off(f->out, sum_off, e[k].off);
		}
		out_str(f->out, "\n", 1);
	}
	if (cs.sl)
		srclines_free(cs.sl);
	free(cs.files);
	free(cs.seen);
	free(self);
	free(off);
	free(fn_seen);
	free(ob_seen);
	free(mods);
	free(e);
	free(rows);
	names_free(&nm);
}

static int dump_fold(const struct opts *o, struct out *out, const char *format)
{
	struct fold f = {.out = out};
	int rc = fold_load(&f, o, 0);

	if (!rc) {
		if (!strcmp(format, "flame-graph"))
			dump_folded(&f);
		else if (!strcmp(format, "flame-svg"))
			flamesvg_write(out, f.tree, f.fn, ca_program_name(f.r), o->flame_inverted);
		else if (!strcmp(format, "graphviz"))
			dump_graphviz(&f);
		else
			dump_callgrind(&f);
	}
	fold_free(&f);
	return rc;
}

/* ---- raw: the chunks and records as they are on disk ---- */

struct raw {
	struct out *out;
	struct ca_funcs *fn;
	const char *path;
};

/* Damage is shown in place; stderr and the exit status come from raw_check(). */
static void raw_damage(struct raw *rw, const char *what)
{
	out_printf(rw->out, "  (%s)\n", what);
}

/*
 * The raw dump shows bytes as they are, whatever they mean. Whether anything in them would be
 * skipped is the reader's to say, in the same words and with the same exit status as every other
 * command (one rule): it reads the whole trace once more, printing nothing but its warnings.
 */
static void raw_check(const char *dir)
{
	static struct tr_rec recs[256];
	struct trace_reader *r = trace_reader_open(dir, TR_NO_MERGE);
	int rc;

	if (!r) {
		damage_note();
		return;
	}
	while ((rc = trace_reader_read(r, recs, 256)) > 0)
		;
	if (rc < 0)
		damage_note();
	trace_reader_close(r);
}

static const char *kind_name(unsigned kind)
{
	return kind == FT_KIND_ENTRY ? "entry" : kind == FT_KIND_EXIT ? "exit " : "event";
}

static void raw_event(struct raw *rw, const uint8_t *p, const uint8_t *end, uint64_t type,
		      uint64_t len, uint32_t *depth)
{
	uint64_t v;

	out_printf(rw->out, " type %llu len %llu:", (unsigned long long)type,
		   (unsigned long long)len);
	for (const uint8_t *q = p; q && q < end;) {
		q = ft_get_varint(q, end, &v);
		if (q)
			out_printf(rw->out, " %llu", (unsigned long long)v);
	}
	if (type == FT_EV_ABANDON && ft_get_varint(p, end, &v))
		*depth = v > *depth ? 0 : *depth - (uint32_t)v;
}

/* The records of one chunk; stops at the first that does not decode (the reader would skip the
 * rest). */
static void raw_records(struct raw *rw, const struct ft_chunk_header *h, const uint8_t *p,
			const uint8_t *end)
{
	uint64_t tick = h->base_time, addr = 0, hdr, v, type, len;
	uint32_t depth = h->depth;
	const uint8_t *base = p;

	while (p < end && *p && !rw->out->failed) {
		const uint8_t *rec = p;
		unsigned kind;

		if (!(p = ft_get_varint(p, end, &hdr)))
			break;
		kind = hdr & 3;
		tick += hdr >> 2;
		out_printf(rw->out, "  %8zu %20llu %s depth %-4u", (size_t)(rec - base),
			   (unsigned long long)tick, kind_name(kind),
			   kind == FT_KIND_EXIT && depth ? depth - 1 : depth);
		if (kind == FT_KIND_ENTRY) {
			struct tr_rec tr = {.pid = h->pid, .session = h->session};

			if (!(p = ft_get_varint(p, end, &v)))
				break;
			addr += (uint64_t)ft_unzigzag(v);
			tr.addr = addr;
			{
				char *s = out_room(rw->out, 24);

				rw->out->len += (size_t)(put_addr(s, addr) - s);
			}
			out_printf(rw->out, " %s", ca_func(rw->fn, ca_func_id(rw->fn, &tr))->name);
			depth++;
		} else if (kind == FT_KIND_EXIT) {
			depth -= depth > 0;
		} else if (kind == FT_KIND_EVENT) {
			if (!(p = ft_get_varint(p, end, &type)) ||
			    !(p = ft_get_varint(p, end, &len)) || len > (uint64_t)(end - p))
				break;
			raw_event(rw, p, p + len, type, len, &depth);
			p += len;
		} else {
			out_printf(rw->out, " (kind 0: invalid)");
		}
		out_str(rw->out, "\n", 1);
	}
	if (p == NULL || (p < end && *p))
		raw_damage(rw,
			   "a record does not decode here: the rest of the chunk is unreadable");
}

/* One chunk at off; *next is where the next one starts: the chunk that follows it in its space
 * (FT_CHUNK_FOLLOWED) or the file's next whole chunk. */
static int raw_chunk(struct raw *rw, int fd, uint64_t off, uint64_t size, uint64_t *next)
{
	struct ft_chunk_header h;
	uint64_t slot_end;
	uint8_t *buf;
	ssize_t n = pread(fd, &h, sizeof(h), (off_t)off);

	if (n != (ssize_t)sizeof(h))
		return 0;
	out_printf(rw->out,
		   "chunk at %llu: magic %#x version %u header %u endian %#x size %u used %u seq "
		   "%u pid %u "
		   "tid %u base %llu lost %llu depth %u flags %#x%s%s%s session %llu\n",
		   (unsigned long long)off, h.magic, h.version, h.header_size, h.endian,
		   h.chunk_size, h.used, h.seq, h.pid, h.tid, (unsigned long long)h.base_time,
		   (unsigned long long)h.lost, h.depth, h.flags,
		   h.flags & FT_CHUNK_CLOSED ? " closed" : "",
		   h.flags & FT_CHUNK_RING ? " ring" : "",
		   h.flags & FT_CHUNK_FOLLOWED ? " followed" : "", (unsigned long long)h.session);
	if (h.magic != FT_CHUNK_MAGIC || h.endian != FT_ENDIAN_MARK || h.header_size != sizeof(h) ||
	    h.chunk_size < FT_CHUNK_SIZE_MIN || h.chunk_size > FT_CHUNK_SIZE_MAX) {
		raw_damage(rw, "not a valid chunk header: the rest of the file is unreadable");
		return 0;
	}
	slot_end = (off / h.chunk_size + 1) * h.chunk_size;
	*next = slot_end;
	if ((h.flags & FT_CHUNK_FOLLOWED) && !(h.flags & FT_CHUNK_RING) &&
	    FT_FOLLOWER_OFFSET(off, sizeof(h), h.used) + sizeof(h) <= slot_end)
		*next = FT_FOLLOWER_OFFSET(off, sizeof(h), h.used);
	if (h.used > slot_end - off - sizeof(h) || off + sizeof(h) + h.used > size) {
		raw_damage(rw, "used runs past the chunk or the file");
		return 1;
	}
	buf = xmalloc(h.used + 1);
	if (pread(fd, buf, h.used, (off_t)(off + sizeof(h))) == (ssize_t)h.used)
		raw_records(rw, &h, buf, buf + h.used);
	free(buf);
	return 1;
}

static void raw_file(struct raw *rw, const char *path)
{
	int fd = open_regular(path);
	struct stat st;
	uint64_t off = 0, next = 0;

	rw->path = path;
	if (fd < 0 || fstat(fd, &st)) {
		/* said on stderr by raw_check(), whose reader cannot open it either */
		out_printf(rw->out, "\ncannot open %s: %s\n", path, open_reason(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	out_printf(rw->out, "\nreading %s (%llu bytes)\n", path, (unsigned long long)st.st_size);
	while (off + sizeof(struct ft_chunk_header) <= (uint64_t)st.st_size && !rw->out->failed &&
	       raw_chunk(rw, fd, off, (uint64_t)st.st_size, &next))
		off = next;
	if (!rw->out->failed && next && off < (uint64_t)st.st_size &&
	    off + sizeof(struct ft_chunk_header) > (uint64_t)st.st_size) {
		raw_damage(rw, "the file ends inside a chunk header");
	}
	close(fd);
}

static int cmp_str(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static int dump_raw(const struct opts *o, struct out *out)
{
	struct raw rw = {.out = out};
	char path[4096], **files = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d = opendir(o->dir);
	FILE *info;

	if (!d)
		return error("cannot open '%s': %s", o->dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", o->dir, FT_INFO_FILE);
	info = fopen_regular(path);
	if (info) {
		char line[4096];

		while (fgets(line, sizeof(line), info)) {
			line[strcspn(line, "\n")] = '\0';
			escape_ctrl_in(line, sizeof(line)); /* a damaged info is not a terminal's */
			out_printf(out, "# %s\n", line);
		}
		fclose(info);
	} else {
		error("cannot open '%s': %s", path, open_reason(errno));
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".dat")) {
			files = xrealloc(files, (n + 1) * sizeof(*files));
			files[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n) /* no stream: files is NULL, which qsort must not get */
		qsort(files, n, sizeof(*files), cmp_str);
	rw.fn = ca_funcs_new(o->dir, o->demangle);
	out_printf(out, "# columns: offset in the chunk's records, absolute clock tick, kind, "
			"depth, address, name\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", o->dir, files[i]);
		raw_file(&rw, path);
		free(files[i]);
	}
	free(files);
	ca_funcs_free(rw.fn);
	raw_check(o->dir);
	return 0;
}

/* dump --html: the page takes its own config, not the command line's options */
static int dump_html(const struct opts *o, struct out *out)
{
	struct htmlpage_config c = {.dir = o->dir,
				    .demangle = o->demangle,
				    .tid = o->tid,
				    .filters = opts_filter_config(o)};

	return htmlpage_write(&c, out);
}

int cmd_dump(struct opts *o)
{
	const char *format = o->dump_format ? o->dump_format : "raw";
	struct out out;
	int rc;

	int fd = STDOUT_FILENO;

	signal(SIGPIPE, SIG_IGN);
	if (o->output) {
		fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			error("cannot open '%s': %s", o->output, strerror(errno));
			return 1;
		}
	}
	out_init(&out, fd);
	if (!strcmp(format, "raw"))
		rc = dump_raw(o, &out);
	else if (!strcmp(format, "chrome"))
		rc = dump_chrome(o, &out);
	else if (!strcmp(format, "perfetto"))
		rc = dump_perfetto(o, &out);
	else if (!strcmp(format, "html"))
		rc = dump_html(o, &out);
	else
		rc = dump_fold(o, &out, format);
	rc = out_close(&out) || rc;
	if (fd != STDOUT_FILENO && close(fd) && !rc) {
		error("cannot write '%s': %s", o->output, strerror(errno));
		rc = 1;
	}
	if (fd != STDOUT_FILENO && rc)
		unlink(o->output); /* no half-written file that looks like a result */
	return rc;
}
