/* SPDX-License-Identifier: MIT */
/* libmcount's process-wide settings, read once from the environment `ftrace record` prepared. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcount.h"

HIDDEN struct mc_config mc_cfg;

uint64_t mc_clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static unsigned long env_number(const char *name, unsigned long def, unsigned long min,
				unsigned long max)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	v = strtoul(s, &end, 10);
	if (*end || v < min || v > max)
		return def;
	return v;
}

/* A flight ring of `bytes` per thread: at least two chunks, so one is always complete. */
static void flight_config(unsigned long bytes)
{
	if (!bytes)
		return;
	mc_cfg.ring_chunks = (uint32_t)(bytes / mc_cfg.chunk_size);
	if (mc_cfg.ring_chunks < 2)
		mc_cfg.ring_chunks = 2;
}

/* Fills mc_cfg; mc_cfg.ready stays false without a data directory (not started by `record`). */
void mc_config_read(void)
{
	const char *dir = getenv(FT_ENV_DIR), *clock = getenv(FT_ENV_CLOCK);
	unsigned long flight;

	if (!dir || !*dir || strlen(dir) >= sizeof(mc_cfg.dir))
		return;
	strcpy(mc_cfg.dir, dir);
	mc_cfg.dir_len = (int)strlen(dir);
	mc_cfg.use_tsc = clock && !strcmp(clock, "tsc");
	flight = env_number(FT_ENV_FLIGHT, 0, 0, 1ul << 40);
	mc_cfg.chunk_size = ft_chunk_size(env_number(FT_ENV_CHUNK, 0, 0, ~0ul), flight);
	mc_cfg.max_depth = (uint32_t)env_number(FT_ENV_DEPTH, FT_MAX_STACK_DEFAULT, 1, 1u << 20);
	flight_config(flight);
	mc_cfg.ready = true;
}
