/* SPDX-License-Identifier: MIT */
/* Reading an ELF file: what it says about itself (record checks, info) and its functions. */
#ifndef FTRACE_ANALYSIS_ELFSYMS_H
#define FTRACE_ANALYSIS_ELFSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "symbols.h"

/* What an ELF file says about itself, for `record` checks and for `info`. */
struct elf_facts {
	bool is_elf, dynamic; /* dynamic: has PT_INTERP, so LD_PRELOAD can work */
	bool mcount, fentry,
		cyg;	   /* references mcount/_mcount, __fentry__, __cyg_profile_func_enter */
	char build_id[41]; /* hex, "" when absent */
	char interp[256];  /* PT_INTERP: the dynamic linker's path, "" when none */
};
int elf_facts_read(const char *path, struct elf_facts *f);

/* Calls fn for every function of the ELF file at path, at link-time addresses (one name per
 * address, sizes filled in); -1 with errno when the file cannot be read. */
int elf_functions(const char *path, void (*fn)(void *ctx, const struct sym *s), void *ctx);

/*
 * What an executable imports: the functions it leaves undefined (its library calls, by the names
 * its PLT and GOT relocations ask for) and the libraries it needs (DT_NEEDED basenames). The
 * strings belong to im until elf_imports_free().
 */
struct elf_imports {
	char **funcs, **needed;
	size_t nfuncs, nneeded;
};
int elf_imports_read(const char *path, struct elf_imports *im);
void elf_imports_free(struct elf_imports *im);

#endif
