/* SPDX-License-Identifier: MIT */
/* The record-time filter table: the address table libmcount reads (libmcount/record_filter.c). */
#ifndef FTRACE_ANALYSIS_FILTER_RECORD_H
#define FTRACE_ANALYSIS_FILTER_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "filter.h"

/*
 * record side: matches every function of the ELF file exe and writes the table libmcount reads to
 * path (format in libmcount/record_filter.c). Returns the number of functions the rules matched,
 * -1 with a message printed when exe cannot be read or path written.
 */
int filter_write_table(const struct filter *f, const char *exe, const char *path,
		       enum demangle_style ds, bool estimate_return, bool tsc);

/* What `record` calls before running exe: writes DIR/filter and points FT_ENV_FILTER at it when
 * c asks for filters or -e. tsc: libmcount reads the TSC (times are converted to its ticks).
 * Dies on bad patterns. */
void filter_setup_record(const struct filter_config *c, const char *exe, const char *dir, bool tsc);
/* In the child, before exec: the tick the recording started at (info's clock-sync), from which
 * libmcount counts -r. Does nothing when no table was written. */
void filter_record_origin(uint64_t tick);

#endif
