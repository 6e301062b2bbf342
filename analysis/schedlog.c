/* SPDX-License-Identifier: MIT */
/* The context switches of a data directory (DIR/sched): loaded, sorted, looked up per thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schedlog.h"
#include "util.h"

/* the order of DIR/sched: by thread, then time; at the same tick a switch out before the next in */
int sched_rec_cmp(const void *a, const void *b)
{
	const struct ft_sched_rec *x = a, *y = b;

	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return (int)(y->flags & FT_SCHED_OUT) - (int)(x->flags & FT_SCHED_OUT);
}

/* Damage, as every reader reports it: one line naming the file, the rest read, exit status 1. */
static int bad(const char *path, const char *what)
{
	error("'%s': %s: context switches are skipped, the trace is incomplete", path, what);
	damage_note();
	return -1;
}

/* The records are read whole: 16 bytes a switch, a few MB for a program that sleeps 100,000 times. */
int sched_log_load(const char *dir, struct sched_log *l)
{
	char path[4200];
	struct ft_sched_header h;
	struct stat st;
	int fd, rc = -1;
	size_t len;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/%s", dir, FT_SCHED_FILE);
	fd = open_regular(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : bad(path, open_reason(errno));
	if (fstat(fd, &st) != 0 || pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    h.magic != FT_SCHED_MAGIC) {
		bad(path, "not a context switch file");
		goto out;
	}
	if (h.version != FT_FORMAT_VERSION || h.rec_size != sizeof(struct ft_sched_rec)) {
		bad(path, "another format version");
		goto out;
	}
	/* a recorder killed while writing may leave half a record at the end: it is dropped */
	l->n = ((size_t)st.st_size - sizeof(h)) / sizeof(struct ft_sched_rec);
	len = l->n * sizeof(struct ft_sched_rec);
	l->v = xmalloc(len ? len : 1);
	if (len && pread(fd, l->v, len, sizeof(h)) != (ssize_t)len) {
		bad(path, "cannot be read");
		sched_log_free(l);
		goto out;
	}
	if (!(h.flags & FT_SCHED_SORTED))
		qsort(l->v, l->n, sizeof(*l->v), sched_rec_cmp);
	l->lost = h.lost;
	rc = 1;
out:
	close(fd);
	return rc;
}

void sched_log_range(const struct sched_log *l, uint32_t tid, const struct ft_sched_rec **first,
		     const struct ft_sched_rec **end)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) { /* the first record of tid or above */
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = l->v + lo;
	while (lo < l->n && l->v[lo].tid == tid)
		lo++;
	*end = l->v + lo;
}

void sched_log_free(struct sched_log *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
