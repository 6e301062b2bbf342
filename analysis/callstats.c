/* SPDX-License-Identifier: MIT */
/* The entry point of the aggregating commands: the reader with the shared filters, the title. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "callstats.h"
#include "filter_engine.h"

/*
 * The filter hook point: every analysis opens its reader here, so a filter added to the options
 * (-F -N -H -C -T -t -r -D, analysis/filter.h) is applied to report, graph and dump alike, before
 * aggregation.
 */
struct trace_reader *ca_reader_open(const struct filter_config *fc, const char *tid, unsigned flags)
{
	struct trace_reader *r = trace_reader_open(fc->dir, flags);

	if (!r)
		return NULL;
	trace_reader_set_sched(r, fc->sched);
	if (tid) {
		uint32_t *tids;
		unsigned n = parse_tid_list(tid, &tids);

		trace_reader_set_tids(r, tids, n);
		free(tids);
	}
	filter_setup_reader(r, fc, NULL);
	return r;
}

const char *ca_program_name(struct trace_reader *r)
{
	const char *exe = trace_reader_info(r, "exe"), *slash;

	if (!exe || !*exe)
		return "ftrace";
	slash = strrchr(exe, '/');
	return slash && slash[1] ? slash + 1 : exe;
}
