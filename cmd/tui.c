/* SPDX-License-Identifier: MIT */
/* ftrace tui: a full-screen browser of the calling-context tree, the flat profile, the tasks and
 * the facts of a trace (views G, R, S, I), over the aggregates graph and report print. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "callstats.h"
#include "ftrace.h"
#include "tasks.h"
#include "treeview.h"
#include "tui_screen.h"

/*
 * The trace is read once, into a calling-context tree with one subtree per thread (callstats.c,
 * streaming: memory grows with the distinct call paths, not with the records). A scope is what
 * the tree and report views show: the whole run (the threads' subtrees merged, as `ftrace graph`
 * shows it), one process (its threads merged) or one thread (its subtree as it is). Merging costs
 * time in the number of nodes, never a second read.
 */

enum view { V_GRAPH, V_REPORT, V_INFO, V_TASKS, V_CALLERS, V_HELP, NVIEWS };

/* a scrollable list of lines (info, tasks, callers, help); target: what Enter goes to */
struct list {
	char **text;
	uint32_t *target;
	uint32_t n, cap;
};

/* where the cursor of a view is, and the first row on screen */
struct place {
	uint32_t cur, first;
};

#define TASK_ALL     0u
#define TASK_PROCESS 0x80000000u /* | pid; else 1 + the thread's index in the tree */

struct scope {
	struct ca_tree *t; /* the merged tree (owned), or the per-thread tree */
	uint32_t top;
	bool owned;
	char label[160]; /* in the title bar: "all tasks", "pid 12 prog", "tid 13 name (pid 12)" */
	char name[160];	 /* of the top row: the program, the process, the thread */
};

enum sort_key { SORT_TOTAL, SORT_SELF, SORT_CALLS, SORT_NAME, NSORTS };

struct tui {
	struct opts *o;
	struct ca_funcs *fn;
	struct ca_tree *per; /* one subtree per thread, read once */
	struct task_log log;
	bool have_log;
	char prog[256];
	struct scope sc;
	uint32_t task; /* what sc shows: TASK_ALL, TASK_PROCESS | pid, 1 + a thread's index */
	struct treeview tv;
	struct ca_row *rows;
	uint32_t nrows;
	enum sort_key sort;
	struct list lists[NVIEWS]; /* of the list views */
	struct place at[NVIEWS];
	enum view view, back; /* back: where ? returns to */
	/* the search: names holding pat, or the outermost places of one function */
	char pat[128];
	uint8_t *fmatch; /* per function id */
	bool outermost;
	char msg[256];
};

static const char *const view_names[NVIEWS] = {"G tree",  "R report", "I info",
					       "S tasks", "callers",  "help"};

/* ---- lists ---- */

static void list_add(struct list *l, uint32_t target, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void list_add(struct list *l, uint32_t target, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->text = xrealloc(l->text, l->cap * sizeof(*l->text));
		l->target = xrealloc(l->target, l->cap * sizeof(*l->target));
	}
	l->text[l->n] = s;
	l->target[l->n++] = target;
}

static void list_clear(struct list *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		free(l->text[i]);
	l->n = 0;
}

static void list_free(struct list *l)
{
	list_clear(l);
	free(l->text);
	free(l->target);
}

/* ---- names ---- */

/* "tid 13 worker (pid 12)", "pid 12 prog" for a process's main thread */
static void thread_label(const struct tui *u, uint32_t i, char *buf, size_t size)
{
	const struct ca_thread_info *ti = ca_tree_thread(u->per, i);
	const struct task *task = u->have_log ? task_log_find(&u->log, ti->pid) : NULL;
	const char *name = NULL;
	char nb[16];

	if (u->have_log)
		name = task_log_thread_name(&u->log, ti->pid, ti->tid, nb);
	if (ti->tid == ti->pid)
		snprintf(buf, size, "pid %u %.120s", ti->pid,
			 task && task->images ? task->images
			 : name		      ? name
					      : u->prog);
	else
		snprintf(buf, size, "tid %u %s (pid %u)", ti->tid, name ? name : "?", ti->pid);
}

static const char *node_name(const struct tui *u, uint32_t node, char *buf, size_t size)
{
	uint32_t key = u->sc.t->nodes[node].key;

	if (node == u->sc.top)
		return u->sc.name;
	if (key & CA_THREAD_KEY) {
		thread_label(u, key & ~CA_THREAD_KEY, buf, size);
		return buf;
	}
	return ca_func(u->fn, key)->name;
}

