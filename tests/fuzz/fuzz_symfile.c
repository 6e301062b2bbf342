/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the symbol side of a data directory (maps, sym/modules, .sym, task, .srcline).
 */

/*
 * The input's sections (FUZZ_SEP) are, in order: 100-5.maps, sym/modules, sym/a.sym, sym/b.sym,
 * task, sym/a.srcline, then a list of hex addresses (whitespace-separated) to look up. Lookups go
 * to process 100's image 5 (its maps), image 6 (no maps: the session fallback) and process 7 (only
 * the task log can name its program), as symtabs_lookup(), symtabs_module_at() and
 * symtabs_in_exe(); source lines are looked up both in the saved table and through srclines_find().
 */
#include "dwarfinfo.h"
#include "fuzz.h"
#include "symbols.h"

static const char *const names[] = {"100-5.maps", "sym/modules", "sym/a.sym",
				    "sym/b.sym",  "task",	 "sym/a.srcline"};
#define NFILES (sizeof(names) / sizeof(names[0]))

FUZZ_DATA_DIR_HARNESS

static void lookup_one(struct symtabs *st, struct srclines *sl, struct srctab *tab, uint64_t addr)
{
	static const struct {
		uint32_t pid;
		uint64_t session;
	} who[] = {{100, 5}, {100, 6}, {7, 1}};
	const char *path;
	uint64_t bias;

	for (unsigned i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		const struct sym *s = symtabs_lookup(st, who[i].pid, who[i].session, addr);

		if (s && (!s->name || !s->module))
			abort(); /* a found symbol always has both */
		if (symtabs_module_at(st, who[i].pid, who[i].session, addr, &path, &bias))
			srclines_find(sl, path, addr - bias);
		symtabs_in_exe(st, who[i].pid, who[i].session, addr);
	}
	srctab_find(tab, addr);
}

/* The addresses section, NUL-terminated for strtoull. */
static void lookups(const struct fuzz_section *a)
{
	char *text = malloc(a->len + 1), *p, *end;
	struct symtabs *st = symtabs_load(fuzz_dir);
	struct srclines *sl = srclines_new(fuzz_dir);
	struct srctab tab;
	char *module, path[300];

	snprintf(path, sizeof(path), "%s/sym/a.srcline", fuzz_dir);
	srctab_read_file(path, &tab, &module);
	memcpy(text, a->p, a->len);
	text[a->len] = '\0';
	for (p = text; st && *p; p = end) {
		uint64_t addr = strtoull(p, &end, 16);

		if (end == p) {
			end = p + 1;
			continue;
		}
		lookup_one(st, sl, &tab, addr);
	}
	free(module);
	srctab_free(&tab);
	srclines_free(sl);
	symtabs_free(st);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_section s[NFILES + 1];
	unsigned n = fuzz_split(data, size, s, NFILES + 1);

	fuzz_reset();
	for (unsigned i = 0; i < n && i < NFILES; i++)
		fuzz_write(names[i], s[i].p, s[i].len);
	lookups(n > NFILES ? &s[NFILES] : &(struct fuzz_section){(const uint8_t *)"", 0});
	return 0;
}
