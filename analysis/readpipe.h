/* SPDX-License-Identifier: MIT */
/* Reading on two CPUs: batches of records decoded by the reader in a thread of its own. */
#ifndef FTRACE_ANALYSIS_READPIPE_H
#define FTRACE_ANALYSIS_READPIPE_H

#include <stdint.h>

#include "trace_reader.h"

/*
 * Reads the whole trace, handing fn batches of records in reader order (a non-zero return stops).
 * The reader may run in another thread: fn must not touch r. The records' payload, args and retval
 * are copies that stay valid during the call only.
 * Returns 0, or -1 when the reader failed (it printed why).
 */
typedef int (*ca_batch_fn)(void *arg, const struct tr_rec *recs, uint32_t n);
int ca_read(struct trace_reader *r, ca_batch_fn fn, void *arg);

#endif