/* ---- scopes ---- */

static void scope_free(struct scope *sc)
{
	if (sc->owned)
		ca_tree_free(sc->t);
	*sc = (struct scope){0};
}

/* The threads of pid (every thread when pid is 0) merged into one tree, as graph shows the run. */
static struct ca_tree *merge_threads(const struct tui *u, uint32_t pid)
{
	struct ca_tree *m = ca_tree_new(0);

	for (uint32_t c = u->per->nodes[CA_ROOT].first; c != CA_NONE; c = u->per->nodes[c].next) {
		uint32_t i = u->per->nodes[c].key & ~CA_THREAD_KEY;

		if (!pid || ca_tree_thread(u->per, i)->pid == pid)
			ca_tree_merge_below(m, CA_ROOT, u->per, c);
	}
	m->nodes[CA_ROOT].calls = 1;
	m->nodes[CA_ROOT].total = ca_tree_top_total(m);
	return m;
}

static void report_rows(struct tui *u);

/* Shows task (TASK_ALL, TASK_PROCESS | pid, 1 + thread index) in the tree and report views. */
/* The subtree of pid's threads (every thread when pid is 0) when there is one: it is their merge
 * already, without a copy; CA_NONE when there are several or none. */
static uint32_t only_thread(const struct tui *u, uint32_t pid)
{
	uint32_t found = CA_NONE, n = 0;

	for (uint32_t c = u->per->nodes[CA_ROOT].first; c != CA_NONE; c = u->per->nodes[c].next) {
		uint32_t i = u->per->nodes[c].key & ~CA_THREAD_KEY;

		if (!pid || ca_tree_thread(u->per, i)->pid == pid) {
			found = c;
			n++;
		}
	}
	return n == 1 ? found : CA_NONE;
}

static uint32_t thread_node(const struct tui *u, uint32_t i)
{
	for (uint32_t c = u->per->nodes[CA_ROOT].first; c != CA_NONE; c = u->per->nodes[c].next)
		if (u->per->nodes[c].key == (CA_THREAD_KEY | i))
			return c;
	return CA_ROOT;
}

/* Shows task (TASK_ALL, TASK_PROCESS | pid, 1 + thread index) in the tree and report views. */
static void scope_set(struct tui *u, uint32_t task)
{
	uint32_t pid = task & TASK_PROCESS ? task & ~TASK_PROCESS : 0, one;
	const struct task *t = u->have_log && pid ? task_log_find(&u->log, pid) : NULL;

	scope_free(&u->sc);
	treeview_free(&u->tv);
	u->task = task;
	if (task == TASK_ALL || pid) {
		one = only_thread(u, pid);
		u->sc = one != CA_NONE ? (struct scope){.t = u->per, .top = one}
				       : (struct scope){.t = merge_threads(u, pid),
							.top = CA_ROOT,
							.owned = true};
		if (pid)
			snprintf(u->sc.label, sizeof(u->sc.label), "pid %u %.120s", pid,
				 t && t->images ? t->images : u->prog);
		else
			snprintf(u->sc.label, sizeof(u->sc.label), "all tasks");
	} else {
		u->sc = (struct scope){.t = u->per, .top = thread_node(u, task - 1)};
		thread_label(u, task - 1, u->sc.label, sizeof(u->sc.label));
	}
	snprintf(u->sc.name, sizeof(u->sc.name), "%.150s",
		 task == TASK_ALL ? u->prog : u->sc.label);
	treeview_init(&u->tv, u->sc.t, u->sc.top);
	treeview_open_heaviest(&u->tv);
	u->at[V_GRAPH] = (struct place){0};
	u->at[V_REPORT] = (struct place){0};
	report_rows(u);
}

/* A thread's node counts nothing itself: it takes its calls' total, as the run's root does. */
static void thread_totals(struct ca_tree *t)
{
	for (uint32_t c = t->nodes[CA_ROOT].first; c != CA_NONE; c = t->nodes[c].next) {
		t->nodes[c].calls = 1;
		t->nodes[c].total = 0;
		for (uint32_t k = t->nodes[c].first; k != CA_NONE; k = t->nodes[k].next)
			t->nodes[c].total += t->nodes[k].total;
	}
}

/* ---- the report ---- */

static enum sort_key sort_by;
static const struct ca_funcs *sort_fn;

