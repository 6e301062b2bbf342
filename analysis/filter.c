/* SPDX-License-Identifier: MIT */
/* Filters and triggers: the pattern parser, name matching, and the replay-time filter engine. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "demangle.h"
#include "clock.h"
#include "filter.h"
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

#define REGEX_META ".^$*+?()[]{}|\\"

struct rule {
	char *spec; /* as given, for messages */
	int kind;   /* 'F', 'N', 'H', 'C', 'T' */
	char *pattern, *module;
	bool exact;	    /* no metacharacter: compare the whole name */
	unsigned long hits; /* functions it matched: none is worth a warning */
	regex_t re;
	struct filter_match act;
};

struct filter {
	struct rule *rules;
	unsigned nrules;
	bool glob, disabled, has_filter, has_caller, has_backtrace;
	bool hide_libcalls; /* --no-libcall when reading: functions outside the executable are -H */
	bool libcall;	    /* the function being matched lies outside the executable (@plt) */
	uint32_t depth;
	uint64_t time, from, to;
	/* the engine */
	struct symtabs *st, *own_st;
	struct demangler *dm;
	struct match_slot *cache;
	size_t cache_mask, cache_used;
	struct fl_thread **threads;
	size_t threads_mask, nthreads;
	uint64_t origin; /* ns of the recording's start, -r counts from it */
};

static void filter_free_cb(void *p);
static void warn_unmatched(const struct filter *f, const char *where);
static void keep_record_hits(const struct filter *f);

/* ---- parsing ---- */

struct filter *filter_new(bool glob)
{
	struct filter *f = xcalloc(1, sizeof(*f));

	f->glob = glob;
	f->to = UINT64_MAX;
	return f;
}

int filter_parse_time(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		double mult;
	} units[] = {
		{"ns", 1},   {"us", 1e3},   {"ms", 1e6}, {"s", 1e9},
		{"m", 60e9}, {"h", 3600e9}, {"", 1},
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || v < 0 || s[0] == '-' || s[0] == '+' ||
	    s[strspn(s, "0123456789.")] != *end)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v * units[i].mult >= 1.8e19)
			return -1;
		*ns = (uint64_t)(v * units[i].mult + 0.5);
		return 0;
	}
	return -1;
}

int filter_parse_range(const char *s, uint64_t *from, uint64_t *to)
{
	const char *tilde = strchr(s, '~');
	char left[64];

	if (!tilde || (size_t)(tilde - s) >= sizeof(left) || strchr(tilde + 1, '~'))
		return -1;
	memcpy(left, s, (size_t)(tilde - s));
	left[tilde - s] = '\0';
	*from = 0;
	*to = UINT64_MAX;
	if (left[0] && filter_parse_time(left, from) < 0)
		return -1;
	if (tilde[1] && filter_parse_time(tilde + 1, to) < 0)
		return -1;
	return *from <= *to ? 0 : -1;
}

/*
 * One action of PATTERN@ACTION,... ("depth=2", "trace_off"...), with uftrace's spellings (trace_on,
 * traceon, trace-on). 1 when it was one, 0 when it is not (a module name), -1 when it is malformed
 * or one ftrace does not do (err says why).
 */
static int parse_action(struct filter_match *a, const char *tok, const char *spec, char *err,
			size_t errlen)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} plain[] = {
		{"trace_on", FR_TRACE_ON},   {"traceon", FR_TRACE_ON},
		{"trace-on", FR_TRACE_ON},   {"trace_off", FR_TRACE_OFF},
		{"traceoff", FR_TRACE_OFF},  {"trace-off", FR_TRACE_OFF},
		{"backtrace", FR_BACKTRACE}, {"finish", FR_FINISH},
		{"trace", FR_TRACE},	     {"notrace", FR_NOTRACE},
		{"filter", FR_FILTER},	     {"hide", FR_HIDE},
		{"caller", FR_CALLER},	     {"recover", 0},
	};
	char *end;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(tok, plain[i].name)) {
			a->flags |= plain[i].flag;
			return 1; /* recover: ftrace restores return addresses by itself */
		}
	if (!strncmp(tok, "depth=", 6)) {
		unsigned long v = strtoul(tok + 6, &end, 10);

		if (end == tok + 6 || *end || v < 1 || v > 1u << 20)
			goto bad;
		a->flags |= FR_DEPTH;
		a->depth = (uint32_t)v;
		return 1;
	}
	if (!strncmp(tok, "time=", 5)) {
		if (filter_parse_time(tok + 5, &a->time) < 0)
			goto bad;
		a->flags |= FR_TIME;
		return 1;
	}
	if (!strncmp(tok, "read=", 5) || !strncmp(tok, "size=", 5)) {
		snprintf(err, errlen,
			 "invalid trigger '%s': '%.5s' is not supported (ftrace reads no counters "
			 "and filters by name, not by size)",
			 spec, tok);
		return -1;
	}
	if (!strncmp(tok, "if:", 3) || !strncmp(tok, "if=", 3)) {
		snprintf(err, errlen,
			 "invalid trigger '%s': conditions ('%s') are not supported: filter on the "
			 "function's name",
			 spec, tok);
		return -1;
	}
	if (!strchr(tok, '=') && !strchr(tok, ':'))
		return 0;
