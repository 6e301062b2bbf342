/* SPDX-License-Identifier: MIT */
/* Recording the traced threads' context switches from perf events, in `ftrace record`'s process. */
#ifndef FTRACE_CMD_SCHED_RECORD_H
#define FTRACE_CMD_SCHED_RECORD_H

/*
 * The traced program's hot path knows nothing of this: `ftrace record` opens one perf event per
 * CPU on itself, disabled, with inherit and enable_on_exec, before it spawns the program. The
 * program inherits the events and the kernel enables them at its exec, so every thread and process
 * it starts is followed from its first instruction, and the recorder drains the per-CPU rings into
 * DIR/sched (common/trace_format.h) while the program runs:
 *
 *	struct sched_record *s = sched_record_open(dir, why, sizeof(why)); // NULL: why says
 *	spawn_program(...);
 *	while (program runs) { poll(sched_record_pollfds(s)...); sched_record_drain(s); }
 *	sched_record_finish(s, &summary);  // drains, closes, sorts the file
 */

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sched_record;

struct sched_summary {
	uint64_t switches; /* records written */
	uint64_t lost;	   /* records the kernel dropped (a ring was full) */
};

/* NULL with a one-line reason in why when perf events cannot be opened (permissions, kernel).
 * per_thread: each thread of the program opens its own event (--sched-events=thread); the program
 * then needs sched_record_env() as FT_ENV_SCHED, and sched_record_spawned() once it runs. */
struct sched_record *sched_record_open(const char *dir, bool per_thread, char *why,
				       size_t why_size);
const char *sched_record_env(const struct sched_record *s); /* NULL per CPU */
void sched_record_spawned(struct sched_record *s);
/* The rings' descriptors, POLLIN when a ring is a quarter full: n of them in *fds. */
unsigned sched_record_pollfds(struct sched_record *s, struct pollfd *fds, unsigned max);
/* Copies what the rings hold into the file; never blocks. */
void sched_record_drain(struct sched_record *s);
/* Last drain, descriptors closed, file sorted by (tid, time); frees s. 0, or -1 after a warning. */
int sched_record_finish(struct sched_record *s, struct sched_summary *sum);

#endif
