/* SPDX-License-Identifier: MIT */
/* Argument specs (-A, -R, -a): parsing, resolving for libmcount, and decoding the recorded
 * payloads. */
#ifndef FTRACE_ANALYSIS_ARGSPEC_H
#define FTRACE_ANALYSIS_ARGSPEC_H

/*
 * record:  argspec_add(&set, "open*@arg1/s,arg2/x", false) for each -A, (..., true) for -R,
 *          argspec_add_auto(&set) for -a, then argspec_digest(&set, exe) gives the FT_ENV_ARGS
 *          string libmcount reads (libmcount/args.c describes it).
 * replay:  argspec_format_args() / argspec_format_retval() turn an FT_EV_ARGS / FT_EV_RETVAL
 * payload into "3, \"path\"" / "-1". They trust nothing: a corrupt item prints as <corrupt>.
 *
 * User syntax:  PATTERN@ITEM[,ITEM...]   PATTERN: a function name or a glob (fnmatch)
 *   ITEM:  argN[/FMT] (N-th integer-class argument, 1..6), fpargN[/FMT] (N-th float argument,
 *          1..8), retval[/FMT]
 *   FMT:   d i u x c s p f, optionally followed by a size in bits (d32, u8, x16, f32), or
 *          e[BITS]:NAME (an enum, 32 bits by default: its values come from the program's DWARF and
 *          replay shows their names). Defaults: d64, and f64 for fparg.
 * -a also turns the DWARF of the program's own functions into specs (analysis/dwarfinfo.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_format.h"

#define ARGSPEC_MAX_ITEMS   8
#define ARGSPEC_RUNTIME_MAX FT_ARGS_MAX_SPECS

struct argitem {
	uint8_t where; /* 0 retval, 1..6 integer argument, 0x81..0x88 float argument */
	char fmt;      /* d u x c s p f e ('i' is stored as 'd') */
	uint8_t size;  /* bytes: 1 2 4 8 */
	char *ename;   /* fmt 'e': the enum's name (owned by the set) */
	bool typed;    /* a format letter was given (else DWARF may choose one) */
	bool sized;    /* a size was given, or the format implies one (else DWARF may choose) */
};

struct argspec {
	char *pattern;
	bool exe_only; /* from DWARF: only the executable's function of that name */
	unsigned n;
	struct argitem items[ARGSPEC_MAX_ITEMS];
};

struct argspec_set {
	struct argspec *v;
	unsigned n, cap;
};

/* 0, or -1 with a one-line reason in err (no "ftrace:" prefix). */
int argspec_add(struct argspec_set *set, const char *text, bool retval, char *err, size_t errsize);
/* -a: the built-in prototypes of common libc functions. */
void argspec_add_auto(struct argspec_set *set);
/* The FT_ENV_ARGS value for the program at exe (its functions are matched in its symbol table);
 * NULL when the set is empty. The caller frees it. */
char *argspec_digest(const struct argspec_set *set, const char *exe);
void argspec_free(struct argspec_set *set);
struct dwarf_enums;
/* -a: specs for the functions of exe that its DWARF describes (those with no spec yet); adds the
 * enums they name to en. The number added, -1 when exe has no DWARF. */
int argspec_add_dwarf(struct argspec_set *set, const char *exe, struct dwarf_enums *en);
/* The enums the set's e:NAME items name, looked up in exe's DWARF when en lacks them, and which
 * items use them (dwarf_enums_use), so that replay can name the values. */
void argspec_note_enums(const struct argspec_set *set, const char *exe, struct dwarf_enums *en);
/* What `record` was asked to capture: -A and -R specs in command-line order, -a. */
struct argspec_config {
	char *const *arg_specs;
	unsigned narg_specs;
	char *const *ret_specs;
	unsigned nret_specs;
	bool auto_args;
};
/* record: the FT_ENV_ARGS value from -A, -R and -a (dies on a bad spec); NULL when there is none.
 * *enums (when enums is not NULL) gets what dwarf_save_enums() writes for replay, or NULL. */
char *argspec_env(const struct argspec_config *c, const char *exe, struct dwarf_enums **enums);

/* Decoders: write at most size bytes (always NUL-terminated); return the length written. */
size_t argspec_format_args(const uint8_t *p, size_t len, char *buf, size_t size);
size_t argspec_format_retval(const uint8_t *p, size_t len, char *buf, size_t size);
/* Either payload with enum values named: en from dwarf_enums_load() (may be NULL), func the raw
 * name of the function the payload belongs to. */
size_t argspec_format_named(const struct dwarf_enums *en, const char *func, const uint8_t *p,
			    size_t len, char *buf, size_t size);

#endif
