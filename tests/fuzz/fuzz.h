/* SPDX-License-Identifier: MIT */
/* Helpers the libFuzzer harnesses share: a scratch data directory, sections of one input, quiet
 * output. */
#ifndef FTRACE_TESTS_FUZZ_FUZZ_H
#define FTRACE_TESTS_FUZZ_FUZZ_H

/*
 * Each harness turns one fuzz input into the files of a data directory and runs the real analyser
 * code over it. Inputs that hold several files are split on FUZZ_SEP (a line of its own), so a seed
 * is readable and the fuzzer can grow or shrink one file without moving the others.
 * The directory lives under $TMPDIR (or /dev/shm, which is memory) and is emptied before each run.
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

#define FUZZ_SEP	  "\n--ftrace-fuzz--\n"
#define FUZZ_MAX_SECTIONS 16

struct fuzz_section {
	const uint8_t *p;
	size_t len;
};

static char fuzz_dir[256];

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

/* Writes len bytes at off in dir/name (created, and truncated when off is 0). */
static inline void fuzz_write_at(const char *name, const void *p, size_t len, off_t off)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | (off ? 0 : O_TRUNC), 0644);
	if (fd < 0) {
		perror(path);
		abort(); /* the harness itself is broken, not the code under test */
	}
	if (len && pwrite(fd, p, len, off) != (ssize_t)len)
		abort();
	close(fd);
}

static inline void fuzz_write(const char *name, const void *p, size_t len)
{
	fuzz_write_at(name, p, len, 0);
}

static inline void fuzz_write_str(const char *name, const char *s)
{
	fuzz_write(name, s, strlen(s));
}

/* Removes every file of dir (and of dir/sym): the next input starts from an empty directory. */
static inline void fuzz_clean_dir(const char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0 && !strcmp(e->d_name, "sym"))
			fuzz_clean_dir(path);
	}
	if (d)
		closedir(d);
}

static inline void fuzz_reset(void)
{
	char sym[300];

	fuzz_clean_dir(fuzz_dir);
	snprintf(sym, sizeof(sym), "%s/sym", fuzz_dir);
	mkdir(sym, 0755);
}

/* Once per process: the scratch directory, and stdout to /dev/null (the commands print a lot). */
static inline void fuzz_init(void)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	int fd;

	if (!tmp || !*tmp)
		tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/ftrace-fuzz-%d", tmp, (int)getpid());
	if (mkdir(fuzz_dir, 0755) != 0) {
		perror(fuzz_dir);
		abort();
	}
	fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		fflush(stdout);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

/* At exit, so that long runs leave nothing behind in /dev/shm. */
static inline void fuzz_remove_dir(void)
{
	char sym[300];

	fuzz_clean_dir(fuzz_dir);
	snprintf(sym, sizeof(sym), "%s/sym", fuzz_dir);
	rmdir(sym);
	rmdir(fuzz_dir);
}

/* libFuzzer's set-up for the harnesses that write a data directory: made once, removed at exit. */
#define FUZZ_DATA_DIR_HARNESS                             \
	int LLVMFuzzerInitialize(int *argc, char ***argv) \
	{                                                 \
		(void)argc;                               \
		(void)argv;                               \
		fuzz_init();                              \
		atexit(fuzz_remove_dir);                  \
		return 0;                                 \
	}

#endif
