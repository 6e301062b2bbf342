/* SPDX-License-Identifier: MIT */
/* DWARF (libdw), analyser only: -a specs of the program's functions, enum names, source lines. */
#ifndef FTRACE_ANALYSIS_DWARFINFO_H
#define FTRACE_ANALYSIS_DWARFINFO_H

/*
 * record, before the program runs (never inside the traced process):
 *	dwarf_auto_specs(exe, add, ctx, &enums)
 *		every function of exe that DWARF describes, as an -A spec
 *		("paint@arg1/e:color,arg2/s,fparg1/f,retval/d32")
 *	dwarf_enums_find(exe, names, n, &enums)
 *		the values of the enums that -A .../e:NAME names
 *	dwarf_enums_use(&enums, pattern, where, name)
 *		which item of which functions shows which enum
 * record, after the run:
 *	dwarf_save_srclines(dir, module, "name.sym")
 *		sym/name.srcline, for each module saved in sym/ that has DWARF
 *	dwarf_save_enums(dir, &enums)
 *		DIR/enums
 * replay:
 *	dwarf_enums_load(dir), dwarf_enum_format()
 *		enum names, without DWARF
 *	srclines_new(dir), srclines_find()
 *		file:line of a function, from sym/ or else from the binary's DWARF
 * doc/format.md describes the two files.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DWARF_ENUMS_FILE    "enums"
#define DWARF_ENUMS_MAGIC   "ftrace-enums 1"
#define DWARF_SRCLINE_MAGIC "# ftrace srclines 1"

struct dwarf_enum {
	char *name;
	size_t n;
	int64_t *values; /* as DWARF gives them; compared modulo the item's size */
	char **names;
};

/* items FT_ARG_ENUM at `where` (0 retval, 1..6 argN) of the functions matching pattern (fnmatch) */
struct dwarf_enum_use {
	char *pattern, *ename;
	uint8_t where;
};

struct dwarf_enums {
	struct dwarf_enum *v;
	size_t n;
	struct dwarf_enum_use *uses;
	size_t nuses;
};

/*
 * Calls add(ctx, spec) for each function defined in exe whose DWARF entry describes it, with a spec
 * in the -A syntax (analysis/argspec.h), and adds the enums the specs name to en. Functions whose name
 * is not unique in the symbol table, or that DWARF does not say enough about, are left out.
 * Returns the number of specs, or -1 when exe has no DWARF.
 */
int dwarf_auto_specs(const char *exe, void (*add)(void *ctx, const char *spec), void *ctx,
		     struct dwarf_enums *en);
/* Adds to en the enums (or typedefs of enums) of exe named in names[]; returns how many were found.
 */
int dwarf_enums_find(const char *exe, const char *const *names, size_t n, struct dwarf_enums *en);
void dwarf_enums_use(struct dwarf_enums *en, const char *pattern, uint8_t where, const char *ename);
const struct dwarf_enum *dwarf_enums_get(const struct dwarf_enums *en, const char *name);
/* clear empties an enum table held by value; free also frees one from dwarf_enums_load() (NULL-safe) */
void dwarf_enums_clear(struct dwarf_enums *en);
void dwarf_enums_free(struct dwarf_enums *en);

/* The text of the DIR/enums file (for tests), and the file written and read. */
char *dwarf_enums_text(const struct dwarf_enums *en);
int dwarf_enums_parse(const char *text, struct dwarf_enums *en);

/* record: the source lines of module, saved as sym/<symfile less .sym>.srcline when it has DWARF
 * (0 when it has none); DIR/enums when en has uses. 0, or -1 after a message. */
int dwarf_save_srclines(const char *dir, const char *module, const char *symfile);
int dwarf_save_enums(const char *dir, const struct dwarf_enums *en);

/* replay: NULL when DIR/enums is absent or unreadable */
struct dwarf_enums *dwarf_enums_load(const char *dir);
/* The enum of item `where` of function func (raw name), or NULL. */
const struct dwarf_enum *dwarf_enum_for(const struct dwarf_enums *en, const char *func,
					uint8_t where);
/* v (an item of size bytes) as NAME, or A|B for flags; false when no enumerator fits. */
bool dwarf_enum_format(const struct dwarf_enum *e, int64_t v, unsigned size, char *buf,
		       size_t bufsize);

/* ---- source lines ---- */

struct srcline {
	uint64_t addr; /* link-time entry address of the function */
	uint32_t line;
	const char *file;
};

struct srctab {
	struct srcline *v;
	size_t n, cap;
	char *text;   /* file names point into it (a loaded table) */
	char **owned; /* or are owned here (read from DWARF) */
	size_t nowned;
};

/* The functions of the ELF file at path, from its DWARF; -1 when it has none. */
int srctab_read_dwarf(const char *path, struct srctab *t);
/* A saved table; -1 when unreadable or not one. *module gets the path it describes (owned). */
int srctab_read_file(const char *file, struct srctab *t, char **module);
int srctab_write(const struct srctab *t, const char *module, const char *file);
const struct srcline *srctab_find(const struct srctab *t, uint64_t addr);
void srctab_free(struct srctab *t);

/* The tables of a data directory, by module path, loaded on first use (DWARF when none was saved).
 */
struct srclines;
struct srclines *srclines_new(const char *dir);
/* The file and line of the function at link-time address addr of module (a path); NULL when
 * unknown. */
const struct srcline *srclines_find(struct srclines *s, const char *module, uint64_t addr);
void srclines_free(struct srclines *s);

#endif
