/* SPDX-License-Identifier: MIT */
/* Function ids: one small integer per distinct function of a trace, from its recorded addresses. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "dwarfinfo.h"
#include "funcids.h"
#include "hashmap.h"
#include "symbols.h"

struct ca_funcs {
	struct symtabs *st; /* NULL: raw ids (ca_funcs_raw()) */
	struct demangler *dm;
	struct hashmap byaddr; /* (addr, session, pid) -> fid */
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
	hashmap_init(&f->byaddr, 512);
	f->nmask = 1023;
	f->byname = xmalloc((f->nmask + 1) * sizeof(*f->byname));
	memset(f->byname, 0xff, (f->nmask + 1) * sizeof(*f->byname));
	return f;
}

/*
 * A parallel fold's worker cannot share the command's ca_funcs (it loads symbols lazily): it keys
 * its nodes by these raw ids, one per distinct (address, session, pid), which it resolves to
 * functions when its tree is merged.
 */
struct ca_funcs *ca_funcs_raw(void)
{
	struct ca_funcs *f = xcalloc(1, sizeof(*f));

	hashmap_init(&f->byaddr, 512);
	return f;
}

void ca_funcs_free(struct ca_funcs *f)
{
	if (!f)
		return;
	for (uint32_t i = 0; i < f->nowned; i++)
		free(f->owned[i]);
	free(f->owned);
	hashmap_free(&f->byaddr);
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

/* A raw id: the place alone, named later by the ca_funcs of the command. */
static uint32_t raw_id(struct ca_funcs *f, const struct tr_rec *rec)
{
	if (f->nfuncs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->funcs = xrealloc(f->funcs, f->cap * sizeof(*f->funcs));
	}
	f->funcs[f->nfuncs] = (struct ca_func){
		.name = "", .module = "", .at = {rec->pid, rec->session, rec->addr}};
	return f->nfuncs++;
}

uint32_t ca_func_id(struct ca_funcs *f, const struct tr_rec *rec)
{
	bool added;
	uint32_t *fid = hashmap_slot(&f->byaddr, rec->addr, rec->session, rec->pid, &added);

	if (added)
		*fid = f->st ? fid_resolve(f, rec) : raw_id(f, rec);
	return *fid;
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
