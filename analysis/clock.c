/* SPDX-License-Identifier: MIT */
/* The analyser's clocks: CLOCK_MONOTONIC, the TSC, and the pairs that calibrate one against the
 * other. */
#include <time.h>

#include "clock.h"

uint64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct clock_pair clock_pair_read(bool tsc)
{
	struct clock_pair best = {0, 0};
	uint64_t best_gap = UINT64_MAX;

	for (int i = 0; i < 5; i++) {
		uint64_t a = clock_mono_ns(), t = tsc ? __builtin_ia32_rdtsc() : 0,
			 b = clock_mono_ns();

		if (b - a < best_gap) {
			best_gap = b - a;
			best = (struct clock_pair){tsc ? t : a + (b - a) / 2, a + (b - a) / 2};
		}
	}
	return best;
}

uint64_t clock_tsc_hz(void)
{
	static uint64_t hz;
	struct clock_pair p0, p1;

	if (hz)
		return hz;
	p0 = clock_pair_read(true);
	while (clock_mono_ns() - p0.ns < 5000000)
		;
	p1 = clock_pair_read(true);
	hz = p1.tick > p0.tick
		     ? (uint64_t)((double)(p1.tick - p0.tick) * 1e9 / (double)(p1.ns - p0.ns))
		     : 1000000000u;
	return hz;
}
