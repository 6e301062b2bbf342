/* SPDX-License-Identifier: MIT */
/* C++ and Rust symbol names as people read them: libiberty's full form and ftrace's simple form. */
#ifndef FTRACE_ANALYSIS_DEMANGLE_H
#define FTRACE_ANALYSIS_DEMANGLE_H

/*
 * Three styles (enum demangle_style in util.h, chosen by --demangle):
 *   DEMANGLE_FULL    what libiberty prints: parameters, template and generic arguments, Rust
 *                    legacy hashes (::h0123456789abcdef) and v0 crate disambiguators
 *                    (fibrs[1a2b3c4d5e6f7a8b]).
 *   DEMANGLE_SIMPLE  the default: demangle_simplify() of the full form, e.g. "ns::Box::get",
 *                    "fibrs::Tree::count", "<f64 as core::iter::traits::accum::Sum>::sum".
 *   DEMANGLE_NO      the raw symbol.
 * Names that are not C++ (_Z...) or Rust (_R..., _ZN...17h<hash>E) symbols are returned as they
 * are, after a two-byte check. Used by the analyser only: libmcount never demangles.
 *
 * Typical use (replay, report, dump): one demangler per run, one call per distinct symbol,
 *	struct demangler *dm = demangler_new(o->demangle);
 *	const char *name = demangler_name(dm, sym->name);   // keep the pointer
 *	...
 *	demangler_free(dm);                                  // after the last use of any name
 */

#include "util.h"

struct demangler;

struct demangler *demangler_new(enum demangle_style style);
/*
 * The name of raw in d's style. The result is raw itself when there is nothing to change (C names,
 * --demangle=no, symbols libiberty rejects), otherwise a string owned by d, valid until
 * demangler_free(). Repeated calls with equal strings return the same pointer. raw may be NULL
 * (returns NULL).
 */
const char *demangler_name(struct demangler *d, const char *raw);
void demangler_free(struct demangler *d);

/* One-shot form: the name of raw in style, always a new malloc'd string (a copy of raw if
 * unchanged). */
char *demangle_dup(const char *raw, enum demangle_style style);

/* libiberty's full form of raw (malloc'd, the caller frees), or NULL when raw is not mangled. */
char *demangle_full(const char *raw);

/*
 * The simple form of a full demangled name: parameter lists, template and generic arguments,
 * return types, this-qualifiers, Rust hashes, crate disambiguators and [abi:...] tags dropped;
 * operators (operator<, operator(), operator<<=, operator->, operator new[]), lambdas
 * ({lambda(int)#1} becomes {lambda#1}), closures ({closure#0}), (anonymous namespace) and
 * <T as Trait>:: kept; <Type>::f becomes Type::f when Type is a plain path.
 * out must hold strlen(full) + 1 bytes: the simple form is never longer. Returns out.
 */
char *demangle_simplify(const char *full, char *out);

#endif
