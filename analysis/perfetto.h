/* SPDX-License-Identifier: MIT */
/* dump --perfetto: a trace as Perfetto's protobuf (TrackEvent slices), streamed. */
#ifndef FTRACE_ANALYSIS_PERFETTO_H
#define FTRACE_ANALYSIS_PERFETTO_H

/*
 * The output is a `Trace` (repeated TracePacket, field 1), written packet by packet: memory depends
 * on the threads and the distinct functions, never on the length of the trace. Each thread is its
 * own packet sequence with its own track: its first packets describe the process and the thread
 * (TrackDescriptor), then set the sequence's defaults (the thread's track, a sequence-scoped clock
 * whose timestamps are deltas) so that each slice costs a dozen bytes. Function names are interned
 * once per sequence. Recorded arguments and return values become debug annotations "args" and
 * "retval". tests/e2e/analysis/perfetto.proto is the subset of the public schema used here.
 */

#include "callstats.h"
#include "output.h"
#include "trace_reader.h"

struct dwarf_enums;

/* Writes the records of r; dir is the data directory (process names from its task log), en may
 * be NULL. Returns 0, or 1 when the reader failed. */
int perfetto_write(struct out *out, struct trace_reader *r, struct ca_funcs *fn, const char *dir,
		   const struct dwarf_enums *en);

#endif