static int cmp_rows(const void *a, const void *b)
{
	const struct ca_row *x = a, *y = b;
	uint64_t vx = 0, vy = 0;

	switch (sort_by) {
	case SORT_TOTAL: vx = x->total, vy = y->total; break;
	case SORT_SELF: vx = x->self, vy = y->self; break;
	case SORT_CALLS: vx = x->calls, vy = y->calls; break;
	case SORT_NAME:
	case NSORTS: return strcmp(ca_func(sort_fn, x->fid)->name, ca_func(sort_fn, y->fid)->name);
	}
	if (vx != vy)
		return vx < vy ? 1 : -1;
	return strcmp(ca_func(sort_fn, x->fid)->name, ca_func(sort_fn, y->fid)->name);
}

static void report_sort(struct tui *u)
{
	sort_by = u->sort;
	sort_fn = u->fn;
	qsort(u->rows, u->nrows, sizeof(*u->rows), cmp_rows);
}

static void report_rows(struct tui *u)
{
	free(u->rows);
	u->nrows = ca_rows(u->sc.t, u->fn, u->sc.top, &u->rows);
	report_sort(u);
}

/* ---- search ---- */

static bool node_matches(void *arg, uint32_t node)
{
	const struct tui *u = arg;
	const struct ca_node *n = &u->sc.t->nodes[node];

	return node != u->sc.top && !(n->key & CA_THREAD_KEY) && u->fmatch[n->key] &&
	       !(u->outermost && n->recursive);
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

/* Functions whose name holds pat (any case when pat is all lowercase). */
static void search_names(struct tui *u, const char *pat)
{
	bool icase = !has_upper(pat);
	uint32_t nf = ca_nfuncs(u->fn);

	snprintf(u->pat, sizeof(u->pat), "%s", pat);
	free(u->fmatch);
	u->fmatch = xcalloc(nf + 1, 1);
	for (uint32_t f = 0; f < nf; f++) {
		const char *name = ca_func(u->fn, f)->name;

		u->fmatch[f] = icase ? strcasestr(name, pat) != NULL : strstr(name, pat) != NULL;
	}
	u->outermost = false;
}

/* The places of one function: its outermost calls on each path (graph FUNC's backtraces). */
static void search_function(struct tui *u, uint32_t fid)
{
	snprintf(u->pat, sizeof(u->pat), "%s", ca_func(u->fn, fid)->name);
	free(u->fmatch);
	u->fmatch = xcalloc(ca_nfuncs(u->fn) + 1, 1);
	u->fmatch[fid] = 1;
	u->outermost = true;
}

static uint32_t body_rows(void)
{
	int n = screen_rows() - 3; /* title, column heads, status */

	return n > 0 ? (uint32_t)n : 1;
}

/* Moves the cursor of view v to row, scrolling so that it is on screen (a third from the top
 * when it has to scroll). */
static void place_to(struct place *p, uint32_t row)
{
	uint32_t h = body_rows();

	p->cur = row;
	if (row < p->first || row >= p->first + h)
		p->first = row > h / 3 ? row - h / 3 : 0;
}

/* Tree view: the next (dir 1) or previous (-1) node that matches, opened and selected. */
static void graph_next(struct tui *u, int dir)
{
	struct treeview *v = &u->tv;
	uint32_t from = v->rows[u->at[V_GRAPH].cur], node, at, count;

	if (!u->fmatch) {
		snprintf(u->msg, sizeof(u->msg), "no search yet: / to search");
		return;
	}
	node = treeview_find(v, from, dir, node_matches, u);
	if (node == CA_NONE) {
		snprintf(u->msg, sizeof(u->msg), "%.100s: not found in %.100s", u->pat,
			 u->sc.label);
		return;
	}
	treeview_reveal(v, node);
	place_to(&u->at[V_GRAPH], treeview_row_of(v, node));
	count = treeview_count(v, node_matches, u, node, &at);
	snprintf(u->msg, sizeof(u->msg), "%s: %s %u of %u (n next, N previous)", u->pat,
		 u->outermost ? "place" : "match", at + 1, count);
}

/* Report view: the next or previous row whose function matches. */
static void report_next(struct tui *u, int dir)
{
	uint32_t n = u->nrows, i = u->at[V_REPORT].cur;

	if (!u->fmatch || !n)
		return;
	for (uint32_t k = 0; k < n; k++) {
		i = dir > 0 ? (i + 1) % n : (i + n - 1) % n;
		if (u->fmatch[u->rows[i].fid]) {
			place_to(&u->at[V_REPORT], i);
			snprintf(u->msg, sizeof(u->msg), "%s: %s", u->pat,
				 ca_func(u->fn, u->rows[i].fid)->name);
			return;
		}
	}
	snprintf(u->msg, sizeof(u->msg), "%s: not found", u->pat);
}

static void search_prompt(struct tui *u)
{
	char pat[128];

	if (!screen_prompt("/", pat, sizeof(pat)) || !*pat)
		return;
	search_names(u, pat);
	if (u->view == V_REPORT)
		report_next(u, 1);
	else {
		u->view = V_GRAPH;
		graph_next(u, 1);
	}
}

/* ---- the list views ---- */

static void help_lines(struct list *l)
{
	static const char *const lines[] = {
		"views",
		"  G          the calling-context tree (the heaviest path open at start)",
		"  R          the report: total, self time and calls per function",
		"  S          the tasks: pick the whole run, a process or a thread",
		"  I          what was recorded (ftrace info)",
		"  ?          this help; q or Esc goes back",
		"  q          in the tree: quit; in another view: back to the tree",
		"  Q          quit from any view",
		"moving",
		"  j k, arrows          one row    PgUp PgDn, space   one page",
		"  Home End             first and last row",
		"tree",
		"  Enter      fold or unfold the node",
		"  h l, left right      fold (or up to the parent), unfold (or down to a child)",
		"  c e        collapse all, expand all",
		"  b          the callers of the function: its backtraces (Enter goes there)",
		"report",
		"  s          sort by the next column (total, self, calls, name)",
		"  Enter      the function's places in the tree (n N for the others)",
		"  b          the function's backtraces",
		"search",
		"  /TEXT      functions whose name holds TEXT (any case when TEXT is lowercase)",
		"  n N        next, previous match",
	};

	list_clear(l);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		list_add(l, CA_NONE, "%s", lines[i]);
}

static void task_lines(struct tui *u)
{
	struct list *l = &u->lists[V_TASKS];
	uint32_t n = ca_tree_nthreads(u->per), *pids = xmalloc((n + 1) * sizeof(*pids)), np = 0;
	char label[256];

	list_clear(l);
	list_add(l, TASK_ALL, "all tasks: %s (%u thread%s)", u->prog, n, n == 1 ? "" : "s");
	for (uint32_t i = 0; i < n; i++) { /* the processes in order of their first record */
		uint32_t pid = ca_tree_thread(u->per, i)->pid, k = 0;

		while (k < np && pids[k] != pid)
			k++;
		if (k == np)
			pids[np++] = pid;
	}
	for (uint32_t k = 0; k < np; k++) {
		const struct task *t = u->have_log ? task_log_find(&u->log, pids[k]) : NULL;

		list_add(l, TASK_PROCESS | pids[k], "  process %u %s%s", pids[k],
			 t && t->images ? t->images : u->prog, t && t->forked ? " (forked)" : "");
		for (uint32_t i = 0; i < n; i++) {
			const struct ca_thread_info *ti = ca_tree_thread(u->per, i);
			const char *name;
			char d[16], nb[16], *e;

			if (ti->pid != pids[k])
				continue;
			name = u->have_log ? task_log_thread_name(&u->log, ti->pid, ti->tid, nb)
					   : NULL;
			snprintf(label, sizeof(label), "%u %.200s%s", ti->tid, name ? name : "?",
				 ti->tid == ti->pid ? " (main)" : "");
			e = put_duration(d, ti->last_ns - ti->first_ns);
			*e = '\0';
			list_add(l, 1 + i, "    thread %-36s %s  %llu records", label, d,
				 (unsigned long long)ti->records);
		}
	}
	free(pids);
}

/* What `ftrace info` prints, read once: it decodes every stream to count the records. */
static void info_lines(struct tui *u)
{
	struct list *l = &u->lists[V_INFO];
	int fd = memfd_create("ftrace-info", 0), out = dup(STDOUT_FILENO), err = dup(STDERR_FILENO);
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (l->n)
		return;
	if (fd < 0 || out < 0 || err < 0)
		die("cannot capture the info: %m");
	fflush(stdout);
	fflush(stderr);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO); /* its warnings are part of it, not drawn over the screen */
	cmd_info(u->o);
	fflush(stdout);
	fflush(stderr);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	close(out);
	close(err);
	lseek(fd, 0, SEEK_SET);
	f = fdopen(fd, "r");
	while (f && (n = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		list_add(l, CA_NONE, "%s", line);
	}
	free(line);
	if (f)
		fclose(f);
}

/* The backtraces of function fid in the scope, most hits first, as `ftrace graph FUNC` prints
 * them; Enter on a line goes to its node in the tree. */
static void caller_lines(struct tui *u, uint32_t fid)
{
	struct list *l = &u->lists[V_CALLERS];
	struct treeview *v = &u->tv;
	uint32_t *places = NULL, n = 0, node = CA_NONE;
	char d[16], buf[256], *e;

	search_function(u, fid);
	while ((node = treeview_find(v, node == CA_NONE ? v->top : node, 1, node_matches, u)) !=
		       CA_NONE &&
	       (!n || node != places[0])) {
		places = xrealloc(places, (n + 1) * sizeof(*places));
		places[n++] = node;
	}
	qsort_r(places, n, sizeof(*places), ca_node_cmp_hits, u->sc.t);
	list_clear(l);
	list_add(l, CA_NONE, "callers of %s in %s: %u backtrace%s", u->pat, u->sc.label, n,
		 n == 1 ? "" : "s");
	for (uint32_t i = 0; i < n; i++) {
		const struct ca_node *p = &u->sc.t->nodes[places[i]];
		uint32_t depth = treeview_depth(v, places[i]),
			 *path = xmalloc(depth * sizeof(*path));

		e = put_duration(d, p->total);
		*e = '\0';
		list_add(l, CA_NONE, "%s", "");
		list_add(l, places[i], "backtrace #%u: hit %llu, time %s", i,
			 (unsigned long long)p->calls, d);
		for (uint32_t a = places[i], k = depth; k > 0; a = u->sc.t->nodes[a].parent)
			path[--k] = a; /* from the top's child (depth 1) to the place */
		for (uint32_t k = 0; k < depth; k++)
			list_add(l, path[k], "  [%u] %s", k,
				 node_name(u, path[k], buf, sizeof(buf)));
		free(path);
	}
	free(places);
	u->at[V_CALLERS] = (struct place){0};
	u->view = V_CALLERS;
}

/* ---- drawing ---- */

static enum screen_attr time_attr(uint64_t ns)
{
	return ns >= 1000000000ull ? SA_HOT : ns >= 1000000 ? SA_WARM : SA_NORMAL;
}

/* total, self and calls columns: 34 characters from x */
static int put_counts(int y, int x, uint64_t total, uint64_t self, uint64_t calls)
{
	char buf[32], *e;

	e = put_duration(buf, total);
	*e = '\0';
	x = screen_put(y, x + 1, time_attr(total), buf, 10);
	e = put_duration(buf, self);
	*e = '\0';
	x = screen_put(y, x + 2, time_attr(self), buf, 10);
	snprintf(buf, sizeof(buf), "%9llu", (unsigned long long)calls);
	return screen_put(y, x + 1, SA_NORMAL, buf, 9) + 2;
}

/*
 * A name wider than the room left on its row: as much as fits, then a dim '>'. Returns the name
 * when it was cut (the status line then shows its end for the selected row), NULL when it fit.
 */
static const char *put_name(int y, int x, enum screen_attr attr, const char *name)
{
	int room = screen_cols() - x;

	if (room <= 0 || strlen(name) <= (size_t)room) {
		screen_put(y, x, attr, name, room);
		return NULL;
	}
	x = screen_put(y, x, attr, name, room - 1);
	screen_put(y, x, SA_DIM, ">", 1);
	return name;
}

/* buf (size bytes) holds a thread's label; returns the row's name when it was cut */
static const char *draw_graph_row(struct tui *u, int y, uint32_t node, char *buf, size_t size)
{
	const struct ca_node *n = &u->sc.t->nodes[node];
	int x = put_counts(y, 0, n->total, n->self, n->calls), w = screen_cols() - x;
	uint32_t depth = treeview_depth(&u->tv, node), room = w > 20 ? (uint32_t)(w - 20) / 2 : 0;
	char lead[32] = "";
	const char *mark = !treeview_has_children(&u->tv, node) ? "  "
			   : u->tv.open[node]			? "- "
								: "+ ";
	bool hit = u->fmatch && node_matches(u, node);

	if (depth > room) { /* deeper than the screen is wide: the depth in figures */
		int at = 2 * (int)room - snprintf(lead, sizeof(lead), "[%u] ", depth);

		x = screen_put(y, x + (at > 0 ? at : 0), SA_DIM, lead, w); /* ends at the mark */
	} else {
		x += 2 * (int)depth;
	}
	x = screen_put(y, x, SA_DIM, mark, 2);
	return put_name(y, x, hit ? SA_MATCH : SA_NORMAL, node_name(u, node, buf, size));
}

static const char *draw_report_row(struct tui *u, int y, uint32_t i)
{
	const struct ca_row *r = &u->rows[i];
	int x = put_counts(y, 0, r->total, r->self, r->calls);

	return put_name(y, x, u->fmatch && u->fmatch[r->fid] ? SA_MATCH : SA_NORMAL,
			ca_func(u->fn, r->fid)->name);
}

static uint32_t view_count(const struct tui *u, enum view v)
{
	return v == V_GRAPH ? u->tv.nrows : v == V_REPORT ? u->nrows : u->lists[v].n;
}

static void draw_heads(struct tui *u)
{
	static const char *const keys[NSORTS] = {"total", "self", "calls", "name"};
	char buf[128];

	if (u->view != V_GRAPH && u->view != V_REPORT)
		return;
	snprintf(buf, sizeof(buf), "  Total time   Self time      Calls  %s",
		 u->view == V_GRAPH ? "Function (Enter folds)" : "Function");
	screen_put(1, 0, SA_HEAD, buf, screen_cols());
	if (u->view == V_REPORT) {
		snprintf(buf, sizeof(buf), "sorted by %s (s)", keys[u->sort]);
		screen_put(1, screen_cols() - (int)strlen(buf) - 1, SA_HEAD, buf, screen_cols());
	}
}

/* The status line for a selected name that did not fit its row: its end, which the row hides. */
static void status_cut_name(char *buf, size_t size, const char *name)
{
	size_t len = strlen(name), room = screen_cols() > 2 ? (size_t)screen_cols() - 2 : 1;

	if (len <= room)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "<%s", name + len - room);
}

