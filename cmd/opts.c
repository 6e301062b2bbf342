/* SPDX-License-Identifier: MIT */
/* The command line's options turned into the analyser library's own config structs (in libftrace.a,
 * so that everything that runs a command, the fuzz harnesses included, links without ftrace.c). */
#include "callstats.h"
#include "filter.h"
#include "ftrace.h"

struct filter_config opts_filter_config(const struct opts *o)
{
	return (struct filter_config){
		.rules = o->filter_opts,
		.nrules = o->nfilter_opts,
		.match = o->match,
		.depth = o->depth,
		.time_filter = o->time_filter,
		.time_range = o->time_range,
		.disable = o->disable,
		.no_libcall = o->no_libcall,
		.estimate_return = o->estimate_return,
		.demangle = o->demangle,
		.dir = o->dir,
		.live = o->cmd_bit == CMD_LIVE,
		.sched = !o->no_event,
	};
}

struct trace_reader *opts_reader_open(const struct opts *o, unsigned flags)
{
	struct filter_config fc = opts_filter_config(o);

	return ca_reader_open(&fc, o->tid, flags);
}
