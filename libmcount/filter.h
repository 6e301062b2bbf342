/* SPDX-License-Identifier: MIT */
/* Record-time filters inside the traced program: the hook enter() calls when a filter table is loaded. */
#ifndef FTRACE_LIBMCOUNT_FILTER_H
#define FTRACE_LIBMCOUNT_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "mcount.h"

/* set once at start-up when `ftrace record` passed a table (FT_ENV_FILTER): one predictable branch */
extern HIDDEN bool mc_filter_on;

/*
 * Decides a call before enter() records it. -1: record it as usual (and hijack its return);
 * 0: enter() returns false (not recorded, or recorded here without hijacking for -e); 1: recorded
 * here, hijack. Never reads the clock for a call it drops.
 */
HIDDEN int mc_filter_entry(struct mc_thread *t, uint64_t *slot, uint64_t addr, uint64_t ret);

#endif