/* status: what the status line says when no message is pending ("": the view's keys) */
static void draw_bars(struct tui *u, const char *status)
{
	char buf[512];
	int cols = screen_cols(), rows = screen_rows();
	uint32_t n = view_count(u, u->view);

	snprintf(buf, sizeof(buf), " ftrace tui: %s | %s | %s", u->prog, view_names[u->view],
		 u->sc.label);
	screen_put(0, 0, SA_TITLE, buf, cols);
	screen_fill(0, 0, SA_TITLE);
	snprintf(buf, sizeof(buf), "row %u/%u  ? help ", n ? u->at[u->view].cur + 1 : 0, n);
	if ((int)strlen(buf) + 40 < cols)
		screen_put(0, cols - (int)strlen(buf), SA_TITLE, buf, cols);
	if (!u->msg[0] && !status[0])
		snprintf(u->msg, sizeof(u->msg), "%s",
			 u->view == V_GRAPH
				 ? "G tree R report S tasks I info / search b callers q quit"
			 : u->view == V_REPORT
				 ? "s sort Enter places in the tree b callers / search q back"
			 : u->view == V_TASKS
				 ? "Enter shows the task in the tree and report; q back"
			 : u->view == V_CALLERS ? "Enter goes to the node in the tree; q back"
						: "q back");
	screen_put(rows - 1, 0, SA_STATUS, u->msg[0] ? u->msg : status, cols);
	screen_fill(rows - 1, 0, SA_STATUS);
}

