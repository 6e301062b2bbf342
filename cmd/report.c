/* SPDX-License-Identifier: MIT */
/* ftrace report: the flat profile (total, self, calls per function), per thread, as CSV, or a diff
 * of two traces. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callstats.h"
#include "ftrace.h"
#include "tasks.h"
#include "trace_reader.h"

/*
 * The layout is uftrace's (`  Total time   Self time       Calls  Function`, each column two spaces
 * and ten characters wide, times truncated to three decimals), so habits and scripts carry over.
 * Everything comes from the calling-context tree (callstats.c) folded by function: a recursive
 * function's total time is counted once per outermost call, its self time and calls every time.
 */

enum field {
	F_TOTAL,
	F_TAVG,
	F_TMIN,
	F_TMAX,
	F_SELF,
	F_SAVG,
	F_SMIN,
	F_SMAX,
	F_CALL,
	F_SIZE,
	F_OFFCPU, /* from here on: not in uftrace's -f all */
	F_OSELF,
	F_FUNC,
	NFIELDS
};

static const struct {
	const char *name, *title, *csv;
} fields[NFIELDS] = {
	[F_TOTAL] = {"total", "Total time", "total_ns"},
	[F_TAVG] = {"total-avg", "Total avg", "total_avg_ns"},
	[F_TMIN] = {"total-min", "Total min", "total_min_ns"},
	[F_TMAX] = {"total-max", "Total max", "total_max_ns"},
	[F_SELF] = {"self", "Self time", "self_ns"},
	[F_SAVG] = {"self-avg", "Self avg", "self_avg_ns"},
	[F_SMIN] = {"self-min", "Self min", "self_min_ns"},
	[F_SMAX] = {"self-max", "Self max", "self_max_ns"},
	[F_CALL] = {"call", "Calls", "calls"},
	[F_SIZE] = {"size", "Size", "size"},
	[F_OFFCPU] = {"offcpu", "Off-CPU", "offcpu_ns"},
	[F_OSELF] = {"offcpu-self", "Self off", "offcpu_self_ns"},
	[F_FUNC] = {"func", "Function", "function"},
};

#define MAX_KEYS 16

struct report {
	const struct opts *o;
	enum field cols[NFIELDS];
	unsigned ncols;
	enum field keys[MAX_KEYS];
	unsigned nkeys;
	bool csv, threads, minmax;
	bool none;	       /* -f none: the names alone, no header */
	uint64_t hot;	       /* --color: rows with at least this self time are red (0: none) */
	struct task_log tasks; /* --threads: the threads' names */
	struct ca_funcs *fn;
	struct ca_tree *tree;
};

static int field_by_name(const char *name);

/* A column's field: the function is not one (it is always last) */
static enum field field_by_name_or_die(const char *name)
{
	int f = field_by_name(name);

	if (f < 0 || f == F_FUNC)
		die("invalid report field '%s' (total, total-avg, total-min, total-max, self, "
		    "self-avg, self-min, self-max, call, size, offcpu, offcpu-self, all; 'none' "
		    "alone; '+' before the list adds to total,self,call)",
		    name);
	return (enum field)f;
}

static int field_by_name(const char *name)
{
	static const struct {
		const char *alias;
		enum field f;
	} aliases[] = {{"calls", F_CALL}, {"avg", F_TAVG},  {"min", F_TMIN},
		       {"max", F_TMAX},	  {"name", F_FUNC}, {"function", F_FUNC}};

	for (int i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].name, name))
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(aliases[i].alias, name))
			return (int)aliases[i].f;
	return -1;
}

/*
 * -f: "all", "none" (the names alone, no header), a comma list of field names, or "+" and a list
 * added to the default total,self,call. Columns come in uftrace's order whatever the order given;
 * the function name is always the last.
 */
