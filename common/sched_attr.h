/* SPDX-License-Identifier: MIT */
/* The perf event that records context switches, shared by both ways of recording them: per CPU by
 * `ftrace record` (cmd/sched_record.c) and per thread by libmcount (libmcount/sched.c). */
#ifndef FTRACE_COMMON_SCHED_ATTR_H
#define FTRACE_COMMON_SCHED_ATTR_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

/* FT_ENV_SCHED, set for --sched-events=thread: "FD:INODE" of the socket each thread's event goes to */
#define FT_ENV_SCHED "FTRACE_SCHED_SOCK"

/* What a thread sends over that socket, with its event's descriptor (SCM_RIGHTS) when err is 0. */
struct ft_sched_hello {
	int32_t tid;
	int32_t err; /* perf_event_open's errno, 0 when it opened */
};

/*
 * A dummy software event that counts nothing and samples nothing: context_switch alone makes the
 * kernel write PERF_RECORD_SWITCH records, stamped (sample_id_all) with the thread and the time,
 * on CLOCK_MONOTONIC like the trace's clock-sync pairs. exclude_kernel: nothing is sampled, and it
 * is what perf_event_paranoid 2 allows. The ring wakes its reader when `wakeup` bytes are waiting.
 */
static inline void ft_sched_attr(struct perf_event_attr *a, unsigned wakeup)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_DUMMY;
	a->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a->sample_id_all = 1;
	a->context_switch = 1;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = wakeup;
}

/*
 * Per thread, the ring exists while someone maps it: the thread maps it first, and when its mapping
 * goes (exec, the process ends) before record has mapped it too, the kernel frees the ring with the
 * switches in it. Record marks the ring's control page (a byte of __reserved, which the kernel
 * leaves alone) once it has mapped it; the thread waits for the mark before it lets go.
 */
static inline void ft_sched_ring_mark_taken(void *page)
{
	__atomic_store_n(&((struct perf_event_mmap_page *)page)->__reserved[0], 1,
			 __ATOMIC_RELEASE);
}

static inline bool ft_sched_ring_taken(const void *page)
{
	return __atomic_load_n(&((const struct perf_event_mmap_page *)page)->__reserved[0],
			       __ATOMIC_ACQUIRE) != 0;
}

#endif
