/* SPDX-License-Identifier: MIT */
/* The analysing commands the reader harnesses run over their scratch directory, output discarded.
 */
#ifndef FTRACE_TESTS_FUZZ_FUZZ_CMDS_H
#define FTRACE_TESTS_FUZZ_FUZZ_CMDS_H

#include "ftrace.h"
#include "fuzz.h"
#include "trace_reader.h"

/* The reader's two ways out, to the end: record by record (merged, leaves folded) and in batches.
 */
static inline void fuzz_read_all(void)
{
	struct trace_reader *r = trace_reader_open(fuzz_dir, TR_FOLD_LEAF);
	struct tr_rec rec, recs[16];
	struct tr_stats st;

	if (r) {
		while (trace_reader_next(r, &rec) > 0)
			;
		trace_reader_stats(r, &st);
		trace_reader_close(r);
	}
	r = trace_reader_open(fuzz_dir, TR_NO_MERGE);
	if (r) {
		trace_reader_set_depth(r, 3);
		while (trace_reader_read(r, recs, 16) > 0)
			;
		trace_reader_close(r);
	}
}

/* What a user would run on the directory: bits of sel pick the commands, so one input stays cheap.
 */
static inline void fuzz_run_cmds(unsigned sel)
{
	struct opts o = {.dir = fuzz_dir, .demangle = DEMANGLE_SIMPLE, .cmd_name = "fuzz"};

	if (sel & 1)
		cmd_replay(&o);
	if (sel & 2)
		cmd_report(&o);
	if (sel & 4)
		cmd_info(&o);
	if (sel & 8) {
		o.task = true;
		cmd_graph(&o);
		o.task = false;
	}
	if (sel & 16) {
		o.dump_format = "chrome";
		cmd_dump(&o);
		o.dump_format = "raw";
		cmd_dump(&o);
	}
}

#endif
