/* SPDX-License-Identifier: MIT */
/* Symbols: function tables read from ELF files (libelf), saved as sym/<module>.sym, and address
 * lookup. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_format.h"
#include "util.h"
#include "symbols.h"
#include "tasks.h"

#include "hashmap.h"
#include "symbols_impl.h"

struct range {
	uint64_t start, end, off;
	struct module *mod;
	struct image *img;
	bool tried; /* img was looked for (NULL: the module could not be read) */
};

/*
 * One copy of a process image's memory map. A maps file with FT_MAPS_MARK lines holds several: the
 * first is keyed by the image's session, each later one by the tick it was taken at (the trace
 * reader hands out that key for the records made from then on: trace_reader.c), and all share
 * `base`. Without marks (an older recorder), one session holds the union of the copies.
 */
struct session {
	uint32_t pid;
	uint64_t session;
	uint64_t base; /* the session of the maps file it comes from */
	char *exe;     /* first file-backed mapping: the executable */
	struct range *ranges;
	size_t n, cap;
};

/* a (pid, session) with no maps of its own, resolved once to another session (or to none) */
struct alias {
	uint32_t pid;
	uint64_t session;
	struct session *target;
};

struct task_exe {
	uint32_t pid;
	uint64_t tick;
	char *exe;
};

/* A library call recorded at addr, named as the program's relocation asked (FT_MAPS_PLT). */
struct plt_name {
	uint32_t pid;
	uint64_t base; /* the session of the maps file that named it */
	uint64_t addr;
	char *name;
	struct sym sym; /* what lookups return: the function's, under this name */
	bool built;
};

struct symtabs {
	char *dir;
	struct plt_name *plt;
	size_t nplt;
	struct module **mods;
	size_t nmods;
	struct session *sess; /* sorted by (pid, session) */
	size_t nsess;
	struct alias *aliases;
	size_t naliases;
	struct task_exe *tasks;
	size_t ntasks;
	bool tasks_read;
	struct hashmap found; /* (addr, session, pid) -> index in hits: lookups made */
	const struct sym **hits;
	size_t nhits, hits_cap;
};

/* ---- symtabs_load ---- */

static struct module *symtabs_module(struct symtabs *st, const char *path)
{
	struct module *m = mods_find(st->mods, st->nmods, path);

	if (!m) {
		st->mods = xrealloc(st->mods, (st->nmods + 1) * sizeof(*st->mods));
		m = st->mods[st->nmods++] = module_new(path, NULL);
	}
	return m;
}

/* sym/modules: which .sym file holds which module path. */
static void read_index(struct symtabs *st)
{
	char path[PATH_MAX + 64], *text, *line, *next, *sp, *slash;
	struct module *m;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s/%s", st->dir, FT_SYM_DIR, SYM_INDEX);
	text = read_text(path, &len);
	if (!text) {
		debug(DBG_SYMBOL, "no '%s': symbols will be read from the binaries", path);
		return;
	}
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		sp = strchr(line, ' ');
		slash = strchr(line, '/');
		if (!sp || sp == line || sp[1] != '/' || (slash && slash < sp))
			continue; /* malformed, or a file name that would leave sym/ */
		*sp = '\0';
		m = symtabs_module(st, sp + 1);
		free(m->symfile);
		m->symfile = xstrdup(line);
	}
	free(text);
}

struct load_ctx {
	struct symtabs *st;
	struct session *s;
	unsigned copies; /* FT_MAPS_MARK lines seen in this file */
};

static int range_cmp(const void *a, const void *b);

static void plt_add(struct symtabs *st, const struct session *s, uint64_t addr, const char *name)
{
	for (size_t i = 0; i < st->nplt; i++)
		if (st->plt[i].addr == addr && st->plt[i].pid == s->pid &&
		    st->plt[i].base == s->base)
			return; /* written again after a later copy of the map */
	st->plt = xrealloc(st->plt, (st->nplt + 1) * sizeof(*st->plt));
	st->plt[st->nplt++] = (struct plt_name){
		.pid = s->pid, .base = s->base, .addr = addr, .name = xstrdup(name)};
}

/* The next copy of the map starts: a session of its own from the second one on. */
static void load_mark(struct load_ctx *c, uint64_t tick)
{
	struct symtabs *st = c->st;
	struct session *s = c->s;

	if (c->copies++ == 0 || tick <= s->session)
		return; /* the first copy, or a tick that cannot be told from the previous copy's */
	if (s->n)
		qsort(s->ranges, s->n, sizeof(*s->ranges), range_cmp);
	st->sess = xrealloc(st->sess, (st->nsess + 2) * sizeof(*st->sess));
	s = &st->sess[st->nsess++]; /* the previous copy is kept */
	s[1] = (struct session){.pid = s->pid, .session = tick, .base = s->base};
	c->s = &s[1];
}

