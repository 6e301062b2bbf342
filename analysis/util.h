/* SPDX-License-Identifier: MIT */
/* The analyser's small services: error messages, checked allocation, --debug logging, helpers. */
#ifndef FTRACE_ANALYSIS_UTIL_H
#define FTRACE_ANALYSIS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* --demangle: how symbol names are shown (analysis/demangle.h) */
enum demangle_style { DEMANGLE_SIMPLE, DEMANGLE_FULL, DEMANGLE_NO };

/* errors: lowercase messages prefixed with "ftrace: "; die() exits 1 */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
unsigned parse_tid_list(const char *spec, uint32_t **tids);
int remove_tree(const char *dir);

/* --debug domains, tested with debug_on(DBG_SYMBOL); cost one load when off */
enum debug_domain {
	DBG_RECORD = 1 << 0,
	DBG_REPLAY = 1 << 1,
	DBG_SYMBOL = 1 << 2,
	DBG_READER = 1 << 3
};
extern unsigned debug_mask;
#define debug_on(d) (debug_mask & (d))
void debug_set(const char *spec);
__attribute__((format(printf, 2, 3))) void debug(unsigned domain, const char *fmt, ...);

#endif
