/* SPDX-License-Identifier: MIT */
/* ftrace replay: every recorded call as a nested tree with durations, in uftrace's layout. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demangle.h"
#include "filter_engine.h"
#include "hashmap.h"
#include "argspec.h"
#include "dwarfinfo.h"
#include "ftrace.h"
#include "output.h"
#include "symbols.h"
#include "tasks.h"
#include "trace_format.h"
#include "tasks.h"
#include "trace_reader.h"

/*
 * The layout is uftrace's, byte for byte, so scripts written for `uftrace replay` keep working
 * (doc/ftrace-replay.md shows it): a duration column (blank on opening lines), "[  tid]", "| ",
 * two spaces per depth, then "name() {", "name();" for a call with no traced children, or the
 * closing brace with the name in a C comment.
 *
 * Speed matters (tens of millions of lines): lines are assembled by hand into one large buffer,
 * names are looked up once per address, nothing is allocated per record.
 */

#define LINE_ROOM 256 /* bytes a line needs besides the name and the indentation */

/* ---- names ---- */

struct name_slot {
	uint32_t len, src_len;
	bool params; /* --demangle=full: the name ends with its parameter list already */
	char *name;
	char *src;	    /* --srcline: the comment after the call (file:line), or NULL */
	const char *raw;    /* the symbol's raw name (enum specs match it), or NULL */
	const char *module; /* -f module: the basename of the module addr lies in, or NULL */
	/* what follows the indentation on a line of each type (TR_ENTRY, TR_EXIT, TR_LEAF), made
	 * once: "name() {\n", "} /\* name *\/\n", "name();\n"; 16 zero bytes after each (put_str16) */
	char *tail[4];
	uint32_t tail_len[4];
};

struct names {
	struct symtabs *st;
	enum demangle_style style;
	struct hashmap idx; /* (addr, session, pid) -> index in slots */
	struct name_slot *slots;
	size_t nslots, cap;
	bool libname;		/* --libname */
	bool module;		/* -f module */
	struct srclines *sl;	/* --srcline */
	struct dwarf_enums *en; /* enum values saved by record, or NULL */
	bool color, no_comment; /* how a closing line's tail reads */
};

/* DEMANGLE: the one place a raw symbol becomes the name shown; cached per address by name_of(). */
static char *shown_name(struct names *nm, const char *raw)
{
	return demangle_dup(raw, nm->style);
}

/* --libname: "opendir@libc.so.6" for a function outside the executable */
static char *with_module(struct names *nm, char *name, const struct sym *s, uint32_t pid,
			 uint64_t session)
{
	char *both;

	if (!nm->libname || !s->module || symtabs_in_exe(nm->st, pid, session, s->addr))
		return name;
	both = xmalloc(strlen(name) + strlen(s->module) + 2);
	sprintf(both, "%s@%s", name, s->module);
	free(name);
	return both;
}

/* --srcline: where the function is defined, from sym/<module>.srcline or the module's DWARF */
static char *src_resolve(struct names *nm, const struct sym *s, uint32_t pid, uint64_t session)
{
	const struct srcline *l;
	const char *path;
	uint64_t bias;
	char *buf;

	if (!nm->sl || !symtabs_module_at(nm->st, pid, session, s->addr, &path, &bias) ||
	    !(l = srclines_find(nm->sl, path, s->addr - bias)))
		return NULL;
	buf = xmalloc(strlen(l->file) + 32);
	sprintf(buf, " /* %s:%u */", l->file, l->line);
	return buf;
}

/* "f(int) const", "operator()(int) &&": the demangled name already says its parameters. */
static bool has_params(const char *name)
{
	static const char *const quals[] = {" const", " volatile", " &&", " &", " noexcept"};
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(quals) / sizeof(quals[0]); i++) {
		size_t q = strlen(quals[i]);

		if (n > q && !memcmp(name + n - q, quals[i], q)) {
			n -= q;
			i = (size_t)-1; /* "f() const &" */
		}
	}
	return n && name[n - 1] == ')';
}

/* -f module: the basename of the module mapped at addr (owned by nm->st), or NULL */
static const char *module_of(struct names *nm, uint32_t pid, uint64_t session, uint64_t addr)
{
	const char *path, *base;
	uint64_t bias;

	if (!symtabs_module_at(nm->st, pid, session, addr, &path, &bias))
		return NULL;
	base = strrchr(path, '/');
	return base ? base + 1 : path;
}

