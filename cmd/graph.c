/* SPDX-License-Identifier: MIT */
/* ftrace graph: the calling-context tree of the run, the backtraces and callees of one function,
 * the task tree. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callstats.h"
#include "ftrace.h"
#include "tasks.h"
#include "trace_format.h"
#include "trace_reader.h"

/*
 * The layout is uftrace's graph: a total-time column, " : ", then the tree drawn with "+-" for a
 * node among several siblings, a bare "(count) name" under a parent with a single child (so a long
 * chain stays in one column), and a "|" spacer line after each sibling that is not the last.
 */

/* -f: uftrace's graph columns, in this order whatever the order asked */
enum gfield { GF_TOTAL, GF_SELF, GF_ADDR, GF_COUNT };

static const struct {
	const char *name, *title; /* title: as wide as the column */
	int width;
} gfield_defs[GF_COUNT] = {
	[GF_TOTAL] = {"total", "  TOTAL TIME", 12},
	[GF_SELF] = {"self", "   SELF TIME", 12},
	[GF_ADDR] = {"addr", "     ADDRESS  ", 14},
};

struct graph {
	const struct opts *o;
	bool on[GF_COUNT]; /* -f */
	bool none;	   /* -f none: the tree alone */
	struct ca_funcs *fn;
	struct ca_tree *tree;
	struct out *out;
	char *ind; /* the indentation of the children of each open node, as a prefix string */
	size_t ind_cap;
};

/* ---- drawing ---- */

struct gframe {
	uint32_t node, next; /* next: the child to print next */
	uint32_t ind_len;    /* this node's children are indented by ind[0..ind_len) */
	bool spacer;	     /* print a "|" line after this node's subtree */
};

static void ind_reserve(struct graph *g, size_t n)
{
	if (n <= g->ind_cap)
		return;
	g->ind_cap = n * 2;
	g->ind = xrealloc(g->ind, g->ind_cap);
}

/* The columns of a node: blank for the root (a program, not a function) */
static char *put_columns(const struct graph *g, char *p, const struct ca_tree *t, uint32_t node)
{
	const struct ca_node *n = &t->nodes[node];
	bool func = node != CA_ROOT && !(n->key & CA_THREAD_KEY);

	if (g->on[GF_TOTAL])
		p = put_duration(PUT_LIT(p, "  "), n->total);
	if (g->on[GF_SELF])
		p = func ? put_duration(PUT_LIT(p, "  "), n->self) : PUT_LIT(p, "            ");
	if (g->on[GF_ADDR]) {
		p = PUT_LIT(p, "  ");
		p = func ? put_hex(p, ca_func(g->fn, n->key)->at.addr, 12)
			 : PUT_LIT(p, "            ");
	}
	return g->none ? p : PUT_LIT(p, " : ");
}

static void put_line(struct graph *g, const struct ca_tree *t, uint32_t node, const char *pre,
		     size_t pre_len, const char *name)
{
	char *start = out_room(g->out, 64), *p = put_columns(g, start, t, node);

	g->out->len += (size_t)(p - start);
	out_str(g->out, pre, pre_len);
	out_printf(g->out, "(%llu) %s", (unsigned long long)t->nodes[node].calls, name);
	if (t->nodes[node].offcpu) { /* context switches were recorded: the time switched out */
		char d[32], *e = put_duration(d, t->nodes[node].offcpu), *b = d;

		while (*b == ' ')
			b++;
		out_printf(g->out, " [off-CPU %.*s]", (int)(e - b), b);
	}
	out_str(g->out, "\n", 1);
}

/* The columns' titles (and none with -f none), then the tree's */
static void put_header(struct graph *g)
{
	char line[128];
	size_t len = 0;

	if (g->none)
		return;
	for (int i = 0; i < GF_COUNT; i++)
		if (g->on[i])
			len += (size_t)sprintf(line + len, "%s", gfield_defs[i].title);
	len += (size_t)sprintf(line + len, "   FUNCTION\n");
	line[0] = '#';
	out_str(g->out, line, len);
}

