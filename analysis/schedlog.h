/* SPDX-License-Identifier: MIT */
/* The context switches of a data directory (DIR/sched): loaded, sorted, looked up per thread. */
#ifndef FTRACE_ANALYSIS_SCHEDLOG_H
#define FTRACE_ANALYSIS_SCHEDLOG_H

#include <stddef.h>
#include <stdint.h>

#include "trace_format.h"

struct sched_log {
	struct ft_sched_rec *v; /* sorted by (tid, ns) */
	size_t n;
	uint64_t lost; /* switches the kernel dropped while recording */
};

/* 1: loaded (n may be 0); 0: the trace has none; -1: the file is unreadable (one warning said
 * why, and the trace reads without switches). */
int sched_log_load(const char *dir, struct sched_log *l);
/* The switches of tid: [*first, *end), empty when it has none. */
void sched_log_range(const struct sched_log *l, uint32_t tid, const struct ft_sched_rec **first,
		     const struct ft_sched_rec **end);
void sched_log_free(struct sched_log *l);
/* qsort order of struct ft_sched_rec in DIR/sched (record sorts the file, readers check it) */
int sched_rec_cmp(const void *a, const void *b);

#endif