static void name_resolve(struct names *nm, struct name_slot *slot, uint32_t pid, uint64_t session,
			 uint64_t addr)
{
	const struct sym *s = symtabs_lookup(nm->st, pid, session, addr);
	char hex[32];

	slot->raw = NULL;
	slot->src = NULL;
	slot->params = false;
	if (s && s->name) {
		slot->name = shown_name(nm, s->name);
		slot->params = nm->style == DEMANGLE_FULL && strcmp(slot->name, s->name) &&
			       has_params(slot->name);
		slot->name = with_module(nm, slot->name, s, pid, session);
		slot->raw = s->name;
		slot->src = src_resolve(nm, s, pid, session);
	} else {
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
		slot->name = xstrdup(hex);
	}
	slot->src_len = slot->src ? (uint32_t)strlen(slot->src) : 0;
	slot->module = nm->module ? module_of(nm, pid, session, addr) : NULL;
}

/* One tail: the parts joined, 16 zero bytes after them (put_str16() reads 16 at a time) */
static void tail_set(struct name_slot *s, int type, const char *a, const char *b, const char *c,
		     const char *d)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
	char *t = xcalloc(1, la + lb + lc + ld + 16);

	memcpy(t, a, la);
	memcpy(t + la, b, lb);
	memcpy(t + la + lb, c, lc);
	memcpy(t + la + lb + lc, d, ld);
	s->tail[type] = t;
	s->tail_len[type] = (uint32_t)(la + lb + lc + ld);
}

/* The slot's three line tails, as print_call() and put_closing() would write them */
static void name_tails(const struct names *nm, struct name_slot *s)
{
	const char *src = s->src ? s->src : "";

	tail_set(s, TR_ENTRY, s->name, s->params ? " {" : "() {", src, "\n");
	tail_set(s, TR_LEAF, s->name, s->params ? ";" : "();", src, "\n");
	if (nm->no_comment)
		tail_set(s, TR_EXIT, "}\n", "", "", "");
	else
		tail_set(s, TR_EXIT, nm->color ? "} " TERM_DIM "/* " : "} /* ", s->name,
			 nm->color ? " */" TERM_RESET : " */", "\n");
}

/* A name not seen yet: resolved once, kept for every later record of its address. */
static __attribute__((noinline)) const struct name_slot *name_add(struct names *nm,
								  const struct tr_rec *rec)
{
	bool added;
	uint32_t *idx = hashmap_slot(&nm->idx, rec->addr, rec->session, rec->pid, &added);
	struct name_slot *s;

	*idx = (uint32_t)nm->nslots;
	if (nm->nslots == nm->cap) {
		nm->cap = nm->cap ? 2 * nm->cap : 1024;
		nm->slots = xrealloc(nm->slots, nm->cap * sizeof(*nm->slots));
	}
	s = &nm->slots[nm->nslots++];
	*s = (struct name_slot){0};
	name_resolve(nm, s, rec->pid, rec->session, rec->addr);
	s->len = (uint32_t)strlen(s->name);
	name_tails(nm, s);
	return s;
}

/* The name of addr in process image (pid, session). */
static inline const struct name_slot *name_of(struct names *nm, const struct tr_rec *rec)
{
	uint32_t idx = hashmap_get(&nm->idx, rec->addr, rec->session, rec->pid);

	return likely(idx != HASHMAP_NONE) ? &nm->slots[idx] : name_add(nm, rec);
}

static void names_free(struct names *nm)
{
	for (size_t i = 0; i < nm->nslots; i++) {
		free(nm->slots[i].name);
		free(nm->slots[i].src);
		for (int t = TR_ENTRY; t <= TR_LEAF; t++)
			free(nm->slots[i].tail[t]);
	}
	free(nm->slots);
	hashmap_free(&nm->idx);
	srclines_free(nm->sl);
	dwarf_enums_free(nm->en);
	symtabs_free(nm->st);
}

/* ---- line formatting ---- */

/*
 * -f: uftrace's columns, always in this order whatever the order asked. Each is a space and a
 * value of fixed width; `| ` follows the last. The header puts each column's title over it.
 */
enum field {
	FLD_DURATION,
	FLD_TID,
	FLD_ADDR,
	FLD_TIME,    /* the clock (CLOCK_MONOTONIC) in seconds, ns precision */
	FLD_DELTA,   /* since the thread's previous line */
	FLD_ELAPSED, /* since the recording started (what -r ranges count from) */
	FLD_TASK,
	FLD_MODULE,
	FLD_COUNT,
};

static const struct {
	const char *name, *title; /* title: as wide as the column, its leading space included */
} field_defs[FLD_COUNT] = {
	[FLD_DURATION] = {"duration", "  DURATION "},
	[FLD_TID] = {"tid", "    TID  "},
	[FLD_ADDR] = {"addr", "    ADDRESS  "},
	[FLD_TIME] = {"time", "      TIMESTAMP    "},
	[FLD_DELTA] = {"delta", "  TIMEDELTA"},
	[FLD_ELAPSED] = {"elapsed", "   ELAPSED "},
	[FLD_TASK] = {"task", "       TASK NAME"},
	[FLD_MODULE] = {"module", "      MODULE NAME"},
};

