/* SPDX-License-Identifier: MIT */
/* Symbols: reading ELF tables with libelf, saving them in the data directory, and address lookup.
 */
#ifndef FTRACE_ANALYSIS_SYMBOLS_H
#define FTRACE_ANALYSIS_SYMBOLS_H

/*
 * At record time, after the program ran, symbols_save() reads every <pid>-<session>.maps in the
 * data directory and writes sym/<module>.sym for each executable module mapped (libmcount
 * excepted), so that the trace replays after the program is rebuilt or on another machine. At
 * replay time, symtabs_load() reads the maps and the .sym files (falling back to the ELF files
 * named in the maps when a .sym is missing) and symtabs_lookup() turns a recorded address into a
 * function name.
 */

#include <stdbool.h>
#include <stdint.h>

struct symtabs;

struct sym {
	uint64_t addr; /* absolute address in the process */
	uint64_t size;
	const char *name;   /* raw (mangled) name */
	const char *module; /* basename of the module, e.g. "libc.so.6" */
};

int symbols_save(const char *dir);
struct symtabs *symtabs_load(const char *dir);
void symtabs_free(struct symtabs *st);
/* The function containing addr in process image (pid, session), or NULL. Fast for repeated addrs.
 */
const struct sym *symtabs_lookup(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr);
/*
 * The ticks at which the memory map of process image (pid, session) was copied again, after its
 * first copy (dlopen), ascending; *n = 0 and NULL when there are none. A record made at or after
 * copies[i] (and before copies[i + 1]) is looked up with session copies[i]: the map of its time.
 * The caller frees the array.
 */
uint64_t *maps_copies(const char *dir, uint32_t pid, uint64_t session, size_t *n);
/* The module mapped at addr in (pid, session): its path and load bias (link-time address = addr -
 * bias); false when none. */
bool symtabs_module_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr,
		       const char **path, uint64_t *bias);
/* Whether addr lies in the executable of (pid, session) (its first mapped file); false when
 * unknown. */
bool symtabs_in_exe(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr);
/* Whether the module at addr in (pid, session) was built with -pg or -finstrument-functions (its
 * functions are the program's, not library calls, for --no-libcall); false when unknown. */
bool symtabs_instrumented_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr);

/* What an ELF file says about itself, for `record` checks and for `info`. */
struct elf_facts {
	bool is_elf, dynamic; /* dynamic: has PT_INTERP, so LD_PRELOAD can work */
	bool mcount, fentry,
		cyg;	   /* references mcount/_mcount, __fentry__, __cyg_profile_func_enter */
	char build_id[41]; /* hex, "" when absent */
};
int elf_facts_read(const char *path, struct elf_facts *f);

/* Calls fn for every function of the ELF file at path, at link-time addresses (one name per
 * address, sizes filled in); -1 with errno when the file cannot be read. */
int elf_functions(const char *path, void (*fn)(void *ctx, const struct sym *s), void *ctx);

#endif