/* -f: "total,self", "+addr" (added to total), "none" */
static void parse_gfields(struct graph *g, const char *spec)
{
	char *copy, *save = NULL, *tok;
	int i;

	g->on[GF_TOTAL] = true;
	if (!spec)
		return;
	if (!strcmp(spec, "none")) {
		g->on[GF_TOTAL] = false;
		g->none = true;
		return;
	}
	if (*spec == '+')
		spec++;
	else
		g->on[GF_TOTAL] = false;
	copy = xstrdup(spec);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < GF_COUNT && strcmp(tok, gfield_defs[i].name); i++)
			;
		if (i == GF_COUNT)
			break;
		g->on[i] = true;
	}
	if (tok || !(g->on[GF_TOTAL] || g->on[GF_SELF] || g->on[GF_ADDR]))
		die("invalid graph output field '%s' (total, self, addr; 'none' alone; '+' before "
		    "the list adds to total)",
		    tok ? tok : spec);
	free(copy);
}

static const char *node_name(const struct graph *g, const struct ca_tree *t, uint32_t node)
{
	uint32_t key = t->nodes[node].key;

	return key & CA_THREAD_KEY ? "(thread)" : ca_func(g->fn, key)->name;
}

static void put_spacer(struct graph *g, size_t ind_len)
{
	for (int i = 0; i < GF_COUNT; i++)
		if (g->on[i])
			out_str(g->out, "                ", (size_t)gfield_defs[i].width);
	if (!g->none)
		out_str(g->out, " : ", 3);
	out_str(g->out, g->ind, ind_len);
	out_str(g->out, "| \n", 3);
}

static bool single_child(const struct ca_tree *t, uint32_t node)
{
	uint32_t f = t->nodes[node].first;

	return f != CA_NONE && t->nodes[f].next == CA_NONE;
}

/* Prints top as "(count) top_name", then everything below it. Iterative: recursion can be deep. */
static void draw_tree(struct graph *g, const struct ca_tree *t, uint32_t top, const char *top_name)
{
	struct gframe *st = xmalloc(64 * sizeof(*st));
	uint32_t n = 0, cap = 64;

	put_line(g, t, top, "", 0, top_name);
	ind_reserve(g, 16);
	g->ind[0] = ' ';
	st[n++] = (struct gframe){.node = top, .next = t->nodes[top].first, .ind_len = 1};
	while (n && !g->out->failed) {
		struct gframe *f = &st[n - 1];
		uint32_t c = f->next, len = f->ind_len;

		if (c == CA_NONE) {
			bool spacer = f->spacer;

			n--;
			if (spacer && n)
				put_spacer(g, st[n - 1].ind_len);
			continue;
		}
		f->next = t->nodes[c].next;
		if (n == cap) {
			st = xrealloc(st, (cap *= 2) * sizeof(*st));
			f = &st[n - 1]; /* it moved */
		}
		if (single_child(t, f->node)) {
			/* under a lone child's parent: same column, no "+-" */
			put_line(g, t, c, g->ind, len - 1, node_name(g, t, c));
			st[n++] = (struct gframe){
				.node = c, .next = t->nodes[c].first, .ind_len = len};
			continue;
		}
		ind_reserve(g, len + 8);
		memcpy(g->ind + len, "+-", 2);
		put_line(g, t, c, g->ind, len + 2, node_name(g, t, c));
		memcpy(g->ind + len, t->nodes[c].next != CA_NONE ? "|  " : "   ", 3);
		st[n++] = (struct gframe){.node = c,
					  .next = t->nodes[c].first,
					  .ind_len = len + 3,
					  .spacer = t->nodes[c].next != CA_NONE};
	}
	free(st);
}

/* ---- the whole run ---- */