/* What -f task, delta and --column-view keep per thread, found by (tid, pid). */
struct task_slot {
	uint32_t tid, pid;
	uint32_t column; /* --column-view: the thread's column, by first appearance */
	bool printed;	 /* a line of the thread was printed: delta has a base */
	uint64_t last;	 /* the time of its last line */
	char name[16];	 /* -f task: "" until looked up */
};

struct task_table {
	struct hashmap idx; /* (tid, pid) -> index in slots */
	struct task_slot *slots;
	uint32_t nslots, cap;
	struct task_slot *last; /* the slot found last: lines of one thread come in runs */
	struct task_log log;	/* -f task: the threads' names */
	bool log_loaded;
};

/* What a line has right of the duration and left of the indentation when no column but duration
 * and tid is on: " [  tid] | " (or less, as -f asks), made once per thread */
struct tid_prefix {
	uint32_t tid, len;
	char s[24]; /* copied whole: the tid column and the bar take at most 21 */
};

#define TID_CACHE 16 /* lines of a few threads interleave: a prefix per tid % TID_CACHE */

struct fields {
	bool on[FLD_COUNT];
	bool duration, tid; /* on[] of the default columns, tested first on every line */
	bool others;	    /* a column other than duration and tid is on */
	bool none;	    /* -f none: no column, no `| `, no header */
	struct task_table *tasks;
	struct trace_reader *r;
	uint64_t origin;     /* rec->time + origin = the clock; UINT64_MAX until known */
	uint64_t rec_start;  /* the clock when the recording started (the info's clock-sync) */
	uint32_t col_offset; /* --column-view: depths between two threads' columns, 0 when off */
	bool color;	     /* --color: durations by magnitude, comments dim, signals red */
	/* --tid: the parent's lines may be hidden, a fork child opens its inherited frames */
	bool open_inherited;
	bool no_comment; /* --no-comment: `}` alone closes a call */
	bool no_args;	 /* --no-args */
	/* no column but duration and tid: lines take put_line() with these prefixes */
	bool fast;
	struct tid_prefix tids[TID_CACHE];
};

/* The thread's slot, made (with the next column) on its first line. */
static struct task_slot *task_find(struct task_table *tt, uint32_t pid, uint32_t tid)
{
	uint32_t *idx;
	bool added;

	if (tt->last && tt->last->tid == tid && tt->last->pid == pid)
		return tt->last;
	idx = hashmap_slot(&tt->idx, tid, 0, pid, &added);
	if (added) {
		if (tt->nslots == tt->cap) {
			tt->cap = tt->cap ? 2 * tt->cap : 64;
			tt->slots = xrealloc(tt->slots, tt->cap * sizeof(*tt->slots));
		}
		tt->slots[tt->nslots] =
			(struct task_slot){.tid = tid, .pid = pid, .column = tt->nslots};
		*idx = tt->nslots++;
	}
	return tt->last = &tt->slots[*idx];
}

static void tasks_free(struct task_table *tt)
{
	if (!tt)
		return;
	if (tt->log_loaded)
		task_log_free(&tt->log);
	free(tt->slots);
	hashmap_free(&tt->idx);
	free(tt);
}

/* -f task: the thread's name (the last it had) right-aligned in 15 columns, as uftrace shows it */
static char *put_task(char *p, struct task_table *tt, struct task_slot *ts)
{
	if (!ts->name[0]) {
		char buf[16];
		const char *name = task_log_thread_name(&tt->log, ts->pid, ts->tid, buf);

		snprintf(ts->name, sizeof(ts->name), "%s", name ? name : "?");
	}
	return p + sprintf(p, " %15s", ts->name);
}

/* -f time: seconds of the clock with nine decimals, right-aligned in 18 */
static char *put_time(char *p, uint64_t ns)
{
	return p + sprintf(p, " %8llu.%09llu", (unsigned long long)(ns / 1000000000u),
			   (unsigned long long)(ns % 1000000000u));
}

/*
 * Indentation grows with depth: a recursion a million deep would print terabytes of spaces for a
 * few megabytes of trace. Deeper lines are drawn at this level, and replay says so at the end.
 */
#define INDENT_MAX 256
static uint32_t deepest_capped; /* the deepest line drawn at INDENT_MAX, 0 when none */

static inline uint32_t indent_of(uint32_t depth)
{
	if (depth <= INDENT_MAX)
		return depth;
	if (depth > deepest_capped)
		deepest_capped = depth;
	return INDENT_MAX;
}

/* A time column (delta, elapsed): as a duration, blank when there is none */
static char *put_span(char *p, uint64_t ns, bool known)
{
	*p++ = ' ';
	return known ? put_duration(p, ns) : PUT_LIT(p, "          ");
}

