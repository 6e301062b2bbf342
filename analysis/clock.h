/* SPDX-License-Identifier: MIT */
/* The analyser's clocks: CLOCK_MONOTONIC, the TSC, and the pairs that calibrate one against the
 * other. */
#ifndef FTRACE_ANALYSIS_CLOCK_H
#define FTRACE_ANALYSIS_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct clock_pair {
	uint64_t tick,
		ns; /* a TSC reading (or ns, without the TSC) and the CLOCK_MONOTONIC time of it */
};

uint64_t clock_mono_ns(void);
/* The tightest of five brackets of mono, tick, mono: a pair is only as good as its reads. */
struct clock_pair clock_pair_read(bool tsc);
/* TSC ticks per second on this machine, measured once over 5 ms (a few ppm) and remembered. */
uint64_t clock_tsc_hz(void);

#endif
