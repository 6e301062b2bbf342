/* SPDX-License-Identifier: MIT */
/* The in-memory data directory of the fuzz harnesses (memfs.c): what a harness calls. */
#ifndef FTRACE_TESTS_FUZZ_MEMFS_H
#define FTRACE_TESTS_FUZZ_MEMFS_H

#include <stddef.h>

/* the data directory the analyser is given: never on disk */
#define MEMFS_ROOT "/ftrace-fuzz-mem"

/* Empties the directory (sym/ stays, empty). */
void memfs_reset(void);
/* Writes len bytes at off in name ("info", "sym/a.sym"), creating it; a gap before off reads as
 * zeros. */
void memfs_write_at(const char *name, const void *p, size_t len, size_t off);

#endif
