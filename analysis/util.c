/* SPDX-License-Identifier: MIT */
/* Error reporting, checked allocation, debug logging and small helpers for the ftrace command
 * (never the target). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

unsigned debug_mask;
static bool damaged;
static __thread char **held_msgs; /* msg_hold() */

/* A reader skipped damaged data (and said so, naming the file): the command will exit 1. */
void damage_note(void)
{
	damaged = true;
}

bool damage_seen(void)
{
	return damaged;
}

void msg_hold(char **held)
{
	held_msgs = held;
}

/* Messages quote paths and names from the trace: their control characters are escaped. */
static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	char msg[8192], *all;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	escape_ctrl_in(msg, sizeof(msg));
	if (held_msgs) {
		if (asprintf(&all, "%sftrace: %s%s\n", *held_msgs ? *held_msgs : "", prefix, msg) <
		    0)
			abort();
		free(*held_msgs);
		*held_msgs = all;
		return;
	}
	fflush(stdout);
	fprintf(stderr, "ftrace: %s%s\n", prefix, msg);
}

void die(const char *fmt, ...)
{
	va_list ap;

	if (held_msgs && *held_msgs) /* what this thread held comes first */
		fputs(*held_msgs, stderr);
	held_msgs = NULL;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	exit(1);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	return -1;
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

/* In the analyser an allocation failure is fatal and loud: there is nothing sensible to go on with.
 */
void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory (%zu bytes)", size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *xrealloc(void *old, size_t size)
{
	void *p = realloc(old, size ? size : 1);

	if (!p)
		die("out of memory (%zu bytes)", size);
	return p;
}

/*
 * big_alloc(): from this size on, a table gets 2 MiB-aligned anonymous memory marked for
 * transparent huge pages. A first touch of a 4 KiB page costs ~14 us on the VMs we measure on
 * (a 4 MiB memset after mmap: 14 ms; 0.4-0.8 ms with MADV_HUGEPAGE), and a table that grows
 * touches every page of each copy: 2,200 faults for the 19,396 nodes of a Lua trace's tree, a
 * fifth of report's time. A huge page is one fault.
 */
#define BIG_MIN	 (192u << 10)
#define BIG_PAGE ((size_t)2 << 20)

static size_t big_round(size_t size)
{
	return (size + BIG_PAGE - 1) & ~(BIG_PAGE - 1);
}

void *big_alloc(size_t size)
{
	size_t len = big_round(size);
	char *p, *a;

	if (size < BIG_MIN)
		return xmalloc(size);
	p = mmap(NULL, len + BIG_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("out of memory (%zu bytes)", size);
	/* the aligned part kept, the rest unmapped */
	a = (char *)(((uintptr_t)p + BIG_PAGE - 1) & ~(uintptr_t)(BIG_PAGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	munmap(a + len, (size_t)(p + BIG_PAGE - a));
	madvise(a, len, MADV_HUGEPAGE); /* only a hint: without it, 4 KiB pages */
	return a;
}

void big_free(void *p, size_t size)
{
	if (size < BIG_MIN)
		free(p);
	else if (p)
		munmap(p, big_round(size));
}

void *big_realloc(void *p, size_t old, size_t size)
{
	void *q;

	if (size < BIG_MIN && old < BIG_MIN)
		return xrealloc(p, size);
	if (old >= BIG_MIN && big_round(old) >= size)
		return p;
	q = big_alloc(size);
	memcpy(q, p, old < size ? old : size);
	big_free(p, old);
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

static const struct {
	const char *name;
	unsigned bit;
} debug_domains[] = {
	{"record", DBG_RECORD}, {"replay", DBG_REPLAY}, {"symbol", DBG_SYMBOL},
	{"reader", DBG_READER}, {"all", ~0u},
};

void debug_set(const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(debug_domains) / sizeof(debug_domains[0]); i++)
			if (!strcmp(tok, debug_domains[i].name))
				break;
		if (i == sizeof(debug_domains) / sizeof(debug_domains[0]))
			die("unknown debug domain '%s' (record, replay, symbol, reader, all)", tok);
		debug_mask |= debug_domains[i].bit;
	}
	free(copy);
}

void debug(unsigned domain, const char *fmt, ...)
{
	va_list ap;

	if (!(debug_mask & domain))
		return;
	va_start(ap, fmt);
	fputs("ftrace: debug: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* --tid TID[,TID...]: the thread ids, in a new array; dies on anything else. */
unsigned parse_tid_list(const char *spec, uint32_t **tids)
{
	unsigned n = 0;
	const char *p = spec;

	*tids = xcalloc(strlen(spec) / 2 + 1, sizeof(**tids));
	while (*p) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end == p || (*end && *end != ',') || v > UINT32_MAX)
			die("invalid --tid '%s' (expected TID[,TID...])", spec);
		(*tids)[n++] = (uint32_t)v;
		p = *end ? end + 1 : end;
	}
	return n;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) != 0 ? -1 : 0;
}

/* rm -rf without a shell: depth first, never following symbolic links. 0, or -1 with errno. */
int remove_tree(const char *dir)
{
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Every file of a data directory (and every binary a memory map names) is opened here: a FIFO or a
 * device planted in its place must not hang or flood a reader, so the open does not block and
 * anything but a regular file is refused (errno EINVAL, which open_reason() words).
 */
int open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

FILE *fopen_regular(const char *path)
{
	int fd = open_regular(path);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	if (fd >= 0 && !f)
		close(fd);
	return f;
}

/* strerror() for what open_regular() reports */
const char *open_reason(int err)
{
	return err == EINVAL ? "not a regular file" : strerror(err);
}

bool has_ctrl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/*
 * Names, command lines and paths come from the trace, which the traced program could fill with
 * anything: an escape sequence must never reach the terminal. NULL when s has no control
 * character, else a copy with each one as \xNN.
 */
char *escape_ctrl(const char *s)
{
	char *out, *p;

	if (!has_ctrl(s))
		return NULL;
	out = p = xmalloc(4 * strlen(s) + 1);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			p += sprintf(p, "\\x%02x", (unsigned char)*s);
		else
			*p++ = *s;
	*p = '\0';
	return out;
}

/* escape_ctrl() in place, for a buffer of size bytes (cut when the escapes do not fit) */
void escape_ctrl_in(char *buf, size_t size)
{
	char *e = escape_ctrl(buf);

	if (e) {
		snprintf(buf, size, "%s", e);
		free(e);
	}
}

/*
 * A file of the data directory that `ftrace record` writes, made anew: whatever the traced program
 * left under that name (a symbolic or hard link to a file of the user's) is unlinked, and the new
 * file is created exclusively, never through a link. The descriptor, or -1 with errno set.
 */
int open_new(const char *path)
{
	return open_new_at(AT_FDCWD, path);
}

/* open_new() of a name in the directory dirfd; the unlink only when the name is taken (in a run's
 * fresh directory it never is: one failed lookup less per file) */
int open_new_at(int dirfd, const char *name)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(dirfd, name, flags, 0644);

	if (fd >= 0 || errno != EEXIST)
		return fd;
	if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT)
		return -1;
	return openat(dirfd, name, flags, 0644);
}

FILE *fopen_new(const char *path)
{
	int fd = open_new(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (fd >= 0 && !f)
		close(fd);
	return f;
}