static void graph_all(struct graph *g, const char *prog)
{
	g->tree->nodes[CA_ROOT].calls = 1;
	g->tree->nodes[CA_ROOT].total = ca_tree_top_total(g->tree);
	out_printf(g->out,
		   "# Function Call Graph for '%s'\n========== FUNCTION CALL GRAPH ==========\n",
		   prog);
	put_header(g);
	draw_tree(g, g->tree, CA_ROOT, prog);
	out_str(g->out, "\n", 1); /* uftrace ends the graph with an empty line */
}

/* ---- one function ---- */

static bool is_target(const struct graph *g, uint32_t key, const char *name)
{
	return !(key & CA_THREAD_KEY) && !strcmp(ca_func(g->fn, key)->name, name);
}

static void print_backtrace(struct graph *g, uint32_t node, unsigned index)
{
	const struct ca_tree *t = g->tree;
	uint32_t depth = t->nodes[node].depth, *path = xmalloc((depth + 1) * sizeof(*path)),
		 k = depth + 1;

	for (uint32_t a = node; a != CA_ROOT; a = t->nodes[a].parent)
		path[--k] = a;
	out_printf(g->out, " backtrace #%u: hit %llu, time ", index,
		   (unsigned long long)t->nodes[node].calls);
	{
		char *s = out_room(g->out, 16), *p = put_duration(s, t->nodes[node].total);

		*p++ = '\n';
		g->out->len += (size_t)(p - s);
	}
	for (uint32_t i = 0; i <= depth; i++) {
		uint32_t key = t->nodes[path[i]].key;

		out_printf(g->out, "   [%u] %s", i, node_name(g, t, path[i]));
		if (!(key & CA_THREAD_KEY)) /* the function's address, as uftrace shows it */
			out_printf(g->out, " (%#llx)",
				   (unsigned long long)ca_func(g->fn, key)->at.addr);
		out_str(g->out, "\n", 1);
	}
	out_str(g->out, "\n", 1);
	free(path);
}

/* Outermost occurrences of name: one per distinct call path reaching it. */
static uint32_t find_targets(struct graph *g, const char *name, uint32_t **out)
{
	const struct ca_tree *t = g->tree;
	uint32_t n = 0, *v = NULL;

	for (uint32_t i = 1; i < t->nnodes; i++) {
		if (!is_target(g, t->nodes[i].key, name) || t->nodes[i].recursive)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = i;
	}
	*out = v;
	return n;
}

static int graph_func(struct graph *g, const char *name)
{
	uint32_t *targets, n = find_targets(g, name, &targets);
	struct ca_tree *below;
	uint32_t top = CA_NONE;

	if (!n) {
		free(targets);
		return error("no calls to '%s' in '%s'", name, g->o->dir);
	}
	qsort_r(targets, n, sizeof(*targets), ca_node_cmp_hits, g->tree);
	out_printf(g->out,
		   "# Function Call Graph for '%s'\n=============== BACKTRACE ===============\n",
		   name);
	for (uint32_t i = 0; i < n && !g->out->failed; i++)
		print_backtrace(g, targets[i], i);
	/* the calls below every occurrence, merged into one tree */
	below = ca_tree_new(0);
	for (uint32_t i = 0; i < n; i++) {
		top = ca_tree_child(below, CA_ROOT, g->tree->nodes[targets[i]].key);
		ca_node_merge(&below->nodes[top], &g->tree->nodes[targets[i]]);
		ca_tree_merge_below(below, top, g->tree, targets[i]);
	}
	out_printf(g->out, "========== FUNCTION CALL GRAPH ==========\n");
	put_header(g);
	for (top = below->nodes[CA_ROOT].first; top != CA_NONE; top = below->nodes[top].next)
		draw_tree(g, below, top, name);
	out_str(g->out, "\n", 1);
	ca_tree_free(below);
	free(targets);
	return 0;
}

/* ---- --task: processes and threads ---- */

