/* SPDX-License-Identifier: MIT */
/* Arguments and return values: the -A/-R specs, captured at entry and exit into FT_EV_ARGS/RETVAL events. */
#include "mcount.h"

HIDDEN bool mc_args_on;

void mc_args_init(void)
{
}

void mc_args_entry(struct mc_thread *t, uint64_t addr, const uint64_t *regs)
{
	(void)t, (void)addr, (void)regs;
}

void mc_args_exit(struct mc_thread *t, uint64_t addr, const uint64_t *retregs)
{
	(void)t, (void)addr, (void)retregs;
}