static void draw(struct tui *u)
{
	struct place *p = &u->at[u->view];
	uint32_t h = body_rows(), n = view_count(u, u->view);
	const char *cut;
	char buf[256], status[1024] = "";

	screen_erase();
	if (p->cur >= n)
		p->cur = n ? n - 1 : 0;
	if (p->cur < p->first || p->cur >= p->first + h)
		place_to(p, p->cur);
	draw_heads(u);
	for (uint32_t i = p->first; i < n && i < p->first + h; i++) {
		int y = 2 + (int)(i - p->first);

		if (u->view == V_GRAPH)
			cut = draw_graph_row(u, y, u->tv.rows[i], buf, sizeof(buf));
		else if (u->view == V_REPORT)
			cut = draw_report_row(u, y, i);
		else
			cut = put_name(y, 1, SA_NORMAL, u->lists[u->view].text[i]);
		if (i == p->cur) {
			screen_fill(y, 0, SA_CURSOR);
			if (cut)
				status_cut_name(status, sizeof(status), cut);
		}
	}
	draw_bars(u, status);
	screen_show();
}

/* ---- keys ---- */

static void move_by(struct tui *u, long d)
{
	struct place *p = &u->at[u->view];
	long n = (long)view_count(u, u->view), c = (long)p->cur + d;

	if (c >= n)
		c = n - 1;
	if (c < 0)
		c = 0;
	p->cur = (uint32_t)c;
	if (p->cur < p->first)
		p->first = p->cur;
	else if (p->cur >= p->first + body_rows())
		p->first = p->cur - body_rows() + 1;
}