static void load_range(void *ctx, const struct map_line *ml)
{
	struct load_ctx *c = ctx;
	char buf[PATH_MAX + 64];
	const char *path;
	struct session *s;

	if (ml->mark) {
		load_mark(c, ml->start);
		return;
	}
	if (ml->plt) {
		plt_add(c->st, c->s, ml->start, ml->path);
		return;
	}
	s = c->s;
	if (!(path = vdso_path(c->st->dir, ml->path, buf, sizeof(buf))))
		return;
	if (!s->exe)
		s->exe = xstrdup(path);
	if (!ml->exec || is_libmcount(path))
		return;
	for (size_t i = 0; i < s->n; i++) /* a later snapshot repeats the earlier mappings */
		if (s->ranges[i].start == ml->start && !strcmp(s->ranges[i].mod->path, path))
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->ranges = xrealloc(s->ranges, s->cap * sizeof(*s->ranges));
	}
	s->ranges[s->n++] = (struct range){.start = ml->start,
					   .end = ml->end,
					   .off = ml->off,
					   .mod = symtabs_module(c->st, path)};
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int session_cmp(const void *a, const void *b)
{
	const struct session *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->session < y->session ? -1 : x->session > y->session;
}

static void read_sessions(struct symtabs *st, DIR *d)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	struct session *s;
	struct load_ctx c = {st, NULL, 0};
	uint32_t pid;
	uint64_t session;

	while ((e = readdir(d))) {
		if (!parse_maps_name(e->d_name, &pid, &session))
			continue;
		st->sess = xrealloc(st->sess, (st->nsess + 1) * sizeof(*st->sess));
		s = c.s = &st->sess[st->nsess];
		*s = (struct session){.pid = pid, .session = session, .base = session};
		c.copies = 0;
		snprintf(path, sizeof(path), "%s/%s", st->dir, e->d_name);
		if (!maps_each(path, load_range, &c)) {
			warn("cannot read '%s': %s", path, strerror(errno));
			continue;
		}
		s = c.s; /* the last copy */
		if (s->n)
			qsort(s->ranges, s->n, sizeof(*s->ranges), range_cmp);
		st->nsess++;
	}
	if (st->nsess)
		qsort(st->sess, st->nsess, sizeof(*st->sess), session_cmp);
}

struct symtabs *symtabs_load(const char *dir)
{
	struct symtabs *st;
	DIR *d = opendir(dir);

	if (!d) {
		error("cannot open '%s': %s", dir, strerror(errno));
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	hashmap_init(&st->found, 1024);
	st->dir = xstrdup(dir);
	read_index(st);
	read_sessions(st, d);
	closedir(d);
	debug(DBG_SYMBOL, "%zu process images, %zu modules in '%s'", st->nsess, st->nmods, dir);
	return st;
}

void symtabs_free(struct symtabs *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nmods; i++)
		module_free(st->mods[i]);
	for (size_t i = 0; i < st->nsess; i++) {
		free(st->sess[i].ranges);
		free(st->sess[i].exe);
	}
	for (size_t i = 0; i < st->ntasks; i++)
		free(st->tasks[i].exe);
	for (size_t i = 0; i < st->nplt; i++)
		free(st->plt[i].name);
	free(st->plt);
	free(st->hits);
	hashmap_free(&st->found);
	free(st->tasks);
	free(st->aliases);
	free(st->sess);
	free(st->mods);
	free(st->dir);
	free(st);
}

/* ---- lookup ---- */

/* The .sym file if there is one, else the ELF file named in the maps; warns once on failure. */
static bool module_load(struct symtabs *st, struct module *m)
{
	char path[PATH_MAX + 300];
	const char *why;

	if (m->loaded || m->failed)
		return m->loaded;
	if (m->symfile) {
		snprintf(path, sizeof(path), "%s/%s/%s", st->dir, FT_SYM_DIR, m->symfile);
		if (module_read_sym(m, path, &why) == 0)
			goto done;
		warn("cannot read '%s' (%s): reading '%s' instead", path, why, m->path);
		module_reset(m);
	}
	if (module_read_elf(m) < 0) {
		warn("cannot read symbols of '%s': %s", m->path, strerror(errno));
		module_reset(m);
		m->failed = true;
		return false;
	}
	debug(DBG_SYMBOL, "read '%s' from the binary", m->path);
done:
	module_finish(m);
	m->loaded = true;
	return true;
}

/*
 * The load bias of a module mapped executable at r: the mapping starts at page_down(p_vaddr + bias)
 * and maps file offset page_down(p_offset), and p_vaddr == p_offset modulo the page size, so
 * bias = start - off - (p_vaddr - p_offset) for the segment that holds off. Per segment, because
 * lld lays out segments with p_vaddr - p_offset differing between them.
 */
