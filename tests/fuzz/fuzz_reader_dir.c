/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a whole data directory (info, task, enums, several .dat streams) from one
 * input. */

/*
 * The input's sections (FUZZ_SEP) are, in order: info, task, enums, then one <tid>.dat file each
 * (1.dat, 2.dat...), written as they are (info with its max-stack bounded: write_info()). Everything the reader and the commands read from a data
 * directory except the symbol files (fuzz_symfile covers those) comes from the input. The last
 * byte picks which commands run after the reader.
 */
#include "fuzz_cmds.h"

static const char *const names[] = {"info", "task", "enums"};

/* record's default --max-stack: the deepest chunk header the reader takes in these inputs */
#define FUZZ_MAX_STACK 1024

/*
 * The reader takes info's first max-stack line for the deepest a chunk header may be, and 2^20 when
 * info has none (libmcount always writes one, but a real trace may be that deep). A header that
 * deep makes each of an input's readers stack as many unknown frames: about a sixth of this
 * target's CPU once its corpus has grown (the slow unit of doc/fuzzing.md), for no more code
 * reached than a shallow one. So the harness bounds it: an info whose first max-stack line is
 * missing, unreadable or deeper than FUZZ_MAX_STACK gets a line "max-stack: FUZZ_MAX_STACK" after
 * its first line, which the reader finds first; the rest is written as it came and still parsed.
 */
static bool max_stack_bounded(const uint8_t *p, size_t len)
{
	const uint8_t *end = memchr(p, 0, len); /* the reader reads info as a string */
	const char key[] = "\nmax-stack:";
	const uint8_t *v;
	unsigned long n;
	char *s;

	len = end ? (size_t)(end - p) : len;
	v = memmem(p, len, key, strlen(key));
	if (!v)
		return false;
	v += strlen(key);
	end = memchr(v, '\n', len - (size_t)(v - p));
	/* the value as the reader parses it: the rest of the line, after spaces and tabs */
	s = strndup((const char *)v, end ? (size_t)(end - v) : len - (size_t)(v - p));
	n = strtoul(s + strspn(s, " \t"), NULL, 10);
	free(s);
	return n >= 1 && n <= FUZZ_MAX_STACK;
}

/* info as it came when its max-stack is bounded, else with a bounded one after its first line */
static void write_info(const uint8_t *p, size_t len)
{
	char line[32];
	const uint8_t *nl = memchr(p, '\n', len);
	size_t first = nl ? (size_t)(nl + 1 - p) : len, off = first;

	if (max_stack_bounded(p, len)) {
		fuzz_write("info", p, len);
		return;
	}
	fuzz_write_at("info", p, first, 0);
	if (!nl)
		fuzz_write_at("info", "\n", 1, (off_t)off++);
	snprintf(line, sizeof(line), "max-stack: %d\n", FUZZ_MAX_STACK);
	fuzz_write_at("info", line, strlen(line), (off_t)off);
	fuzz_write_at("info", p + first, len - first, (off_t)(off + strlen(line)));
}

FUZZ_DATA_DIR_HARNESS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_section s[FUZZ_MAX_SECTIONS];
	unsigned n = fuzz_split(data, size, s, FUZZ_MAX_SECTIONS);
	char name[32];

	fuzz_reset();
	for (unsigned i = 0; i < n; i++) {
		if (i == 0) {
			write_info(s[i].p, s[i].len);
			continue;
		}
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