/* Keeps the cursor on node after the rows changed. */
static void graph_refocus(struct tui *u, uint32_t node)
{
	uint32_t row = treeview_row_of(&u->tv, node);

	place_to(&u->at[V_GRAPH], row == CA_NONE ? 0 : row);
}

static void graph_fold(struct tui *u, int how) /* how: -1 fold, 1 unfold, 0 toggle */
{
	struct treeview *v = &u->tv;
	uint32_t node = v->rows[u->at[V_GRAPH].cur];
	bool kids = treeview_has_children(v, node);

	if (how < 0 && (!kids || !v->open[node] || node == v->top)) {
		if (node != v->top) /* h on a closed node: up to its parent */
			graph_refocus(u, u->sc.t->nodes[node].parent);
		return;
	}
	if (how > 0 && (!kids || v->open[node])) {
		if (kids)
			move_by(u, 1); /* l on an open node: into its first child */
		return;
	}
	if (node == v->top)
		return; /* the top stays open */
	v->open[node] = how ? how > 0 : !v->open[node];
	treeview_refresh(v);
	graph_refocus(u, node);
}

static uint32_t cursor_fid(const struct tui *u)
{
	uint32_t node, key;

	if (u->view == V_REPORT)
		return u->nrows ? u->rows[u->at[V_REPORT].cur].fid : CA_NONE;
	if (u->view != V_GRAPH)
		return CA_NONE;
	node = u->tv.rows[u->at[V_GRAPH].cur];
	key = u->sc.t->nodes[node].key;
	return node == u->sc.top || key & CA_THREAD_KEY ? CA_NONE : key;
}