static uint64_t range_bias(const struct module *m, const struct range *r)
{
	const struct seg *found = NULL;

	if (m->is_exec)
		return 0;
	for (size_t i = 0; i < m->nsegs && !found; i++) {
		const struct seg *s = &m->segs[i];

		if ((s->flags & PF_X) && r->off >= (s->off & ~0xfffull) &&
		    r->off < s->off + s->filesz)
			found = s;
	}
	for (size_t i = 0; i < m->nsegs && !found; i++)
		if (m->segs[i].flags & PF_X)
			found = &m->segs[i];
	return r->start - r->off - (found ? found->vaddr - found->off : 0);
}

static struct image *module_image(struct module *m, uint64_t bias)
{
	struct image *img;

	for (img = m->images; img; img = img->next)
		if (img->bias == bias)
			return img;
	img = xcalloc(1, sizeof(*img));
	img->bias = bias;
	img->n = m->nsyms;
	img->syms = xcalloc(m->nsyms, sizeof(*img->syms));
	for (size_t i = 0; i < m->nsyms; i++)
		img->syms[i] = (struct sym){m->syms[i].value + bias, m->syms[i].size,
					    m->syms[i].name, m->base};
	img->next = m->images;
	m->images = img;
	return img;
}

static struct image *range_image(struct symtabs *st, struct range *r)
{
	if (!r->tried && module_load(st, r->mod))
		r->img = module_image(r->mod, range_bias(r->mod, r));
	r->tried = true;
	return r->img;
}

static struct session *session_find(struct symtabs *st, uint32_t pid, uint64_t session)
{
	struct session key = {.pid = pid, .session = session};

	return st->nsess ? bsearch(&key, st->sess, st->nsess, sizeof(key), session_cmp) : NULL;
}

static void task_exe_line(void *ctx, const struct task_line *l)
{
	struct symtabs *st = ctx;

	if ((l->kind != TL_START && l->kind != TL_FORK) || l->text[0] != '/')
		return;
	st->tasks = xrealloc(st->tasks, (st->ntasks + 1) * sizeof(*st->tasks));
	st->tasks[st->ntasks++] = (struct task_exe){l->pid, l->tick, xstrdup(l->text)};
}

/* The task log says which program each process ran: its start and fork lines. */
static void read_tasks(struct symtabs *st)
{
	st->tasks_read = true;
	task_log_each(st->dir, task_exe_line, st);
}

/* The program of (pid, session) per the task log: the first line of pid logged at or after session
 * (the image logs its start just after taking its session tick), else the last one before it. */
static const char *task_exe(struct symtabs *st, uint32_t pid, uint64_t session)
{
	const struct task_exe *best = NULL;

	if (!st->tasks_read)
		read_tasks(st);
	for (size_t i = 0; i < st->ntasks; i++) {
		const struct task_exe *t = &st->tasks[i];
		bool after = t->tick >= session;

		if (t->pid != pid)
			continue;
		if (!best || after > (best->tick >= session) ||
		    (after == (best->tick >= session) &&
		     (after ? t->tick < best->tick : t->tick > best->tick)))
			best = t;
	}
	return best ? best->exe : NULL;
}

/* Same pid first, then a session that started before (pid, session), the latest of those. */
static bool session_better(const struct session *s, const struct session *best, uint32_t pid,
			   uint64_t session)
{
	bool same = s->pid == pid, before = s->session <= session;

	if (same != (best->pid == pid))
		return same;
	if (before != (best->session <= session))
		return before;
	return before ? s->session > best->session : s->session < best->session;
}

/*
 * A process image without maps (e.g. a fork child whose maps were lost): use a session of the same
 * program. Without a task log entry for it, only a trace of a single program gets a fallback.
 */
static struct session *session_fallback(struct symtabs *st, uint32_t pid, uint64_t session)
{
	const char *exe = task_exe(st, pid, session);
	struct session *best = NULL;

	for (size_t i = 0; !exe && i < st->nsess; i++)
		if (!st->sess[i].exe ||
		    strcmp(st->sess[i].exe, st->sess[0].exe ? st->sess[0].exe : ""))
			return NULL; /* several programs and nothing says which one */
	for (size_t i = 0; i < st->nsess; i++) {
		struct session *s = &st->sess[i];

		if (s->exe && (!exe || !strcmp(s->exe, exe)) &&
		    (!best || session_better(s, best, pid, session)))
			best = s;
	}
	return best;
}

static struct session *session_get(struct symtabs *st, uint32_t pid, uint64_t session)
{
	struct session *s = session_find(st, pid, session);

