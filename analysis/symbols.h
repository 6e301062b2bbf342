/* SPDX-License-Identifier: MIT */
/* Symbols: the function tables of a trace's process images (symtabs) and address lookup. */
#ifndef FTRACE_ANALYSIS_SYMBOLS_H
#define FTRACE_ANALYSIS_SYMBOLS_H

/*
 * At record time, symbols_save() or symsave_*() (symfile.h) read every <pid>-<session>.maps in the
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

struct symtabs *symtabs_load(const char *dir);
void symtabs_free(struct symtabs *st);
/* The function containing addr in process image (pid, session), or NULL. Fast for repeated addrs.
 */
const struct sym *symtabs_lookup(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr);
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

#endif
