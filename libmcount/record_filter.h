/* SPDX-License-Identifier: MIT */
/* Record-time filters inside the traced program: the hook enter() calls when a filter table is
 * loaded. */
#ifndef FTRACE_LIBMCOUNT_RECORD_FILTER_H
#define FTRACE_LIBMCOUNT_RECORD_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "mcount.h"

/* set once at start-up when `ftrace record` passed a table (FT_ENV_FILTER): one predictable branch
 */
extern HIDDEN bool mc_filter_on;

/*
 * Decides a call before enter() records it. -1: record it as usual (and hijack its return);
 * 0: enter() returns false (not recorded); 1: recorded here, hijack; MC_FILTER_NOHIJACK: record it
 * as usual but do not hijack its return (-e: the exit is estimated). Never reads the clock for a
 * call it drops.
 */
#define MC_FILTER_NOHIJACK 2
struct plt_slot;
/* plt: the library call's slot (its rule is the slot's), NULL for the program's own functions */
HIDDEN int mc_filter_entry(struct mc_thread *t, uint64_t *slot, uint64_t addr, uint64_t ret,
			   const struct plt_slot *plt);

/* Reads the table (idempotent): start-up calls it before hooking the PLT slots. */
HIDDEN void mc_filter_init(void);
/* The rule of a library call to name defined in module (basename), or NULL when none names it. */
struct mc_rule;
HIDDEN const struct mc_rule *mc_filter_plt_rule(const char *name, const char *module);

/*
 * -t, time= and -C take a call back at its exit: when it was shorter than its threshold (or leads
 * to no -C call) and its ENTRY is still the last record of the stream (a leaf, or every child taken
 * back), the write pointer moves back over that ENTRY and no EXIT is written. enter() notes the
 * stream's state before the ENTRY (mc_filter_mark) and after it (mc_filter_entered).
 */
extern HIDDEN bool mc_filter_exits; /* some -t, time= or -C: the exit hooks call mc_filter_exit */

struct mc_mark {
	uint8_t *wp;
	uint64_t time, addr;
	uint32_t seq, depth;
};

static inline void mc_filter_mark(const struct mc_thread *t, struct mc_mark *m)
{
	*m = (struct mc_mark){t->wp, t->last_time, t->last_addr, t->seq, t->depth};
}

HIDDEN void mc_filter_entered(struct mc_thread *t, const struct mc_mark *m);
/* The exit of frame i at tick now: true when its ENTRY was taken back (then no EXIT is written). */
HIDDEN bool mc_filter_exit(struct mc_thread *t, uint32_t i, uint64_t now);
/* Writes the EXIT of the frame on top (unless the filter takes the call back) and pops it. */
HIDDEN void mc_leave(struct mc_thread *t);

#endif
