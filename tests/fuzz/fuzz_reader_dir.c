/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a whole data directory (info, task, enums, several .dat streams) from one
 * input. */

/*
 * The input's sections (FUZZ_SEP) are, in order: info, task, enums, then one <tid>.dat file each
 * (1.dat, 2.dat...), written as they are. Everything the reader and the commands read from a data
 * directory except the symbol files (fuzz_symfile covers those) comes from the input. The last
 * byte picks which commands run after the reader.
 */
#include "fuzz_cmds.h"

static const char *const names[] = {"info", "task", "enums"};

FUZZ_DATA_DIR_HARNESS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_section s[FUZZ_MAX_SECTIONS];
	unsigned n = fuzz_split(data, size, s, FUZZ_MAX_SECTIONS);
	char name[32];

	fuzz_reset();
	for (unsigned i = 0; i < n; i++) {
		if (i < 3) {
			fuzz_write(names[i], s[i].p, s[i].len);
			continue;
		}
		snprintf(name, sizeof(name), "%u.dat", i - 2);
		fuzz_write(name, s[i].p, s[i].len);
	}
	fuzz_read_all();
	fuzz_run_cmds(size ? data[size - 1] : 0);
	return 0;
}