/* The columns other than duration and tid; s: the line's function, NULL for comment lines */
static char *put_others(char *p, const struct fields *f, const struct tr_rec *rec,
			const struct name_slot *s)
{
	uint64_t now = f->origin + rec->time;
	struct task_slot *ts = NULL;

	if (f->on[FLD_ADDR]) {
		*p++ = ' ';
		p = s ? put_hex(p, rec->addr, 12) : PUT_LIT(p, "            ");
	}
	if (f->on[FLD_TIME])
		p = put_time(p, now);
	if (f->on[FLD_DELTA] || f->on[FLD_TASK])
		ts = task_find(f->tasks, rec->pid, rec->tid);
	if (f->on[FLD_DELTA]) {
		p = put_span(p, rec->time - ts->last, ts->printed && rec->time >= ts->last);
		ts->printed = true;
		ts->last = rec->time;
	}
	if (f->on[FLD_ELAPSED])
		p = put_span(p, now - f->rec_start, now > f->rec_start);
	if (f->on[FLD_TASK])
		p = put_task(p, f->tasks, ts);
	if (f->on[FLD_MODULE])
		p += sprintf(p, " %16.16s", s && s->module ? s->module : "");
	return p;
}

/* The columns left of the '|', then the indentation. */
static inline char *put_prefix(char *p, const struct fields *f, const struct tr_rec *rec,
			       bool with_duration, const struct name_slot *s)
{
	if (f->duration) {
		*p++ = ' ';
		p = with_duration ? put_duration_color(p, rec->duration, f->color)
				  : PUT_LIT(p, "          ");
	}
	if (f->tid) {
		p = PUT_LIT(p, " [");
		p = put_uint(p, rec->tid, 6);
		*p++ = ']';
	}
	if (__builtin_expect(f->others, 0))
		p = put_others(p, f, rec, s);
	if (!f->none)
		p = PUT_LIT(p, " | ");
	/* 16 spaces at a time, not a call to memset: the line's room (LINE_ROOM) covers the up to
	 * 15 bytes written past the indentation, which the name then overwrites */
	for (size_t i = 0; i < 2 * (size_t)indent_of(rec->depth); i += 16)
		memcpy(p + i, "                ", 16);
	return p + 2 * (size_t)indent_of(rec->depth);
}

/* A plain call's line with any columns: the general prefix, then the name's tail */
static void put_tail(struct out *o, const struct fields *f, const struct name_slot *s,
		     const struct tr_rec *rec)
{
	size_t need = LINE_ROOM + 2 * (size_t)indent_of(rec->depth) + s->tail_len[rec->type];
	char *p = out_begin(o, need);

	p = put_prefix(p, f, rec, rec->type != TR_ENTRY, s);
	p = put_str16(p, s->tail[rec->type], s->tail_len[rec->type]);
	out_end(o, p);
}

/* The end of a closing line from the comment on: the name, why the frame was abandoned if it was */
static char *put_closing(char *p, const struct fields *f, const struct name_slot *s,
			 unsigned abandon)
{
	p = f->color ? PUT_LIT(p, TERM_DIM "/* ") : PUT_LIT(p, "/* ");
	p = put_str(p, s->name, s->len);
	if (abandon) {
		const char *ab = tr_abandon_name(abandon);

		p = PUT_LIT(p, " (");
		p = put_str(p, ab, strlen(ab));
		p = PUT_LIT(p, ")");
	}
	return f->color ? PUT_LIT(p, " */" TERM_RESET "\n") : PUT_LIT(p, " */\n");
}

/* A call with recorded arguments or return value: f(3, "path") {, f(3) = -1; or } = 0;
 * (analysis/argspec.h) */
static void print_call_args(struct out *o, const struct fields *f, const struct names *nm,
			    const struct name_slot *s, const struct tr_rec *rec)
{
	char args[1024] = "", ret[1024] = "";
	size_t na = rec->args ? argspec_format_named(nm->en, s->raw, rec->args, rec->args_len, args,
						     sizeof(args))
			      : 0;
	size_t nr = rec->retval ? argspec_format_named(nm->en, s->raw, rec->retval, rec->retval_len,
						       ret, sizeof(ret))
				: 0;
	size_t need = LINE_ROOM + 2 * (size_t)indent_of(rec->depth) + s->len + s->src_len + na + nr;
	char *p = out_begin(o, need);

	p = put_prefix(p, f, rec, rec->type != TR_ENTRY, s);
	if (rec->type == TR_EXIT) {
		p = PUT_LIT(p, "} = ");
		p = put_str(p, ret, nr);
		p = f->no_comment ? PUT_LIT(p, ";\n")
				  : put_closing(PUT_LIT(p, "; "), f, s, rec->abandon);
	} else {
		p = put_str(p, s->name, s->len);
		p = PUT_LIT(p, "(");
		p = put_str(p, args, na);
		p = PUT_LIT(p, ")");
		if (rec->type == TR_ENTRY) {
			p = PUT_LIT(p, " {");
		} else if (nr) {
			p = PUT_LIT(p, " = ");
			p = put_str(p, ret, nr);
			p = PUT_LIT(p, ";");
		} else {
			p = PUT_LIT(p, ";");
		}
		if (s->src_len)
			p = put_str(p, s->src, s->src_len);
		*p++ = '\n';
	}
	out_end(o, p);
}