bad:
	snprintf(err, errlen, "invalid trigger '%s': bad action '%s'", spec, tok);
	return -1;
}

/* "PATTERN@depth=2,trace_off[,MODULE]": the actions, and at most one module name among them. */
static int parse_actions(struct rule *r, const char *actions, char *err, size_t errlen)
{
	char *copy = xstrdup(actions), *save = NULL;
	int rc = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		int ok = parse_action(&r->act, tok, r->spec, err, errlen);

		if (ok < 0) {
			rc = -1;
		} else if (!ok && r->module) {
			snprintf(err, errlen,
				 "invalid trigger '%s': unknown action '%s' (depth=N, trace_on, "
				 "trace_off, trace, backtrace, finish, filter, notrace, hide, "
				 "time=TIME)",
				 r->spec, tok);
			rc = -1;
		} else if (!ok) {
			r->module = xstrdup(tok);
		}
	}
	free(copy);
	if (!rc && r->kind == 'T' && !r->act.flags && !strstr(actions, "recover")) {
		snprintf(err, errlen,
			 "invalid trigger '%s': no action (expected PATTERN@ACTION[,ACTION...])",
			 r->spec);
		rc = -1;
	}
	return rc;
}

static int compile_pattern(struct filter *f, struct rule *r, char *err, size_t errlen)
{
	char msg[128];
	int rc;

	if (!r->pattern[0]) {
		snprintf(err, errlen, "invalid pattern '%s': empty", r->spec);
		return -1;
	}
	r->exact = !f->glob && !r->pattern[strcspn(r->pattern, REGEX_META)];
	if (f->glob || r->exact)
		return 0;
	rc = regcomp(&r->re, r->pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &r->re, msg, sizeof(msg));
		snprintf(err, errlen, "invalid pattern '%s': %s", r->spec, msg);
		regfree(&r->re);
		r->exact = true; /* nothing to free */
		return -1;
	}
	return 0;
}

static void rule_free(struct filter *f, struct rule *r)
{
	if (!f->glob && !r->exact)
		regfree(&r->re);
	free(r->spec);
	free(r->pattern);
	free(r->module);
}

/*
 * -F -N -H -C take PATTERN[@MODULE] and, as in uftrace, trigger actions after the '@' too
 * (-F 'a@depth=1' is -F a -T a@depth=1); -T needs at least one action.
 */
int filter_add(struct filter *f, int kind, const char *spec, char *err, size_t errlen)
{
	static const uint32_t kind_flag[] = {
		['F'] = FR_FILTER, ['N'] = FR_NOTRACE, ['H'] = FR_HIDE, ['C'] = FR_CALLER};
	struct rule r = {.spec = xstrdup(spec), .kind = kind};
	const char *at = strchr(spec, '@');
	int rc = -1;

	r.pattern = at ? strndup(spec, (size_t)(at - spec)) : xstrdup(spec);
	if (kind != 'T' && kind != 'F' && kind != 'N' && kind != 'H' && kind != 'C') {
		snprintf(err, errlen, "invalid filter kind '%c'", kind);
		goto out;
	}
	if (kind != 'T')
		r.act.flags = kind_flag[kind];
	if (at && !at[1]) {
		snprintf(err, errlen, "invalid %s '%s': nothing after '@'",
			 kind == 'T' ? "trigger" : "pattern", spec);
		goto out;
	}
	if (kind == 'T' && !at) {
		snprintf(err, errlen,
			 "invalid trigger '%s': no action (expected PATTERN@ACTION[,ACTION...])",
			 spec);
		goto out;
	}
	if (at && parse_actions(&r, at + 1, err, errlen) < 0)
		goto out;
	if (compile_pattern(f, &r, err, errlen) < 0)
		goto out;
	f->rules = xrealloc(f->rules, (f->nrules + 1) * sizeof(*f->rules));
	f->rules[f->nrules++] = r;
	f->has_filter |= (r.act.flags & FR_FILTER) != 0;
	f->has_caller |= (r.act.flags & FR_CALLER) != 0;
	f->has_backtrace |= (r.act.flags & FR_BACKTRACE) != 0;
	return 0;
out:
	r.exact = true;
	rule_free(f, &r);
	return rc;
}

