/* SPDX-License-Identifier: MIT */
/* Function ids: one small integer per distinct function of a trace. */
#ifndef FTRACE_ANALYSIS_FUNCIDS_H
#define FTRACE_ANALYSIS_FUNCIDS_H

#include <stdint.h>

#include "demangle.h"
#include "trace_reader.h"

#define CA_NONE UINT32_MAX /* no node, no function */

/* a place a function was called from the trace: its process, image and entry address */
struct ca_where {
	uint32_t pid;
	uint64_t session, addr;
};

struct ca_func {
	const char
		*name; /* as shown (demangled per --demangle), or "0x..." for unknown addresses */
	const char *module; /* basename of the module, "" when unknown */
	uint64_t size;	    /* symbol size in bytes, 0 when unknown */
	uint32_t name_len;
	struct ca_where at; /* pid 0: unknown (an address without a symbol) */
};

struct ca_funcs;

/* Function ids for the trace in dir, names shown in style ds. */
struct ca_funcs *ca_funcs_new(const char *dir, enum demangle_style ds);
/* Raw ids: one per distinct (address, session, pid), no symbols; ca_func(f, id)->at is the place
 * (its address is the recorded one, not the symbol's). Thread-safe to use one per thread. */
struct ca_funcs *ca_funcs_raw(void);
void ca_funcs_free(struct ca_funcs *f);
/* The id of the function at rec's address (ENTRY/EXIT/LEAF); stable for the life of f. */
uint32_t ca_func_id(struct ca_funcs *f, const struct tr_rec *rec);
const struct ca_func *ca_func(const struct ca_funcs *f, uint32_t fid);
uint32_t ca_nfuncs(const struct ca_funcs *f);
struct srclines;
/* The file and line where fid is defined (sl from srclines_new()), or NULL: no DWARF, no symbol. */
const struct srcline *ca_func_source(struct ca_funcs *f, struct srclines *sl, uint32_t fid);

#endif
