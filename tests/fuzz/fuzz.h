/* SPDX-License-Identifier: MIT */
/* Helpers the libFuzzer harnesses share: a scratch data directory, sections of one input, quiet
 * output. */
#ifndef FTRACE_TESTS_FUZZ_FUZZ_H
#define FTRACE_TESTS_FUZZ_FUZZ_H

/*
 * Each harness turns one fuzz input into the files of a data directory and runs the real analyser
 * code over it. Inputs that hold several files are split on FUZZ_SEP (a line of its own), so a seed
 * is readable and the fuzzer can grow or shrink one file without moving the others.
 * The directory is in memory (memfs.c, which the analyser's file calls are wrapped to at link
 * time): no file is written and no syscall made per input. It is emptied before each run.
 * build.sh compiles the harnesses with -D_GNU_SOURCE (memmem), before any header.
 */

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memfs.h"

#define FUZZ_SEP	  "\n--ftrace-fuzz--\n"
#define FUZZ_MAX_SECTIONS 16

struct fuzz_section {
	const uint8_t *p;
	size_t len;
};

static const char fuzz_dir[] = MEMFS_ROOT; /* in memory: tests/fuzz/memfs.c */

/* The sections of data separated by FUZZ_SEP, at most max of them (the last one keeps the rest). */
static inline unsigned fuzz_split(const uint8_t *data, size_t size, struct fuzz_section *s,
				  unsigned max)
{
	size_t seplen = strlen(FUZZ_SEP);
	unsigned n = 0;

	while (n + 1 < max) {
		const uint8_t *sep = memmem(data, size, FUZZ_SEP, seplen);

		if (!sep)
			break;
		s[n++] = (struct fuzz_section){data, (size_t)(sep - data)};
		size -= (size_t)(sep - data) + seplen;
		data = sep + seplen;
	}
	s[n++] = (struct fuzz_section){data, size};
	return n;
}

/* Writes len bytes at off in the data directory's file name (created; a gap reads as zeros). */
static inline void fuzz_write_at(const char *name, const void *p, size_t len, off_t off)
{
	memfs_write_at(name, p, len, (size_t)off);
}

static inline void fuzz_write(const char *name, const void *p, size_t len)
{
	fuzz_write_at(name, p, len, 0);
}

static inline void fuzz_write_str(const char *name, const char *s)
{
	fuzz_write(name, s, strlen(s));
}

/* The next input starts from an empty directory. */
static inline void fuzz_reset(void)
{
	memfs_reset();
}

/* Once per process: stdout to /dev/null (the commands print a lot). */
static inline void fuzz_init(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd >= 0) {
		fflush(stdout);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	memfs_reset();
}

/*
 * AddressSanitizer's defaults for the harnesses (ASAN_OPTIONS still overrides them). Its
 * quarantine keeps 256 MB of freed blocks from reuse: each input allocates megabytes, so every
 * input ran in fresh pages (page faults, zeroing, TLB flushes: half the time of the reader
 * targets). With 16 MB, a block stays poisoned until 16 MB more have been freed: more than most
 * inputs free in all, so a use after free within one input is still caught.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

/* libFuzzer's set-up for the harnesses that read a data directory */
#define FUZZ_DATA_DIR_HARNESS                             \
	int LLVMFuzzerInitialize(int *argc, char ***argv) \
	{                                                 \
		(void)argc;                               \
		(void)argv;                               \
		fuzz_init();                              \
		return 0;                                 \
	}

#endif