void filter_set_depth(struct filter *f, uint32_t depth)
{
	f->depth = depth;
}
void filter_set_time(struct filter *f, uint64_t ns)
{
	f->time = ns;
}
void filter_set_range(struct filter *f, uint64_t from, uint64_t to)
{
	f->from = from;
	f->to = to;
}
void filter_set_disabled(struct filter *f, bool disabled)
{
	f->disabled = disabled;
}

bool filter_active(const struct filter *f)
{
	return f->nrules || f->depth || f->time || f->from || f->to != UINT64_MAX || f->disabled ||
	       f->hide_libcalls;
}

uint32_t filter_rule_flags(const struct filter *f)
{
	uint32_t flags = 0;

	for (unsigned i = 0; i < f->nrules; i++)
		flags |= f->rules[i].act.flags;
	return flags;
}

/* ---- matching ---- */

/* "libc" names libc.so.6 and libc-2.36.so; a full basename names itself. */
static bool module_matches(const char *want, const char *module)
{
	size_t n = strlen(want);

	if (!module)
		return false;
	return !strncmp(want, module, n) &&
	       (module[n] == '\0' || module[n] == '.' || module[n] == '-');
}

static bool rule_matches(const struct filter *f, const struct rule *r, const char *name,
			 const char *module)
{
	/* uftrace's @plt: the library calls, whatever library defines them */
	if (r->module && !strcasecmp(r->module, "plt")) {
		if (!f->libcall)
			return false;
	} else if (r->module && !module_matches(r->module, module)) {
		return false;
	}
	if (f->glob)
		return fnmatch(r->pattern, name, 0) == 0;
	if (r->exact)
		return !strcmp(r->pattern, name);
	return regexec(&r->re, name, 0, NULL, 0) == 0;
}

void filter_match_name(const struct filter *f, const char *name, const char *module,
		       struct filter_match *m)
{
	*m = (struct filter_match){0};
	for (unsigned i = 0; i < f->nrules; i++) {
		const struct rule *r = &f->rules[i];

		if (!rule_matches(f, r, name, module))
			continue;
		f->rules[i].hits++;
		if ((r->act.flags & FR_DEPTH) &&
		    (!(m->flags & FR_DEPTH) || r->act.depth < m->depth))
			m->depth = r->act.depth;
		if (r->act.flags & FR_TIME)
			m->time = r->act.time;
		/* -N then -F of the same function: the later one wins, as in uftrace */
		if (r->act.flags & FR_FILTER)
			m->flags &= ~(uint32_t)FR_NOTRACE;
		if (r->act.flags & FR_NOTRACE)
			m->flags &= ~(uint32_t)FR_FILTER;
		m->flags |= r->act.flags;
	}
}

/* ---- options ---- */

struct filter *filter_from_config(const struct filter_config *c)
{
	struct filter *f;
	char err[512];

	if (c->match && strcmp(c->match, "regex") && strcmp(c->match, "glob"))
		die("invalid --match '%s' (regex or glob)", c->match);
	f = filter_new(c->match && !strcmp(c->match, "glob"));
	for (unsigned i = 0; i < c->nrules; i++)
		if (filter_add(f, c->rules[i].kind, c->rules[i].spec, err, sizeof(err)) < 0)
			die("%s", err);
	if (c->depth > 0)
		filter_set_depth(f, (uint32_t)c->depth);
	if (c->time_filter && filter_parse_time(c->time_filter, &f->time) < 0)
		die("invalid time '%s' (expected e.g. 500ns, 5us, 1.5ms, 2s)", c->time_filter);
	if (c->time_range && filter_parse_range(c->time_range, &f->from, &f->to) < 0)
		die("invalid time range '%s' (expected START~END, e.g. 1ms~5ms, 2ms~ or ~1s)",
		    c->time_range);
	filter_set_disabled(f, c->disable);
	if (!filter_active(f)) {
		filter_free(f);
		return NULL;
	}
	return f;
}

/* ---- the replay-time engine ---- */

struct match_slot {
	uint64_t addr, session;
	uint32_t pid;
	bool used;
	struct filter_match m;
};

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