static void tid_prefix_make(struct tid_prefix *tp, const struct fields *f, uint32_t tid)
{
	char *p = tp->s;

	memset(tp->s, ' ', sizeof(tp->s));
	tp->tid = tid;
	if (f->tid) {
		p = PUT_LIT(p, " [");
		p = put_uint(p, tid, 6);
		*p++ = ']';
	}
	if (!f->none)
		p = PUT_LIT(p, " | ");
	tp->len = (uint32_t)(p - tp->s);
}

/* The prefix of rec's thread, made when the cache holds another thread's */
static inline const struct tid_prefix *tid_prefix_of(struct fields *f, uint32_t tid)
{
	struct tid_prefix *tp = &f->tids[tid % TID_CACHE];

	if (__builtin_expect(tp->tid != tid, 0))
		tid_prefix_make(tp, f, tid);
	return tp;
}

/*
 * The line of a plain call (no arguments, not abandoned) when no column but duration and tid is
 * on: the duration, the thread's prefix, the indentation and the name's tail, each copied in a
 * few wide stores. What put_prefix() and print_call() write, byte for byte.
 */
static inline __attribute__((always_inline)) void put_line(struct out *o, const struct fields *f,
							   const struct tid_prefix *tp,
							   const struct name_slot *s, unsigned type,
							   uint64_t duration, uint32_t depth)
{
	size_t ind = 2 * (size_t)indent_of(depth);
	char *p = out_begin(o, LINE_ROOM + ind + s->tail_len[type]);

	if (f->duration) {
		if (type == TR_ENTRY) {
			p = PUT_LIT(p, "           ");
		} else {
			*p++ = ' ';
			p = __builtin_expect(f->color, 0) ? put_duration_color(p, duration, true)
							  : put_duration(p, duration);
		}
	}
	memcpy(p, tp->s, sizeof(tp->s));
	p += tp->len;
	/* 16 spaces at a time: LINE_ROOM covers the up to 15 bytes written past the indentation,
	 * which the tail then overwrites */
	for (size_t i = 0; i < ind; i += 16)
		memcpy(p + i, "                ", 16);
	p = put_str16(p + ind, s->tail[type], s->tail_len[type]);
	out_end(o, p);
}

static void print_call(struct out *o, struct fields *f, struct names *nm, const struct tr_rec *rec)
{
	const struct name_slot *s = name_of(nm, rec);
	size_t need = LINE_ROOM + 2 * (size_t)indent_of(rec->depth) + s->len + s->src_len;
	char *p;

	if (__builtin_expect(rec->args || rec->retval, 0) && !f->no_args) {
		print_call_args(o, f, nm, s, rec);
		return;
	}
	if (__builtin_expect(!(rec->type == TR_EXIT && rec->abandon), 1)) {
		if (__builtin_expect(f->fast, 1))
			put_line(o, f, tid_prefix_of(f, rec->tid), s, rec->type, rec->duration,
				 rec->depth);
		else
			put_tail(o, f, s, rec);
		return;
	}
	p = out_begin(o, need);
	p = put_prefix(p, f, rec, true, s);
	p = f->no_comment ? PUT_LIT(p, "}\n") : put_closing(PUT_LIT(p, "} "), f, s, rec->abandon);
	out_end(o, p);
}

/* The n-th varint of an event payload, 0 when absent. */
static uint64_t payload_val(const struct tr_rec *rec, unsigned n)
{
	const uint8_t *p = rec->payload, *end = p + rec->payload_len;
	uint64_t v = 0;

	for (unsigned i = 0; i <= n && p; i++)
		p = ft_get_varint(p, end, &v);
	return p ? v : 0;
}