static void parse_cols(struct report *rp, const char *spec)
{
	bool on[F_FUNC] = {false};
	char *copy, *save = NULL;

	rp->ncols = 0;
	if (!spec || *spec == '+')
		on[F_TOTAL] = on[F_SELF] = on[F_CALL] = true;
	if (spec && !strcmp(spec, "all")) { /* uftrace's: all but the off-CPU ones */
		for (int i = 0; i < F_OFFCPU; i++)
			on[i] = true;
	} else if (spec && !strcmp(spec, "none")) {
		rp->none = true;
	} else if (spec) {
		copy = xstrdup(spec + (*spec == '+'));
		if (!*copy)
			field_by_name_or_die(copy);
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			on[field_by_name_or_die(tok)] = true;
		free(copy);
	}
	for (int i = 0; i < F_FUNC; i++)
		if (on[i])
			rp->cols[rp->ncols++] = (enum field)i;
}

static void parse_keys(struct report *rp, const char *spec)
{
	char *copy, *save = NULL;

	rp->nkeys = 0;
	if (!spec) {
		rp->keys[rp->nkeys++] = F_TOTAL;
		return;
	}
	copy = xstrdup(spec);
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int f = field_by_name(tok);

		if (f < 0)
			die("invalid sort key '%s' (total, self, call, func, avg, min, max, or a "
			    "-f field)",
			    tok);
		if (rp->nkeys < MAX_KEYS)
			rp->keys[rp->nkeys++] = (enum field)f;
	}
	free(copy);
	if (!rp->nkeys)
		die("invalid sort key '%s'", spec);
}

/* ---- values ---- */

static uint64_t row_value(const struct ca_row *r, enum field f, const struct ca_funcs *fn)
{
	switch (f) {
	case F_TOTAL: return r->total;
	case F_TAVG: return r->calls ? r->total_all / r->calls : 0;
	case F_TMIN: return r->calls ? r->tmin : 0;
	case F_TMAX: return r->tmax;
	case F_SELF: return r->self;
	case F_SAVG: return r->calls ? r->self / r->calls : 0;
	case F_SMIN: return r->calls ? r->smin : 0;
	case F_SMAX: return r->smax;
	case F_CALL: return r->calls;
	case F_SIZE: return ca_func(fn, r->fid)->size;
	case F_OFFCPU: return r->offcpu;
	case F_OSELF: return r->offcpu_self;
	default: return 0;
	}
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct ca_row *x = a, *y = b;
	const struct report *rp = arg;

	for (unsigned i = 0; i < rp->nkeys; i++) {
		int c;

		if (rp->keys[i] == F_FUNC) {
			c = strcmp(ca_func(rp->fn, x->fid)->name, ca_func(rp->fn, y->fid)->name);
		} else {
			uint64_t u = row_value(x, rp->keys[i], rp->fn),
				 v = row_value(y, rp->keys[i], rp->fn);

			c = u < v ? 1 : u > v ? -1 : 0; /* biggest first */
		}
		if (c)
			return c;
	}
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	return strcmp(ca_func(rp->fn, x->fid)->name, ca_func(rp->fn, y->fid)->name);
}

/* ---- output ---- */

static void put_csv_name(struct out *out, const char *s, size_t n)
{
	if (!strpbrk(s, ",\"\n")) {
		out_str(out, s, n);
		return;
	}
	out_str(out, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			out_str(out, "\"", 1); /* a quote inside a field is doubled */
		out_str(out, p, 1);
	}
	out_str(out, "\"", 1);
}

static void print_header(struct report *rp, struct out *out)
{
	if (rp->none && !rp->csv)
		return;
	if (rp->csv) {
		for (unsigned i = 0; i < rp->ncols; i++)
			out_printf(out, "%s,", fields[rp->cols[i]].csv);
		out_printf(out, "%sfunction\n", rp->threads ? "tid,task," : "");
		return;
	}
	for (unsigned i = 0; i < rp->ncols; i++)
		out_printf(out, "  %10s", fields[rp->cols[i]].title);
	out_printf(out, "%s  Function\n", rp->threads ? "       Tid  Task           " : "");
	for (unsigned i = 0; i < rp->ncols; i++)
		out_str(out, "  ==========", 12);
	out_printf(out, "%s  ====================\n",
		   rp->threads ? "  ========  ===============" : "");
}