static const struct filter_match *match_of(struct filter *f, const struct tr_rec *rec)
{
	size_t i = (rec->addr * 0x9e3779b97f4a7c15ull) >> 20 & f->cache_mask;
	struct match_slot *s;
	const struct sym *sym;
	char hex[32];

	for (;; i = (i + 1) & f->cache_mask) {
		s = &f->cache[i];
		if (!s->used)
			break;
		if (s->addr == rec->addr && s->session == rec->session && s->pid == rec->pid)
			return &s->m;
	}
	if (f->cache_used * 2 >= f->cache_mask) {
		struct match_slot *old = f->cache;
		size_t n = f->cache_mask + 1;

		f->cache_mask = n * 2 - 1;
		f->cache = xcalloc(n * 2, sizeof(*f->cache));
		f->cache_used = 0;
		for (size_t j = 0; j < n; j++)
			if (old[j].used) {
				size_t k =
					(old[j].addr * 0x9e3779b97f4a7c15ull) >> 20 & f->cache_mask;

				while (f->cache[k].used)
					k = (k + 1) & f->cache_mask;
				f->cache[k] = old[j];
				f->cache_used++;
			}
		free(old);
		return match_of(f, rec);
	}
	sym = f->st ? symtabs_lookup(f->st, rec->pid, rec->session, rec->addr) : NULL;
	f->libcall = is_libcall(f, rec);
	*s = (struct match_slot){
		.addr = rec->addr, .session = rec->session, .pid = rec->pid, .used = true};
	if (sym && sym->name) {
		filter_match_name(f, demangler_name(f->dm, sym->name), sym->module, &s->m);
	} else {
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)rec->addr);
		filter_match_name(f, hex, NULL, &s->m);
	}
	if (f->hide_libcalls && f->libcall)
		s->m.flags |= FR_HIDE; /* hidden, its children (callbacks) shown in its place */
	f->cache_used++;
	return &s->m;
}

static struct fl_thread *thread_of(struct filter *f, struct tr_thread *t)
{
	size_t i = ((uintptr_t)t >> 4) * 0x9e3779b97f4a7c15ull >> 40 & f->threads_mask;
	struct fl_thread *th;

	for (; f->threads[i]; i = (i + 1) & f->threads_mask)
		if (f->threads[i]->key == t)
			return f->threads[i];
	if (++f->nthreads * 2 > f->threads_mask) {
		struct fl_thread **old = f->threads;
		size_t n = f->threads_mask + 1;

		f->threads_mask = n * 2 - 1;
		f->threads = xcalloc(n * 2, sizeof(*f->threads));
		for (size_t j = 0; j < n; j++)
			if (old[j]) {
				size_t k = ((uintptr_t)old[j]->key >> 4) * 0x9e3779b97f4a7c15ull >>
						   40 &
					   f->threads_mask;

				while (f->threads[k])
					k = (k + 1) & f->threads_mask;
				f->threads[k] = old[j];
			}
		free(old);
		f->nthreads--;
		return thread_of(f, t);
	}
	th = f->threads[i] = xcalloc(1, sizeof(*th));
	th->key = t;
	th->on = !f->disabled;
	th->root = (struct fl_frame){.limit = f->depth ? f->depth : UINT32_MAX,
				     .thresh = f->time,
				     .kid_thresh = f->time,
				     .scope = !f->has_filter};
	return th;
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
	f->cache_mask = 1023;
	f->cache = xcalloc(f->cache_mask + 1, sizeof(*f->cache));
	f->threads_mask = 63;
	f->threads = xcalloc(f->threads_mask + 1, sizeof(*f->threads));
	/* -r counts from the start of the recording: the first clock reading `record` made */
	if (sync && sscanf(sync, "%llu %llu", &t0, &n0) == 2)
		f->origin = n0;
	trace_reader_set_stage(r, stage_next, filter_free_cb, f);
}

/* ---- record time: the address table ---- */

struct table_ctx {
	const struct filter *f;
	struct demangler *dm;
	FILE *out;
	int n;
};

static void table_add(void *ctx, const struct sym *s)
{
	struct table_ctx *c = ctx;
	struct filter_match m;

	filter_match_name(c->f, demangler_name(c->dm, s->name), s->module, &m);
	if (!m.flags)
		return;
	fprintf(c->out, "%llx %llx %x %u %llu\n", (unsigned long long)s->addr,
		(unsigned long long)(s->addr + (s->size ? s->size : 1)), m.flags, m.depth,
		(unsigned long long)m.time);
	c->n++;
}

/* Ticks per second of the clock libmcount reads, so that it compares ticks with -t and -r. */
static uint64_t clock_hz(bool tsc)
{
	return tsc ? clock_tsc_hz() : 1000000000u;
}