/* An event as a comment line; false for the events replay does not show (arguments...). */
static bool event_text(const struct tr_rec *rec, char *buf, size_t size)
{
	const char *sig;

	switch (rec->event) {
	case FT_EV_SIGNAL:
		sig = sigabbrev_np((int)payload_val(rec, 0));
		if (payload_val(rec, 1))
			snprintf(buf, size, "/* signal SIG%s (address %#llx) */", sig ? sig : "?",
				 (unsigned long long)payload_val(rec, 1));
		else
			snprintf(buf, size, "/* signal SIG%s */", sig ? sig : "?");
		return true;
	case FT_EV_LOST:
		snprintf(buf, size, "/* %llu records lost */",
			 (unsigned long long)payload_val(rec, 0));
		return true;
	case FT_EV_DEPTH_MAX:
		snprintf(buf, size, "/* max depth %llu reached: deeper calls not recorded */",
			 (unsigned long long)payload_val(rec, 0));
		return true;
	case FT_EV_STOP:
		snprintf(buf, size, "/* tracing stopped: %s */",
			 stop_reason_text(payload_val(rec, 0)));
		return true;
	case TR_EV_CORRUPT:
		snprintf(buf, size, "/* corrupt data skipped: calls are missing here */");
		return true;
	case TR_EV_SCHED_OUT: /* uftrace's words; the off-CPU time is on the sched-in line */
		snprintf(buf, size, "/* linux:sched-out%s */",
			 payload_val(rec, 0) & FT_SCHED_PREEMPT ? " (pre-empted)" : "");
		return true;
	case TR_EV_SCHED_IN: snprintf(buf, size, "/* linux:sched-in */"); return true;
	case TR_EV_OVERWRITTEN:
		snprintf(buf, size,
			 "/* flight recorder: the calls before this were overwritten (%llu chunks) "
			 "*/",
			 (unsigned long long)payload_val(rec, 0));
		return true;
	}
	return false;
}

/* A line with no duration at the record's depth: events and backtraces, as comments (dim, or
 * in sgr: signals are red). */
static void print_comment(struct out *o, const struct fields *f, const struct tr_rec *rec,
			  const char *text, size_t len, const char *sgr)
{
	size_t need = LINE_ROOM + 2 * (size_t)indent_of(rec->depth) + len;
	char *p = out_begin(o, need);

	p = put_prefix(p, f, rec, rec->type == TR_EVENT && rec->event == TR_EV_SCHED_IN, NULL);
	if (f->color)
		p = put_str(p, sgr, strlen(sgr));
	p = put_str(p, text, len);
	if (f->color)
		p = PUT_LIT(p, TERM_RESET);
	*p++ = '\n';
	out_end(o, p);
}

static void print_event(struct out *o, const struct fields *f, const struct tr_rec *rec)
{
	char text[160];

	if (event_text(rec, text, sizeof(text)))
		print_comment(o, f, rec, text, strlen(text),
			      rec->event == FT_EV_SIGNAL ? TERM_RED : TERM_DIM);
}

/*
 * A backtrace trigger's event (recorded: FT_EV_BACKTRACE, or made by the replay-time filter:
 * TR_EV_BACKTRACE; the same payload: the open calls, outermost first, the function itself last)
 * as uftrace prints it: one line per caller, outermost first, at the left margin, with
 * "backtrace" in the duration column:
 *	  backtrace [  4242] | /\* [ 0] main *\/
 *	  backtrace [  4242] | /\* [ 1] parse *\/
 */
static void print_backtrace(struct out *o, const struct fields *f, struct names *nm,
			    const struct tr_rec *rec)
{
	const uint8_t *p = rec->payload, *end = p + rec->payload_len;
	struct tr_rec line = *rec;
	uint64_t n, addr;

	line.depth = 0;
	p = ft_get_varint(p, end, &n);
	for (uint64_t i = 0; p && i + 1 < n; i++) {
		struct tr_rec at = {.pid = rec->pid, .session = rec->session};
		const struct name_slot *s;
		char *start, *q;

		if (!(p = ft_get_varint(p, end, &addr)))
			break;
		at.addr = addr;
		s = name_of(nm, &at);
		start = out_begin(o, LINE_ROOM + s->len + 32);
		q = put_prefix(start, f, &line, false, NULL);
		if (f->duration)
			memcpy(start, "  backtrace", 11);
		q += sprintf(q, "/* [%2u] ", (unsigned)i);
		q = put_str(q, s->name, s->len);
		q = PUT_LIT(q, " */\n");
		out_end(o, q);
	}
}

/* ---- options ---- */

static enum field field_named(const char *name)
{
	for (int i = 0; i < FLD_COUNT; i++)
		if (!strcmp(name, field_defs[i].name))
			return (enum field)i;
	die("invalid output field '%s' (duration, tid, addr, time, delta, elapsed, task, module; "
	    "'none' alone; '+' before the list adds to duration,tid)",
	    name);
}

/* -f: which columns, by uftrace's names: "none", "time,tid", or "+FIELD,..." added to the default */
static void parse_fields(const char *spec, struct fields *f)
{
	char *copy, *save = NULL;

	*f = (struct fields){0};
	f->on[FLD_DURATION] = f->on[FLD_TID] = true;
	if (spec && !strcmp(spec, "none")) {
		f->on[FLD_DURATION] = f->on[FLD_TID] = false;
		f->none = true;
	} else if (spec) {
		if (*spec == '+')
			spec++;
		else
			f->on[FLD_DURATION] = f->on[FLD_TID] = false;
		copy = xstrdup(spec);
		if (!*copy)
			field_named(copy);
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			f->on[field_named(tok)] = true;
		free(copy);
	}
	f->duration = f->on[FLD_DURATION];
	f->tid = f->on[FLD_TID];
	for (int i = FLD_ADDR; i < FLD_COUNT; i++)
		f->others |= f->on[i];
	f->fast = !f->others;
	for (uint32_t i = 0; i < TID_CACHE; i++)
		tid_prefix_make(&f->tids[i], f, i);
}

