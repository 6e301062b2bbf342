/* SPDX-License-Identifier: MIT */
/* An in-memory data directory for the libFuzzer harnesses: the analyser's file calls, wrapped at
 * link time (-Wl,--wrap=open...), read files the harness set from the fuzz input, with no syscall. */

/*
 * Paths under MEMFS_ROOT ("/ftrace-fuzz-mem", and its "sym" subdirectory) are served from a table
 * of files in memory; every other path goes to the real call (the ELF files a trace names, /dev/null).
 * A file opened here gets a descriptor number no real one has (MEMFS_FD_BASE and up): read, pread,
 * fstat and close act on it, mmap returns the file's bytes in place (read-only by the caller's
 * promise: the reader maps PROT_READ) and munmap of such a pointer does nothing, fdopen gives an
 * fmemopen stream. Only the analyser's objects (libftrace.a) are linked with --wrap, so libFuzzer,
 * the sanitizers and libelf keep the real calls. The harness resets the table before each input.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memfs.h"

#define MEMFS_FD_BASE 0x40000000
#define MAX_FILES     64
#define MAX_FDS	      256

struct memfile {
	char name[64]; /* relative to MEMFS_ROOT: "info", "1.dat", "sym/a.sym" */
	uint8_t *data; /* page aligned, as an mmap'd file would be */
	size_t len, cap;
	bool used;
};

struct memfd {
	int file; /* index in files, -1 when free */
	size_t pos;
};

struct memdir {
	char prefix[8]; /* "" for the root, "sym/" */
	unsigned next;
	bool sym_listed;
	struct dirent ent;
};

static struct memfile files[MAX_FILES];
static struct memfd fds[MAX_FDS];
static struct memdir dirs[4];

void memfs_reset(void)
{
	for (unsigned i = 0; i < MAX_FILES; i++) {
		files[i].used = false;
		files[i].len = 0;
	}
	for (unsigned i = 0; i < MAX_FDS; i++)
		fds[i].file = -1;
}

static struct memfile *file_named(const char *name, bool create)
{
	struct memfile *free_slot = NULL;

	for (unsigned i = 0; i < MAX_FILES; i++) {
		if (files[i].used && !strcmp(files[i].name, name))
			return &files[i];
		if (!files[i].used && !free_slot)
			free_slot = &files[i];
	}
	if (!create)
		return NULL;
	if (!free_slot || strlen(name) >= sizeof(free_slot->name))
		abort(); /* the harness asked for more than it may: its own bug */
	snprintf(free_slot->name, sizeof(free_slot->name), "%s", name);
	free_slot->used = true;
	free_slot->len = 0;
	return free_slot;
}

void memfs_write_at(const char *name, const void *p, size_t len, size_t off)
{
	struct memfile *f = file_named(name, true);
	size_t end = off + len;

	if (end > f->cap || !f->data) {
		size_t cap = (end + 4095) & ~(size_t)4095;
		uint8_t *n = aligned_alloc(4096, cap);

		if (!n)
			abort();
		if (f->len)
			memcpy(n, f->data, f->len);
		free(f->data);
		f->data = n;
		f->cap = cap;
	}
	if (off > f->len) /* a hole reads as zeros */
		memset(f->data + f->len, 0, off - f->len);
	if (len)
		memcpy(f->data + off, p, len);
	if (end > f->len)
		f->len = end;
}

/* The path relative to the root, or NULL when it is not ours; "" is the root itself. */
static const char *rel(const char *path)
{
	size_t n = strlen(MEMFS_ROOT);

	if (!path || strncmp(path, MEMFS_ROOT, n) || (path[n] && path[n] != '/'))
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return path;
}

static bool is_dir(const char *r)
{
	return !*r || !strcmp(r, "sym") || !strcmp(r, "sym/");
}

static struct memfd *fd_of(int fd)
{
	if (fd < MEMFS_FD_BASE || fd >= MEMFS_FD_BASE + MAX_FDS || fds[fd - MEMFS_FD_BASE].file < 0)
		return NULL;
	return &fds[fd - MEMFS_FD_BASE];
}

static void stat_file(const struct memfile *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0644;
	st->st_size = (off_t)f->len;
	st->st_nlink = 1;
	st->st_ino = (ino_t)(f - files) + 2;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((f->len + 511) / 512);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	const char *r = rel(path);
	mode_t mode = 0;
	struct memfile *f;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (!r)
		return __real_open(path, flags, mode);
	if ((flags & O_ACCMODE) != O_RDONLY)
		return fail(EROFS);
	if (is_dir(r))
		return fail(EISDIR); /* the analyser opens no directory by descriptor */
	f = file_named(r, false);
	if (!f)
		return fail(ENOENT);
	for (int i = 0; i < MAX_FDS; i++)
		if (fds[i].file < 0) {
			fds[i] = (struct memfd){.file = (int)(f - files), .pos = 0};
			return MEMFS_FD_BASE + i;
		}
	return fail(EMFILE);
}

int __real_close(int fd);
int __wrap_close(int fd)
{
	struct memfd *m = fd_of(fd);

	if (!m)
		return __real_close(fd);
	m->file = -1;
	return 0;
}

int __real_fstat(int fd, struct stat *st);
int __wrap_fstat(int fd, struct stat *st)
{
	struct memfd *m = fd_of(fd);

	if (!m)
		return __real_fstat(fd, st);
	stat_file(&files[m->file], st);
	return 0;
}

