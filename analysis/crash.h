/* SPDX-License-Identifier: MIT */
/* A fatal signal told as one line: `record`'s crash line and `info`. */
#ifndef FTRACE_ANALYSIS_CRASH_H
#define FTRACE_ANALYSIS_CRASH_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "tasks.h"

/* " (address 0x4) in inner <- middle <- main": what follows "killed by SIGSEGV". */
void fatal_signal_where(const char *dir, const struct fatal_signal *fs, enum demangle_style style,
			char *buf, size_t size);

#endif