static void goto_node(struct tui *u, uint32_t node)
{
	treeview_reveal(&u->tv, node);
	u->view = V_GRAPH;
	graph_refocus(u, node);
}

static void key_enter(struct tui *u)
{
	uint32_t cur = u->at[u->view].cur, t;

	switch (u->view) {
	case V_GRAPH: graph_fold(u, 0); break;
	case V_REPORT:
		if (!u->nrows)
			break;
		search_function(u, u->rows[cur].fid);
		u->view = V_GRAPH;
		u->at[V_GRAPH].cur = 0;
		graph_next(u, 1);
		break;
	case V_TASKS:
		if (cur < u->lists[V_TASKS].n) {
			scope_set(u, u->lists[V_TASKS].target[cur]);
			u->view = V_GRAPH;
		}
		break;
	case V_CALLERS:
		t = cur < u->lists[V_CALLERS].n ? u->lists[V_CALLERS].target[cur] : CA_NONE;
		if (t != CA_NONE)
			goto_node(u, t);
		break;
	default: break;
	}
}

static void show_view(struct tui *u, enum view v)
{
	if (v == V_INFO && !u->lists[V_INFO].n) {
		snprintf(u->msg, sizeof(u->msg), "reading %s for ftrace info...", u->o->dir);
		draw(u);
		u->msg[0] = '\0';
		info_lines(u);
	}
	if (v == V_TASKS) { /* the cursor on the task shown */
		task_lines(u);
		for (uint32_t i = 0; i < u->lists[V_TASKS].n; i++)
			if (u->lists[V_TASKS].target[i] == u->task)
				place_to(&u->at[V_TASKS], i);
	}
	if (v == V_HELP) {
		help_lines(&u->lists[V_HELP]);
		if (u->view != V_HELP)
			u->back = u->view;
	}
	u->view = v;
}

/* c and e in the tree: the cursor stays on its node when it is still shown, else on the top */
static void graph_open_all(struct tui *u, bool open)
{
	uint32_t node = u->tv.rows[u->at[V_GRAPH].cur];

	treeview_open_all(&u->tv, open);
	graph_refocus(u, open ? node : u->tv.top);
}