static void print_row(struct report *rp, struct out *out, const struct ca_row *r)
{
	const struct ca_func *f = ca_func(rp->fn, r->fid);
	char *start = out_room(out, 16 * NFIELDS + 48), *p = start;
	const struct ca_thread_info *ti =
		r->thread != CA_NONE ? ca_tree_thread(rp->tree, r->thread) : NULL;
	uint32_t tid = ti ? ti->tid : 0;
	char buf[16];
	const char *task = ti ? task_log_thread_name(&rp->tasks, ti->pid, tid, buf) : NULL;
	bool hot = rp->hot && r->self >= rp->hot;

	if (hot)
		p = PUT_LIT(p, TERM_RED);
	for (unsigned i = 0; i < rp->ncols; i++) {
		enum field c = rp->cols[i];
		uint64_t v = row_value(r, c, rp->fn);

		if (rp->csv) {
			p = put_uint(p, v, 0);
			*p++ = ',';
		} else if (c == F_CALL || c == F_SIZE) {
			p = put_uint(p, v, 12);
		} else {
			*p++ = ' ';
			*p++ = ' ';
			p = put_duration(p, v);
		}
	}
	if (rp->threads)
		p = rp->csv ? put_uint(p, tid, 0) : put_uint(p, tid, 10);
	if (rp->csv && rp->threads)
		*p++ = ',';
	if (rp->threads)
		p += sprintf(p, rp->csv ? "%.15s," : "  %-15.15s", task ? task : "?");
	if (!rp->csv)
		*p++ = ' ', *p++ = ' ';
	out->len += (size_t)(p - start);
	if (rp->csv)
		put_csv_name(out, f->name, f->name_len);
	else
		out_str(out, f->name, f->name_len);
	if (hot)
		out_str(out, TERM_RESET, strlen(TERM_RESET));
	out_str(out, "\n", 1);
}

/* --color: the hot rows are those with a tenth or more of all the self time. */
static uint64_t hot_threshold(const struct report *rp, const struct ca_row *rows, uint32_t n)
{
	uint64_t all = 0;

	if (!rp->o->color || rp->csv)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		all += rows[i].self;
	return all / 10 ? all / 10 : 1;
}

/* ---- building ---- */

/* Rows of the whole trace, or with --threads one set per thread, concatenated. */
static uint32_t collect_rows(struct report *rp, struct ca_row **rows)
{
	uint32_t n = 0, nt = ca_tree_nthreads(rp->tree);
	struct ca_row *all = NULL;

	if (!rp->threads)
		return ca_rows(rp->tree, rp->fn, CA_ROOT, rows);
	for (uint32_t top = rp->tree->nodes[CA_ROOT].first; top != CA_NONE;
	     top = rp->tree->nodes[top].next) {
		struct ca_row *part;
		uint32_t k = ca_rows(rp->tree, rp->fn, top, &part),
			 th = rp->tree->nodes[top].key & ~CA_THREAD_KEY;

		all = xrealloc(all, (n + k + 1) * sizeof(*all));
		for (uint32_t i = 0; i < k; i++) {
			part[i].thread = th < nt ? th : CA_NONE;
			all[n++] = part[i];
		}
		free(part);
	}
	*rows = all ? all : xcalloc(1, sizeof(*all));
	return n;
}

static void unload(struct report *rp)
{
	ca_tree_free(rp->tree);
	ca_funcs_free(rp->fn);
	rp->tree = NULL;
	rp->fn = NULL;
}

static int load(struct report *rp, const char *dir, bool per_thread)
{
	struct opts o = *rp->o;
	struct trace_reader *r;
	int rc;

	o.dir = dir;
	r = opts_reader_open(&o, TR_FOLD_LEAF | TR_NO_MERGE);
	if (!r)
		return 1;
	rp->fn = ca_funcs_new(o.dir, o.demangle);
	rp->tree = ca_tree_new((per_thread ? CA_PER_THREAD : 0) | (rp->minmax ? CA_MINMAX : 0));
	ca_tree_set_jobs(rp->tree, o.jobs);
	rc = ca_tree_read(rp->tree, rp->fn, r);
	trace_reader_close(r);
	if (rc)
		unload(rp); /* callers only unload what loaded */
	return rc;
}

/* ---- --diff ---- */

struct drow {
	const char *name;
	const struct ca_row *base, *diff;
};

struct diffctx {
	struct report *base, *diff;
};

static int64_t delta(const struct drow *d, enum field f, const struct diffctx *c)
{
	uint64_t a = d->base ? row_value(d->base, f, c->base->fn) : 0;
	uint64_t b = d->diff ? row_value(d->diff, f, c->diff->fn) : 0;

	return (int64_t)(b - a);
}

