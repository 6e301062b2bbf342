/* SPDX-License-Identifier: MIT */
/* Function ids: one small integer per distinct function of a trace, from its recorded addresses. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "demangle.h"
#include "dwarfinfo.h"
#include "funcids.h"
#include "symbols.h"

#define GOLDEN 0x9e3779b97f4a7c15ull

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