/* The keys that act on what a view shows: folding, sorting, searching, callers. */
static void key_view(struct tui *u, int k)
{
	bool tree = u->view == V_GRAPH, report = u->view == V_REPORT;
	uint32_t fid;

	switch (k) {
	case '\n': key_enter(u); break;
	case 'h':
	case TK_LEFT:
		if (tree)
			graph_fold(u, -1);
		break;
	case 'l':
	case TK_RIGHT:
		if (tree)
			graph_fold(u, 1);
		break;
	case 'c':
	case 'e':
		if (tree)
			graph_open_all(u, k == 'e');
		break;
	case 's':
		if (report) {
			u->sort = (u->sort + 1) % NSORTS;
			report_sort(u);
		}
		break;
	case '/': search_prompt(u); break;
	case 'n':
	case 'N':
		if (report)
			report_next(u, k == 'n' ? 1 : -1);
		else if (tree)
			graph_next(u, k == 'n' ? 1 : -1);
		break;
	case 'b':
		fid = cursor_fid(u);
		if (fid != CA_NONE)
			caller_lines(u, fid);
		break;
	default: break;
	}
}

/* One key: quitting, the views, moving; the rest is the view's. False when it quits. */
static bool key(struct tui *u, int k)
{
	long page = (long)body_rows(), all = (long)view_count(u, u->view);

	u->msg[0] = '\0';
	switch (k) {
	case 'q':
	case TK_ESC:
		if (u->view == V_GRAPH)
			return k != 'q'; /* Esc in the tree: nothing to go back to */
		show_view(u, u->view == V_HELP ? u->back : V_GRAPH);
		break;
	case 'Q':
	case TK_NONE: return false;
	case 'G': show_view(u, V_GRAPH); break;
	case 'R': show_view(u, V_REPORT); break;
	case 'I': show_view(u, V_INFO); break;
	case 'S': show_view(u, V_TASKS); break;
	case '?':
	case 'H': show_view(u, V_HELP); break;
	case 'j':
	case TK_DOWN: move_by(u, 1); break;
	case 'k':
	case TK_UP: move_by(u, -1); break;
	case ' ':
	case TK_PGDN: move_by(u, page); break;
	case TK_PGUP: move_by(u, -page); break;
	case TK_HOME: move_by(u, -all); break;
	case TK_END: move_by(u, all); break;
	default: key_view(u, k); break;
	}
	return true;
}

/* ---- the command ---- */

static void tui_free(struct tui *u)
{
	scope_free(&u->sc);
	treeview_free(&u->tv);
	for (int v = 0; v < NVIEWS; v++)
		list_free(&u->lists[v]);
	free(u->rows);
	free(u->fmatch);
	if (u->have_log)
		task_log_free(&u->log);
	if (u->per)
		ca_tree_free(u->per);
	if (u->fn)
		ca_funcs_free(u->fn);
}

/* Reads the trace into one subtree per thread; 0, or 1 after a message. */
static int tui_read(struct tui *u)
{
	struct trace_reader *r = opts_reader_open(u->o, TR_FOLD_LEAF | TR_NO_MERGE);
	int rc;

	if (!r)
		return 1;
	snprintf(u->prog, sizeof(u->prog), "%s", ca_program_name(r));
	u->fn = ca_funcs_new(u->o->dir, u->o->demangle);
	u->per = ca_tree_new(CA_PER_THREAD);
	ca_tree_set_jobs(u->per, u->o->jobs);
	rc = ca_tree_read(u->per, u->fn, r);
	trace_reader_close(r);
	if (rc)
		return rc;
	thread_totals(u->per);
	u->have_log = task_log_load(u->o->dir, &u->log) == 0;
	return 0;
}

int cmd_tui(struct opts *o)
{
	struct tui u = {.o = o};
	int rc = 1;

	if (!screen_built())
		return 1;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error("tui needs a terminal (its input and output are not one); ftrace graph and "
		      "ftrace report print the same as text");
		return 1;
	}
	if (tui_read(&u))
		goto out;
	scope_set(&u, TASK_ALL);
	if (!screen_start(o->color))
		goto out;
	for (;;) {
		draw(&u);
		if (!key(&u, screen_key()))
			break;
	}
	screen_stop();
	rc = 0;
out:
	tui_free(&u);
	return rc;
}