static int cmp_drows(const void *a, const void *b, void *arg)
{
	const struct drow *x = a, *y = b;
	const struct diffctx *c = arg;

	for (unsigned i = 0; i < c->base->nkeys; i++) {
		enum field f = c->base->keys[i];
		int r;

		if (f == F_FUNC) {
			r = strcmp(x->name, y->name);
		} else {
			int64_t u = llabs(delta(x, f, c)), v = llabs(delta(y, f, c));

			r = u < v ? 1 : u > v ? -1 : 0;
		}
		if (r)
			return r;
	}
	return strcmp(x->name, y->name);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct drow *)a)->name, ((const struct drow *)b)->name);
}

/* Base and diff rows paired by function name (the addresses differ between builds). */
static size_t pair_rows(struct drow **out, const struct report *base, const struct ca_row *br,
			uint32_t nb, const struct report *diff, const struct ca_row *dr,
			uint32_t nd)
{
	struct drow *a = xcalloc((size_t)nb + 1, sizeof(*a)),
		    *b = xcalloc((size_t)nd + 1, sizeof(*b));
	struct drow *all = xcalloc((size_t)nb + nd + 1, sizeof(*all));
	size_t i = 0, j = 0, n = 0;

	for (uint32_t k = 0; k < nb; k++)
		a[k] = (struct drow){.name = ca_func(base->fn, br[k].fid)->name, .base = &br[k]};
	for (uint32_t k = 0; k < nd; k++)
		b[k] = (struct drow){.name = ca_func(diff->fn, dr[k].fid)->name, .diff = &dr[k]};
	qsort(a, nb, sizeof(*a), cmp_name);
	qsort(b, nd, sizeof(*b), cmp_name);
	while (i < nb || j < nd) {
		int c = i == nb ? 1 : j == nd ? -1 : strcmp(a[i].name, b[j].name);

		if (c == 0) { /* no i++ inside the initialiser: its expressions are not sequenced */
			all[n++] = (struct drow){
				.name = a[i].name, .base = a[i].base, .diff = b[j].diff};
			i++;
			j++;
		} else {
			all[n++] = c < 0 ? a[i++] : b[j++];
		}
	}
	free(a);
	free(b);
	*out = all;
	return n;
}

static char *put_percent(char *p, const struct drow *d, enum field f, const struct diffctx *c)
{
	uint64_t a = d->base ? row_value(d->base, f, c->base->fn) : 0;
	char tmp[32];
	int n;

	if (!a)
		n = snprintf(tmp, sizeof(tmp), "%s", delta(d, f, c) ? "new" : "+0.00%");
	else
		n = snprintf(tmp, sizeof(tmp), "%+.2f%%",
			     (double)delta(d, f, c) * 100.0 / (double)a);
	for (int i = n; i < 10; i++)
		*p++ = ' ';
	memcpy(p, tmp, (size_t)n);
	return p + n;
}

static void print_diff_row(struct out *out, const struct drow *d, const struct diffctx *c, bool csv)
{
	static const enum field cols[] = {F_TOTAL, F_SELF, F_CALL};
	char *start = out_room(out, 256), *p = start;

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		enum field f = cols[i];
		uint64_t a = d->base ? row_value(d->base, f, c->base->fn) : 0;
		uint64_t b = d->diff ? row_value(d->diff, f, c->diff->fn) : 0;

		if (csv) {
			p += sprintf(p, "%llu,%llu,%lld,", (unsigned long long)a,
				     (unsigned long long)b, (long long)delta(d, f, c));
			if (f == F_CALL)
				continue;
			p = a ? p + sprintf(p, "%.2f,", (double)delta(d, f, c) * 100.0 / (double)a)
			      : p + sprintf(p, "%s,", b ? "new" : "0.00");
			continue;
		}
		*p++ = ' ';
		*p++ = ' ';
		if (f == F_CALL) {
			p += sprintf(p, "%+10lld", (long long)delta(d, f, c));
			continue;
		}
		p = put_sduration(p, delta(d, f, c), 12);
		*p++ = ' ';
		*p++ = ' ';
		p = put_percent(p, d, f, c);
	}
	out->len += (size_t)(p - start);
	if (csv) {
		put_csv_name(out, d->name, strlen(d->name));
	} else {
		out_str(out, "  ", 2);
		out_str(out, d->name, strlen(d->name));
	}
	out_str(out, "\n", 1);
}