	if (s)
		return s;
	for (size_t i = 0; i < st->naliases; i++)
		if (st->aliases[i].pid == pid && st->aliases[i].session == session)
			return st->aliases[i].target;
	s = session_fallback(st, pid, session);
	debug(DBG_SYMBOL, "no maps for %u-%llu: using %s", pid, (unsigned long long)session,
	      s ? s->exe : "nothing");
	st->aliases = xrealloc(st->aliases, (st->naliases + 1) * sizeof(*st->aliases));
	st->aliases[st->naliases++] = (struct alias){pid, session, s};
	return s;
}

/*
 * The index of the last element whose key is at or below addr, or -1: a binary search over sorted
 * arrays of ranges or of symbols, whose uint64_t key sits at key_off in each element.
 */
static ptrdiff_t floor_index(const void *base, size_t n, size_t stride, size_t key_off,
			     uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t key;

		memcpy(&key, (const char *)base + mid * stride + key_off, sizeof(key));
		if (key <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

#define range_floor(r, n, addr) \
	floor_index(r, n, sizeof(struct range), offsetof(struct range, start), addr)
#define sym_floor(s, n, addr) \
	floor_index(s, n, sizeof(struct sym), offsetof(struct sym, addr), addr)

static struct range *range_in(struct session *s, uint64_t addr)
{
	ptrdiff_t i = range_floor(s->ranges, s->n, addr);

	return i >= 0 && addr < s->ranges[i].end ? &s->ranges[i] : NULL;
}

/* Is copy o of the image a better place to look than best, for a call made during copy s? */
static bool copy_better(const struct session *o, const struct session *best,
			const struct session *s)
{
	bool later = o->session > s->session;

	if (!best || later != (best->session > s->session))
		return !best || later;
	return later ? o->session < best->session : o->session > best->session;
}

/*
 * The range holding addr in s, else in another copy of the same image's map: the closest later one
 * (a library's constructors run inside dlopen, before the copy that shows it), else the closest
 * earlier one (a library dlclose'd since).
 */
static struct range *range_find(struct symtabs *st, struct session *s, uint64_t addr)
{
	struct range *r = s ? range_in(s, addr) : NULL, *best_r = NULL;
	struct session *best = NULL;

	for (size_t i = 0; s && !r && i < st->nsess; i++) {
		struct session *o = &st->sess[i];
		struct range * or ;

		if (o == s || o->pid != s->pid || o->base != s->base || !copy_better(o, best, s) ||
		    !(or = range_in(o, addr)))
			continue;
		best = o;
		best_r = or ;
	}
	return r ? r : best_r;
}

/* The function found at addr under the name a library call at addr was made by, if one was. */
static const struct sym *plt_named(struct symtabs *st, const struct session *s, uint64_t addr,
				   const struct sym *found)
{
	for (size_t i = 0; i < st->nplt; i++) {
		struct plt_name *p = &st->plt[i];

		if (p->addr != addr || p->pid != s->pid || p->base != s->base)
			continue;
		if (!p->built)
			p->sym = (struct sym){found->addr, found->size, p->name, found->module};
		p->built = true;
		return &p->sym;
	}
	return found;
}

static const struct sym *lookup_slow(struct symtabs *st, uint32_t pid, uint64_t session,
				     uint64_t addr)
{
	struct session *s = session_get(st, pid, session);
	struct range *r = range_find(st, s, addr);
	struct image *img;
	ptrdiff_t i;

	if (!r || !(img = range_image(st, r)) || (i = sym_floor(img->syms, img->n, addr)) < 0 ||
	    addr - img->syms[i].addr >= img->syms[i].size)
		return NULL;
	return st->nplt ? plt_named(st, s, addr, &img->syms[i]) : &img->syms[i];
}

const struct sym *symtabs_lookup(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	uint32_t *idx;
	bool added;

	if (!st)
		return NULL;
	idx = hashmap_slot(&st->found, addr, session, pid, &added);
	if (!added)
		return st->hits[*idx];
	*idx = (uint32_t)st->nhits;
	if (st->nhits == st->hits_cap) {
		st->hits_cap = st->hits_cap ? 2 * st->hits_cap : 1024;
		st->hits = xrealloc(st->hits, st->hits_cap * sizeof(*st->hits));
	}
	st->hits[st->nhits] = lookup_slow(st, pid, session, addr);
	return st->hits[st->nhits++];
}

static struct range *range_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr,
			      struct session **sp)
{
	struct session *s = st ? session_get(st, pid, session) : NULL;

	*sp = s;
	return s ? range_find(st, s, addr) : NULL;
}

bool symtabs_module_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr,
		       const char **path, uint64_t *bias)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);
	struct image *img = r ? range_image(st, r) : NULL;

	if (!img)
		return false;
	*path = r->mod->path;
	*bias = img->bias;
	return true;
}

bool symtabs_instrumented_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);

	return r && range_image(st, r) && r->mod->instrumented;
}

bool symtabs_in_exe(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);

	return r && s->exe && !strcmp(r->mod->path, s->exe);
}
