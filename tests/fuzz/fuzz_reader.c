/* SPDX-License-Identifier: MIT */
/* libFuzzer target: one thread's .dat stream, chunk by chunk, read by the trace reader and the
 * commands. */

/*
 * The input is the chunks of 1.dat, separated by FUZZ_SEP: chunk k is written at k * 64 KiB (the
 * smallest chunk size; the rest of each slot is a hole), so a few hundred bytes can hold a
 * multi-chunk or flight-ring stream. info is fixed and valid (mono clock, 64 KiB chunks, max-stack
 * 1024: a header may not make the reader stack a million frames), so every
 * run reaches the chunk decoder. The last byte picks which commands run after the reader.
 */
#include "fuzz_cmds.h"

#define CHUNK (64u << 10)

static const char info[] =
	"ftrace-data 1\nclock: mono\nchunk-size: 65536\nmax-stack: 1024\nexit-status: 0\npid: 1\n";

FUZZ_DATA_DIR_HARNESS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_section s[FUZZ_MAX_SECTIONS];
	unsigned n = fuzz_split(data, size, s, FUZZ_MAX_SECTIONS);

	fuzz_reset();
	fuzz_write_str("info", info);
	fuzz_write("1.dat", "", 0);
	for (unsigned i = 0; i < n; i++)
		fuzz_write_at("1.dat", s[i].p, s[i].len, (off_t)i * CHUNK);
	fuzz_read_all();
	fuzz_run_cmds(size ? data[size - 1] : 0);
	return 0;
}