static void print_diff_header(struct out *out, const struct report *rp, const char *base,
			      const char *diff)
{
	if (rp->csv) {
		out_printf(
			out,
			"total_base_ns,total_diff_ns,total_delta_ns,total_delta_pct,self_base_ns,"
			"self_diff_ns,self_delta_ns,self_delta_pct,calls_base,calls_diff,calls_"
			"delta,function\n");
		return;
	}
	out_printf(out,
		   "#\n# ftrace report --diff: the change from base to diff\n#  [0] base: %s\n#  "
		   "[1] diff: %s\n#\n",
		   base, diff);
	out_printf(out, "  %12s  %10s  %12s  %10s  %10s  Function\n", "Total time", "Total %",
		   "Self time", "Self %", "Calls");
	out_printf(out, "  ============  ==========  ============  ==========  ==========  "
			"====================\n");
}

static int report_diff(struct report *base, struct out *out)
{
	struct report diff = *base;
	struct ca_row *br, *dr;
	struct drow *rows;
	uint32_t nb, nd;
	size_t n;

	if (load(base, base->o->dir, false))
		return 1;
	if (load(&diff, base->o->diff_dir, false)) {
		unload(base);
		return 1;
	}
	nb = ca_rows(base->tree, base->fn, CA_ROOT, &br);
	nd = ca_rows(diff.tree, diff.fn, CA_ROOT, &dr);
	n = pair_rows(&rows, base, br, nb, &diff, dr, nd);
	qsort_r(rows, n, sizeof(*rows), cmp_drows, &(struct diffctx){base, &diff});
	print_diff_header(out, base, base->o->dir, base->o->diff_dir);
	for (size_t i = 0; i < n && !out->failed; i++)
		print_diff_row(out, &rows[i], &(struct diffctx){base, &diff}, base->csv);
	free(rows);
	free(br);
	free(dr);
	unload(&diff);
	unload(base);
	return 0;
}

static int report_one(struct report *rp, struct out *out)
{
	struct ca_row *rows;
	uint32_t n;

	if (load(rp, rp->o->dir, rp->threads))
		return 1;
	if (rp->threads && task_log_load(rp->o->dir, &rp->tasks) < 0)
		rp->tasks = (struct task_log){0}; /* names are a nicety: "?" will do */
	n = collect_rows(rp, &rows);
	qsort_r(rows, n, sizeof(*rows), cmp_rows, rp);
	rp->hot = hot_threshold(rp, rows, n);
	print_header(rp, out);
	for (uint32_t i = 0; i < n && !out->failed; i++)
		print_row(rp, out, &rows[i]);
	free(rows);
	unload(rp);
	task_log_free(&rp->tasks);
	return 0;
}

int cmd_report(struct opts *o)
{
	struct report rp = {.o = o, .threads = o->threads};
	struct out out;
	int rc;

	if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "normal"))
		die("invalid --format '%s' (normal or csv)", o->format);
	rp.csv = o->format && !strcmp(o->format, "csv");
	if (o->diff_dir && o->threads)
		die("--diff and --threads cannot be combined");
	parse_cols(&rp, o->output_fields);
	parse_keys(&rp, o->sort_keys);
	for (unsigned i = 0; i < rp.ncols; i++)
		rp.minmax |= rp.cols[i] == F_TMIN || rp.cols[i] == F_TMAX || rp.cols[i] == F_SMIN ||
			     rp.cols[i] == F_SMAX;
	for (unsigned i = 0; i < rp.nkeys; i++)
		rp.minmax |= rp.keys[i] == F_TMIN || rp.keys[i] == F_TMAX || rp.keys[i] == F_SMIN ||
			     rp.keys[i] == F_SMAX;
	signal(SIGPIPE, SIG_IGN);
	out_init(&out, STDOUT_FILENO);
	rc = o->diff_dir ? report_diff(&rp, &out) : report_one(&rp, &out);
	return out_close(&out) || rc;
}
