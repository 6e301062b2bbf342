/* SPDX-License-Identifier: MIT */
/* Fatal signals as libmcount logged them, told as one line: `record`'s crash line and `info`. */
#ifndef FTRACE_CMD_CRASH_H
#define FTRACE_CMD_CRASH_H

#include <stdbool.h>
#include <stddef.h>

#include "ftrace.h"

struct fatal_signal {
	int pid, tid, sig;
	unsigned long long addr, session;
	char frames[64 * 17 + 2]; /* hex addresses, innermost first, comma-separated; "-" for none */
};

/* Every fatal signal in the task log, in order; *n is set, the array is the caller's to free. */
struct fatal_signal *fatal_signals_read(const char *dir, unsigned *n);

/* " (address 0x4) in inner <- middle <- main": what follows "killed by SIGSEGV". */
void fatal_signal_where(const char *dir, const struct fatal_signal *fs, enum demangle_style style, char *buf,
			size_t size);

#endif