static int stat_path(const char *r, struct stat *st)
{
	const struct memfile *f;

	if (is_dir(r)) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		st->st_ino = 1;
		return 0;
	}
	f = file_named(r, false);
	if (!f)
		return fail(ENOENT);
	stat_file(f, st);
	return 0;
}

int __real_stat(const char *path, struct stat *st);
int __wrap_stat(const char *path, struct stat *st)
{
	const char *r = rel(path);

	return r ? stat_path(r, st) : __real_stat(path, st);
}

int __real_lstat(const char *path, struct stat *st);
int __wrap_lstat(const char *path, struct stat *st)
{
	const char *r = rel(path);

	return r ? stat_path(r, st) : __real_lstat(path, st);
}

int __real_access(const char *path, int mode);
int __wrap_access(const char *path, int mode)
{
	const char *r = rel(path);
	struct stat st;

	if (!r)
		return __real_access(path, mode);
	if (stat_path(r, &st) != 0)
		return -1;
	return (mode & W_OK) ? fail(EROFS) : 0;
}

static ssize_t copy_out(const struct memfile *f, void *buf, size_t n, size_t off)
{
	if (off >= f->len)
		return 0;
	if (n > f->len - off)
		n = f->len - off;
	memcpy(buf, f->data + off, n);
	return (ssize_t)n;
}

ssize_t __real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off)
{
	struct memfd *m = fd_of(fd);

	if (!m)
		return __real_pread(fd, buf, n, off);
	if (off < 0)
		return fail(EINVAL);
	return copy_out(&files[m->file], buf, n, (size_t)off);
}

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	struct memfd *m = fd_of(fd);
	ssize_t got;

	if (!m)
		return __real_read(fd, buf, n);
	got = copy_out(&files[m->file], buf, n, m->pos);
	m->pos += (size_t)got;
	return got;
}

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct memfd *m = fd_of(fd);
	const struct memfile *f;

	if (!m)
		return __real_mmap(addr, len, prot, flags, fd, off);
	f = &files[m->file];
	/* what a real mapping gives past the file's end is SIGBUS: the caller must not ask */
	if ((prot & PROT_WRITE) || off < 0 || (off & 4095) || !len || (size_t)off > f->len ||
	    len > f->len - (size_t)off) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return f->data + off;
}

static bool ours(const void *p)
{
	for (unsigned i = 0; i < MAX_FILES; i++)
		if (files[i].data && (const uint8_t *)p >= files[i].data &&
		    (const uint8_t *)p < files[i].data + files[i].cap)
			return true;
	return false;
}

int __real_munmap(void *p, size_t len);
int __wrap_munmap(void *p, size_t len)
{
	return ours(p) ? 0 : __real_munmap(p, len);
}

int __real_madvise(void *p, size_t len, int advice);
int __wrap_madvise(void *p, size_t len, int advice)
{
	return ours(p) ? 0 : __real_madvise(p, len, advice);
}

FILE *__real_fdopen(int fd, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode)
{
	struct memfd *m = fd_of(fd);
	struct memfile *f;
	FILE *s;

	if (!m)
		return __real_fdopen(fd, mode);
	f = &files[m->file];
	/* fmemopen refuses a size of 0: an empty file reads as /dev/null does */
	s = f->len ? fmemopen(f->data, f->len, "r") : fopen("/dev/null", "r");
	if (s)
		m->file = -1; /* the stream owns it now, as with a real fdopen */
	return s;
}

DIR *__real_opendir(const char *path);
DIR *__wrap_opendir(const char *path)
{
	const char *r = rel(path);

	if (!r)
		return __real_opendir(path);
	if (!is_dir(r)) {
		errno = file_named(r, false) ? ENOTDIR : ENOENT;
		return NULL;
	}
	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!dirs[i].prefix[7]) { /* a free one: see closedir */
			dirs[i] = (struct memdir){.prefix = ""};
			if (*r)
				strcpy(dirs[i].prefix, "sym/");
			dirs[i].prefix[7] = 1;
			return (DIR *)&dirs[i];
		}
	errno = EMFILE;
	return NULL;
}

static struct memdir *dir_of(DIR *d)
{
	struct memdir *m = (struct memdir *)d;

	return m >= dirs && m < dirs + sizeof(dirs) / sizeof(dirs[0]) ? m : NULL;
}

struct dirent *__real_readdir(DIR *d);
struct dirent *__wrap_readdir(DIR *d)
{
	struct memdir *m = dir_of(d);
	size_t n;

	if (!m)
		return __real_readdir(d);
	n = strlen(m->prefix);
	if (!n && !m->sym_listed) {
		m->sym_listed = true;
		m->ent = (struct dirent){.d_ino = 1, .d_type = DT_DIR};
		strcpy(m->ent.d_name, "sym");
		return &m->ent;
	}
	while (m->next < MAX_FILES) {
		const struct memfile *f = &files[m->next++];
		const char *name = f->name + n;

		if (!f->used || strncmp(f->name, m->prefix, n) || strchr(name, '/'))
			continue;
		m->ent = (struct dirent){.d_ino = (ino_t)(f - files) + 2, .d_type = DT_REG};
		snprintf(m->ent.d_name, sizeof(m->ent.d_name), "%s", name);
		return &m->ent;
	}
	return NULL;
}

int __real_closedir(DIR *d);
int __wrap_closedir(DIR *d)
{
	struct memdir *m = dir_of(d);

	if (!m)
		return __real_closedir(d);
	m->prefix[7] = 0;
	return 0;
}