int filter_write_table(const struct filter *f, const char *exe, const char *path,
		       enum demangle_style ds, bool estimate_return, bool tsc)
{
	struct table_ctx c = {.f = f};
	bool timed = f->time || (filter_rule_flags(f) & FR_TIME),
	     ranged = f->from || f->to != UINT64_MAX;
	unsigned flags = (f->has_filter ? MCF_HAS_FILTER : 0) | (f->disabled ? MCF_DISABLED : 0) |
			 (estimate_return ? MCF_ESTIMATE : 0) |
			 (f->has_caller ? MCF_HAS_CALLER : 0) | (timed ? MCF_HAS_TIME : 0) |
			 (ranged ? MCF_HAS_RANGE : 0);
	int rc;

	c.out = fopen_new(path);
	if (!c.out)
		return error("cannot write '%s': %s", path, strerror(errno));
	fprintf(c.out, "%s %d\nexe %s\nflags %x\ndepth %u\ntime %llu\nrange %llu %llu\nhz %llu\n",
		MCF_MAGIC, MCF_VERSION, exe, flags, f->depth, (unsigned long long)f->time,
		(unsigned long long)f->from, (unsigned long long)f->to,
		(unsigned long long)(timed || ranged ? clock_hz(tsc) : 1000000000u));
	c.dm = demangler_new(ds);
	rc = f->nrules ? elf_functions(exe, table_add, &c) : 0;
	demangler_free(c.dm);
	if (rc < 0) {
		fclose(c.out);
		return error("cannot read the functions of '%s': %s", exe, strerror(errno));
	}
	if (fclose(c.out) != 0)
		return error("cannot write '%s': %s", path, strerror(errno));
	return c.n;
}

void filter_setup_record(const struct filter_config *c, const char *exe, const char *dir, bool tsc)
{
	struct filter *f = filter_from_config(c);
	char path[4200];

	if (!f && !c->estimate_return)
		return;
	if (!f)
		f = filter_new(false);
	snprintf(path, sizeof(path), "%s/%s", dir, MCF_FILE);
	if (filter_write_table(f, exe, path, c->demangle, c->estimate_return, tsc) < 0)
		exit(1);
	/* live: its replay says it, with the library functions too, and knows what record removed
	 */
	if (!c->live)
		warn_unmatched(f, "in the program (library calls are filtered when reading: give "
				  "it to replay)");
	else
		keep_record_hits(f);
	setenv(FT_ENV_FILTER, path, 1);
	filter_free(f);
}

void filter_record_origin(uint64_t tick)
{
	char buf[32];

	if (!getenv(FT_ENV_FILTER))
		return;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)tick);
	setenv(MCF_ENV_ORIGIN, buf, 1);
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

/*
 * live filters twice with the same rules, in the same order: what record matched (and so may have
 * removed from the trace, -N) counts as matched for its replay.
 */
static unsigned long *record_hits;
static unsigned nrecord_hits;

static void keep_record_hits(const struct filter *f)
{
	free(record_hits);
	record_hits = xcalloc(f->nrules + 1, sizeof(*record_hits));
	nrecord_hits = f->nrules;
	for (unsigned i = 0; i < f->nrules; i++)
		record_hits[i] = f->rules[i].hits;
}

/* One line per pattern that matched nothing: an empty tree must not look like an idle program. */
static void warn_unmatched(const struct filter *f, const char *where)
{
	for (unsigned i = 0; i < f->nrules; i++) {
		const struct rule *r = &f->rules[i];

		if (r->hits || (i < nrecord_hits && record_hits[i]))
			continue;
		if (r->exact)
			warn("%s '%s' matched no function %s ('%s' is a whole name, as in uftrace: "
			     "'^%s' matches the names that start with it)",
			     r->kind == 'T' ? "trigger" : "pattern", r->spec, where, r->pattern,
			     r->pattern);
		else
			warn("%s '%s' matched no function %s",
			     r->kind == 'T' ? "trigger" : "pattern", r->spec, where);
	}
}

static void filter_free_cb(void *p)
{
	struct filter *f = p;

	if (f->nthreads)
		warn_unmatched(f, "in the trace");
	filter_free(f);
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->nrules; i++)
		rule_free(f, &f->rules[i]);
	free(f->rules);
	for (size_t i = 0; f->threads && i <= f->threads_mask; i++) {
		struct fl_thread *th = f->threads[i];

		if (!th)
			continue;
		free(th->stack);
		free(th->q);
		free(th->bt);
		free(th);
	}
	free(f->threads);
	free(f->cache);
	if (f->dm)
		demangler_free(f->dm);
	if (f->own_st)
		symtabs_free(f->own_st);
	free(f);
}
