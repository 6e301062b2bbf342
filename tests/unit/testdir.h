/* SPDX-License-Identifier: MIT */
/* What the unit tests that read a data directory share: making one, its info file, removing it. */
#ifndef FTRACE_TESTS_UNIT_TESTDIR_H
#define FTRACE_TESTS_UNIT_TESTDIR_H

/* included after <cmocka.h> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_format.h"

/* Writes text to the file name of data directory dir. */
static inline void testdir_write(const char *dir, const char *name, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The info file of a complete trace with chunks of chunk bytes, then extra lines (or NULL). */
static inline void testdir_info(const char *dir, unsigned chunk, const char *extra)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "ftrace-data 1\nstate: complete\nclock: mono\nchunk-size: %u\n%s", chunk,
		 extra ? extra : "");
	testdir_write(dir, FT_INFO_FILE, text);
}

/* Removes dir and everything in it (a cmocka teardown's return value: 0 on success). */
static inline int testdir_remove(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Writes plain records into a chunk: wr_rec() appends one ENTRY or EXIT (time and address deltas
 * from the previous record's). */
struct wr {
	uint8_t *p;
	uint64_t tick, addr;
};

static inline void wr_rec(struct wr *w, uint64_t tick, unsigned kind, uint64_t addr)
{
	w->p = ft_put_varint(w->p, (tick - w->tick) << 2 | kind);
	w->tick = tick;
	if (kind == FT_KIND_ENTRY) {
		w->p = ft_put_varint(w->p, ft_zigzag((int64_t)(addr - w->addr)));
		w->addr = addr;
	}
}

#endif
