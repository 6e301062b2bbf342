/* SPDX-License-Identifier: MIT */
/* Inside the symbol tables: the module model shared by the ELF reader, the .sym format, the maps
 * reader and the lookup. */
#ifndef FTRACE_ANALYSIS_SYMBOLS_IMPL_H
#define FTRACE_ANALYSIS_SYMBOLS_IMPL_H

#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "symbols.h"

/*
 * Model. A module is one ELF file (by path) with its functions at link-time addresses (struct
 * msym), read either from sym/<name>.sym or, when that is missing, from the ELF file itself. A
 * session is one process image (<pid>-<session>.maps): the executable mappings of its modules
 * (struct range). A module mapped at a given load bias gets an image: its functions at absolute
 * addresses, the struct sym that lookups return. Images are shared between sessions with the same
 * bias (a fork child and its parent), and everything is built lazily, on the first lookup that
 * needs it.
 */

#define SYM_INDEX "modules" /* sym/modules: "<file>.sym <module path>" per line */

/* A PT_LOAD segment: enough to turn a mapping (start, file offset) into the module's load bias. */
struct seg {
	uint64_t off, vaddr, filesz, memsz;
	uint32_t flags; /* PF_R | PF_W | PF_X */
};

/* A function of a module at its link-time address. type: T global, W weak, t local, i ifunc, P plt.
 */
struct msym {
	uint64_t value, size;
	const char *name;
	uint32_t prio; /* among aliases, the lowest is the name shown (set by module_finish) */
	char type;
};

struct image {
	uint64_t bias;
	struct sym *syms;
	size_t n;
	struct image *next;
};

struct module {
	char *path;
	char *symfile;	  /* name under sym/, or NULL */
	const char *base; /* basename of path */
	bool loaded, failed;
	bool is_exec;	   /* ET_EXEC: addresses are absolute, the bias is 0 */
	bool instrumented; /* built with -pg/-finstrument-functions: its functions record
			      themselves, calls into it are not library calls */
	bool has_dwarf;	   /* read from ELF: it has a .debug_info section */
	char build_id[41];
	struct seg *segs;
	size_t nsegs;
	struct msym *syms;
	size_t nsyms, cap;
	char *text; /* a .sym file read into memory: names point into it */
	Elf *elf;   /* an ELF read directly: names point into its string tables */
	int fd;
	struct image *images;
};

/* one line of a <pid>-<session>.maps file (procmaps.c) */
struct map_line {
	uint64_t start, end, off; /* a mark: start is its tick; a plt name: start is its address */
	bool exec, mark, plt;	  /* plt: path is the name */
	char *path;
};

typedef void (*maps_fn)(void *ctx, const struct map_line *ml);

/* module.c: a module's functions in memory */
const char *base_name(const char *path);
char *read_text(const char *path, size_t *len);
struct module *module_new(const char *path, const char *symfile);
void module_reset(struct module *m);
void module_free(struct module *m);
void module_finish(struct module *m);
struct module *mods_find(struct module **mods, size_t n, const char *path);

/* elfsyms.c: reading an ELF file */
void elf_init(void);
void module_add(struct module *m, uint64_t value, uint64_t size, char type, const char *name);
int module_read_elf(struct module *m);

/* symfile.c: the .sym file */
int module_read_sym(struct module *m, const char *path, const char **why);

/* procmaps.c: memory maps */
bool is_libmcount(const char *path);
bool parse_maps_name(const char *name, uint32_t *pid, uint64_t *session);
bool maps_each(const char *path, maps_fn fn, void *ctx);
bool maps_each_growing(const char *path, maps_fn fn, void *ctx);
void collect_maps(const char *dir, maps_fn fn, void *ctx);
const char *vdso_path(const char *dir, const char *path, char *buf, size_t size);

#endif
