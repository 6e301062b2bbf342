/* SPDX-License-Identifier: MIT */
/* The analyser's small services: error messages, checked allocation, --debug logging, helpers. */
#ifndef FTRACE_ANALYSIS_UTIL_H
#define FTRACE_ANALYSIS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --demangle: how symbol names are shown (analysis/demangle.h) */
enum demangle_style { DEMANGLE_SIMPLE, DEMANGLE_FULL, DEMANGLE_NO };

/* errors: lowercase messages prefixed with "ftrace: "; die() exits 1 */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...);
/* The messages of this thread (error(), warn()) kept in *held, "ftrace: ...\n" lines, instead of
 * printed, until msg_hold(NULL): a parallel fold prints its parts' in order, as one thread would
 * have. *held starts NULL; the caller prints and frees it. */
void msg_hold(char **held);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Memory for a big table (a hash's slots, the call tree's nodes), in 2 MiB pages where the kernel
 * has them: big_free() and big_realloc() take the size it was allocated with. */
void *big_alloc(size_t size);
void *big_realloc(void *p, size_t old, size_t size);
void big_free(void *p, size_t size);
char *xstrdup(const char *s);
unsigned parse_tid_list(const char *spec, uint32_t **tids);
int remove_tree(const char *dir);
/* a data file or binary, opened without blocking and only when it is a regular file: the fd, or
 * -1 with errno set (EINVAL: not a regular file); open_reason() words errno for a message */
int open_regular(const char *path);
FILE *fopen_regular(const char *path);
const char *open_reason(int err);
/* a data directory file written by record, created anew and never through a link */
int open_new(const char *path);
int open_new_at(int dirfd, const char *name);
FILE *fopen_new(const char *path);
/* one exit rule for every reader: damage_note() when damaged data was skipped (after a warning
 * naming the file and what was skipped); main() then exits 1 */
void damage_note(void);
bool damage_seen(void);
/* control characters from a trace, escaped as \xNN: has_ctrl() tells whether s has any,
 * escape_ctrl() returns a copy (NULL when there is none), escape_ctrl_in() works in place */
bool has_ctrl(const char *s);
char *escape_ctrl(const char *s);
void escape_ctrl_in(char *buf, size_t size);

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
