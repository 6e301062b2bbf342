/* SPDX-License-Identifier: MIT */
/* Memory maps of a trace (<pid>-<session>.maps): the copies taken after dlopen. */
#ifndef FTRACE_ANALYSIS_PROCMAPS_H
#define FTRACE_ANALYSIS_PROCMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The ticks at which the memory map of process image (pid, session) was copied again, after its
 * first copy (dlopen), ascending; *n = 0 and NULL when there are none. A record made at or after
 * copies[i] (and before copies[i + 1]) is looked up with session copies[i]: the map of its time.
 * The caller frees the array.
 */
uint64_t *maps_copies(const char *dir, uint32_t pid, uint64_t session, size_t *n);

#endif