static const struct ca_thread_info *thread_info(const struct ca_tree *t, uint32_t tid)
{
	for (uint32_t i = 0; i < ca_tree_nthreads(t); i++)
		if (ca_tree_thread(t, i)->tid == tid)
			return ca_tree_thread(t, i);
	return NULL;
}

static void task_row(struct graph *g, uint32_t tid, int depth, const char *label)
{
	const struct ca_thread_info *ti = thread_info(g->tree, tid);
	char *s = out_room(g->out, 32), *p = s;

	*p++ = ' ';
	*p++ = ' ';
	if (ti) {
		p = put_duration(p, ti->last_ns - ti->first_ns);
	} else {
		memset(p, ' ', 10); /* no records from this thread */
		p += 10;
	}
	g->out->len += (size_t)(p - s);
	out_printf(g->out, "  [%6u] : %*s%s%s\n", tid, depth ? 3 * depth - 2 : 0, "",
		   depth ? "+-" : "", label);
}

/* A process, its threads (the time column: first to last record), then the processes it forked. */
static void task_draw(struct graph *g, const struct task_log *log, const struct task *t, int depth)
{
	char label[512], end[64] = "", buf[16];
	const char *name = task_log_given_name(log, t->pid, t->pid);

	if (t->signo)
		snprintf(end, sizeof(end), ", killed by SIG%s", sigabbrev_np(t->signo) ?: "?");
	else if (t->exit_code >= 0)
		snprintf(end, sizeof(end), ", exit %d", t->exit_code);
	snprintf(label, sizeof(label), "%s (pid %u%s%s%s%s)", t->images ? t->images : "?", t->pid,
		 t->forked ? ", forked" : "", end, name ? ", named " : "", name ? name : "");
	task_row(g, t->pid, depth, label);
	if (depth > 64)
		return; /* a cycle in a corrupt task file */
	for (unsigned k = 0; k < t->ntids; k++) {
		if (t->tids[k] == t->pid)
			continue;
		name = task_log_thread_name(log, t->pid, t->tids[k], buf);
		snprintf(label, sizeof(label), "%s", name ? name : "?");
		task_row(g, t->tids[k], depth + 1, label);
	}
	for (unsigned k = 0; k < log->n; k++)
		if (log->v[k].ppid == t->pid && &log->v[k] != t)
			task_draw(g, log, &log->v[k], depth + 1);
}

static int graph_tasks(struct graph *g)
{
	struct task_log log;
	char path[4200];

	if (task_log_load(g->o->dir, &log) < 0) {
		snprintf(path, sizeof(path), "%s/%s", g->o->dir, FT_TASK_FILE);
		return error("cannot open '%s': %m", path);
	}
	out_printf(g->out, "========== TASK GRAPH ==========\n# TOTAL TIME      TID   TASK NAME\n");
	for (unsigned i = 0; i < log.n; i++)
		if (!task_log_find(&log, log.v[i].ppid))
			task_draw(g, &log, &log.v[i], 0);
	task_log_free(&log);
	return 0;
}

int cmd_graph(struct opts *o)
{
	struct graph g = {.o = o};
	struct trace_reader *r = opts_reader_open(o, TR_FOLD_LEAF | TR_NO_MERGE);
	struct out out;
	int rc;

	if (!r)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	out_init(&out, STDOUT_FILENO);
	g.out = &out;
	parse_gfields(&g, o->output_fields);
	g.fn = ca_funcs_new(o->dir, o->demangle);
	g.tree = ca_tree_new(0);
	ca_tree_set_jobs(g.tree, o->jobs);
	rc = ca_tree_read(g.tree, g.fn, r);
	if (!rc && o->task)
		rc = graph_tasks(&g);
	else if (!rc && o->argc > 0)
		rc = graph_func(&g, o->argv[0]) ? 1 : 0;
	else if (!rc)
		graph_all(&g, ca_program_name(r));
	free(g.ind);
	ca_tree_free(g.tree);
	ca_funcs_free(g.fn);
	trace_reader_close(r);
	return out_close(&out) || rc;
}