/* Each column's title over it; none with -f none (uftrace prints none either) */
static void print_header(struct out *o, const struct fields *f, bool srcline)
{
	char line[256];
	size_t len = 0;

	if (f->none)
		return;
	for (int i = 0; i < FLD_COUNT; i++)
		if (f->on[i])
			len += (size_t)sprintf(line + len, "%s", field_defs[i].title);
	len += (size_t)sprintf(line + len, "   FUNCTION%s\n", srcline ? " [SOURCE]" : "");
	line[0] = '#';
	out_str(o, line, len);
}

/*
 * After the tree: say what it is missing, so a partial tree is never taken for a whole one.
 * True when the data was corrupt (lost records and unfinished recordings are not errors).
 */
static bool report_gaps(struct trace_reader *r, const char *dir, const char *tid)
{
	struct tr_stats st;
	const char *state = trace_reader_info(r, "state");

	trace_reader_stats(r, &st);
	if (!st.threads && tid)
		warn("no thread of '%s' has tid %s ('ftrace info' lists them)", dir, tid);
	else if (!st.threads)
		warn("no function calls were recorded in '%s'", dir);
	if (state && strcmp(state, "complete"))
		warn("the recording in '%s' did not finish (state: %s): the trace may end early",
		     dir, state);
	if (deepest_capped)
		warn("calls deeper than %u levels (down to %u) are drawn indented as level %u",
		     INDENT_MAX, deepest_capped, INDENT_MAX);
	/* corrupt chunks, stops and lost records are described by trace_reader_close() */
	return st.corrupt_chunks != 0;
}

/*
 * A fork child's tree continues where the parent's was when it forked (the parent's lines already
 * show the calls it inherited, as uftrace prints it): its inherited frames are not opened again,
 * only closed. With --tid the parent's lines may be missing: the child opens them itself.
 */
static void print_record(struct out *o, struct fields *f, struct names *nm,
			 const struct tr_rec *rec)
{
	if (rec->type == TR_ENTRY && rec->inherited && !f->open_inherited)
		return;
	if (rec->type == TR_EVENT &&
	    (rec->event == FT_EV_BACKTRACE || rec->event == TR_EV_BACKTRACE))
		print_backtrace(o, f, nm, rec);
	else if (rec->type == TR_EVENT)
		print_event(o, f, rec);
	else
		print_call(o, f, nm, rec);
}

/* The reader's records (merged threads, or where the cursor stops): a plain call's line goes
 * straight to put_line(), what print_record() would do with it */
static void print_batch(struct out *o, struct fields *f, struct names *nm,
			const struct tr_rec *recs, int n)
{
	for (int i = 0; i < n; i++) {
		const struct tr_rec *rec = &recs[i];

		if (__builtin_expect(f->fast && rec->type <= TR_LEAF && !rec->args &&
					     !rec->retval && !rec->abandon && !rec->inherited,
				     1))
			put_line(o, f, tid_prefix_of(f, rec->tid), name_of(nm, rec), rec->type,
				 rec->duration, rec->depth);
		else
			print_record(o, f, nm, rec);
	}
}

/* --column-view: each thread's lines indented by its own column, in the order threads appear */
static void print_in_column(struct out *o, struct fields *f, struct names *nm,
			    const struct tr_rec *rec)
{
	struct tr_rec line = *rec;

	line.depth += task_find(f->tasks, rec->pid, rec->tid)->column * f->col_offset;
	print_record(o, f, nm, &line);
}

/* The clock at the trace's first record, known once the reader has read one */
static void fields_set_origin(struct fields *f)
{
	unsigned long long t0, n0;
	const char *sync = trace_reader_info(f->r, "clock-sync");

	f->origin = trace_reader_origin(f->r);
	/* elapsed counts from the first clock reading `record` made, as -r does */
	f->rec_start = sync && sscanf(sync, "%llu %llu", &t0, &n0) == 2 ? n0 : f->origin;
}

/*
 * The fused loop: plain records stepped from the chunk (trace_reader_cursor()) into lines, through
 * one struct tr_rec that only changes in type, time, duration, address and depth. The steps fold
 * leaves as TR_FOLD_LEAF does, so the lines are those of the reader's records.
 */
_Static_assert((int)TR_STEP_ENTRY == (int)TR_ENTRY && (int)TR_STEP_EXIT == (int)TR_EXIT &&
		       (int)TR_STEP_LEAF == (int)TR_LEAF,
	       "a step is its record's type");

static void replay_steps(struct out *o, struct fields *f, struct names *nm, struct tr_cursor *cur)
{
	struct tr_cursor lc = *cur, *k = &lc;
	struct tr_rec rec = {.pid = k->pid, .tid = k->tid, .session = k->session};
	const struct tid_prefix *tp = tid_prefix_of(f, k->tid);
	struct tr_frame *fr;
	enum tr_step st;
	uint64_t ns;

	while (!o->failed && (st = tr_cursor_step(k, &ns, &fr))) {
		uint64_t duration = ns > fr->ns ? ns - fr->ns : 0,
			 from = st == TR_STEP_EXIT ? ns : fr->ns;
		uint32_t depth = st == TR_STEP_ENTRY ? k->depth - 1 : k->depth;

		rec.addr = fr->addr;
		if (__builtin_expect(f->fast, 1)) { /* what print_call() does, without the record */
			put_line(o, f, tp, name_of(nm, &rec), st, duration, depth);
			continue;
		}
		rec.type = (enum tr_type)st;
		rec.time = from > k->origin ? from - k->origin : 0;
		rec.duration = duration;
		rec.depth = depth;
		print_call(o, f, nm, &rec);
	}
	*cur = lc;
}

/* The cursor's steps where the reader allows them (fold: the reader folds leaves; not with
 * --column-view), its batches elsewhere (only a batch's last record carries payloads). */
static int replay_loop(struct trace_reader *r, struct out *o, struct fields *f, struct names *nm,
		       bool fold)
{
	struct tr_rec recs[64];
	struct tr_cursor cur;
	int n;

	do {
		unsigned want = 64;

		if (fold && !f->col_offset && trace_reader_cursor(r, &cur)) {
			if (f->origin == UINT64_MAX)
				fields_set_origin(f);
			replay_steps(o, f, nm, &cur);
			trace_reader_cursor_done(r, &cur);
			/* after a long run, the cursor may take over again after one record: dump.c's
			 * chrome_read() */
			if (cur.records >= 16)
				want = 1;
		}
		n = trace_reader_read(r, recs, want);
		if (n <= 0)
			break;
		if (f->origin == UINT64_MAX)
			fields_set_origin(f);
		if (f->col_offset) {
			for (int i = 0; i < n; i++)
				print_in_column(o, f, nm, &recs[i]);
			continue;
		}
		print_batch(o, f, nm, recs, n);
	} while (!o->failed);
	return n;
}

int cmd_replay(struct opts *o)
{
	struct trace_reader *r = trace_reader_open(o->dir, o->no_merge ? 0 : TR_FOLD_LEAF);
	struct out out;
	struct names nm = {.style = o->demangle, .libname = o->libname};
	struct fields f;
	struct filter_config fc;
	int rc;

	if (!r)
		return 1;
	parse_fields(o->output_fields, &f);
	f.r = r;
	f.origin = UINT64_MAX;
	f.col_offset = o->column_view ? o->column_offset : 0;
	f.open_inherited = o->tid != NULL;
	f.no_comment = o->no_comment;
	f.no_args = o->no_args;
	f.color = o->color;
	f.tasks = xcalloc(1, sizeof(*f.tasks));
	hashmap_init(&f.tasks->idx, 32);
	if (f.on[FLD_TASK]) { /* names are a nicety: "?" will do */
		task_log_load(o->dir, &f.tasks->log);
		f.tasks->log_loaded = true;
	}
	trace_reader_set_sched(r, !o->no_event);
	if (o->tid) {
		uint32_t *tids;
		unsigned n = parse_tid_list(o->tid, &tids);

		trace_reader_set_tids(r, tids, n);
		free(tids);
	}
	signal(SIGPIPE, SIG_IGN); /* `ftrace replay | head` ends quietly through EPIPE */
	nm.st = symtabs_load(o->dir);
	fc = opts_filter_config(o);
	filter_setup_reader(r, &fc, nm.st);
	hashmap_init(&nm.idx, 2048);
	nm.module = f.on[FLD_MODULE];
	nm.color = f.color;
	nm.no_comment = f.no_comment;
	nm.en = dwarf_enums_load(o->dir);
	nm.sl = o->srcline ? srclines_new(o->dir) : NULL;
	out_init(&out, STDOUT_FILENO);
	print_header(&out, &f, o->srcline);
	rc = replay_loop(r, &out, &f, &nm, !o->no_merge);
	out_flush(&out);
	if (!out.failed && report_gaps(r, o->dir, o->tid))
		rc = -1; /* bad input exits non-zero, after showing all that could be read */
	names_free(&nm);
	tasks_free(f.tasks);
	if (out_close(&out))
		rc = -1;
	trace_reader_close(r);
	return rc < 0 ? 1 : 0;
}
