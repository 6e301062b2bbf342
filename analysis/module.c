/* SPDX-License-Identifier: MIT */
/* A module's functions in memory: sorted, one name per address, sizes filled in. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbols_impl.h"
#include "util.h"

const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Reads a whole file, NUL-terminated; NULL with errno set on failure. */
char *read_text(const char *path, size_t *len)
{
	struct stat stb;
	char *buf = NULL;
	ssize_t n = 0;
	int fd = open_regular(path);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &stb) == 0) {
		buf = xmalloc((size_t)stb.st_size + 1);
		n = read(fd, buf, (size_t)stb.st_size);
	}
	if (n < 0) {
		free(buf);
		buf = NULL;
	} else if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	close(fd);
	return buf;
}

static inline bool msym_less(const struct msym *x, const struct msym *y)
{
	if (x->value != y->value)
		return x->value < y->value;
	if (x->prio != y->prio)
		return x->prio < y->prio;
	return strcmp(x->name, y->name) < 0;
}

/*
 * Quicksort with the comparison inlined: qsort() was most of symbols_save's time (libc's .dynsym
 * comes in hash order), and `ftrace record` start-up is a benchmark.
 */
static void msyms_sort(struct msym *a, size_t n)
{
	struct msym pivot, tmp;
	size_t i, j;

	while (n > 12) {
		pivot = a[n / 2];
		for (i = 0, j = n - 1;; i++, j--) {
			while (msym_less(&a[i], &pivot))
				i++;
			while (msym_less(&pivot, &a[j]))
				j--;
			if (i >= j)
				break;
			tmp = a[i];
			a[i] = a[j];
			a[j] = tmp;
		}
		/* recurse into the smaller part, loop on the larger: the stack stays O(log n) */
		if (j + 1 < n - j - 1) {
			msyms_sort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			msyms_sort(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++) {
		tmp = a[i];
		for (j = i; j > 0 && msym_less(&tmp, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = tmp;
	}
}

static bool msyms_sorted(const struct msym *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (msym_less(&s[i], &s[i - 1]))
			return false;
	return true;
}

/* The end of the segment holding addr: where a size-0 symbol stops at the latest. */
static uint64_t seg_end(const struct module *m, uint64_t addr)
{
	for (size_t i = 0; i < m->nsegs; i++)
		if (addr >= m->segs[i].vaddr && addr < m->segs[i].vaddr + m->segs[i].memsz)
			return m->segs[i].vaddr + m->segs[i].memsz;
	return addr + 1;
}

/* Sorts, keeps one name per address, and gives size-0 symbols the room up to the next one. */
void module_finish(struct module *m)
{
	size_t out = 0;

	if (!msyms_sorted(m->syms, m->nsyms)) /* a .sym file is saved sorted */
		msyms_sort(m->syms, m->nsyms);
	for (size_t i = 0; i < m->nsyms; i++) {
		if (out && m->syms[out - 1].value == m->syms[i].value) {
			if (!m->syms[out - 1].size)
				m->syms[out - 1].size = m->syms[i].size;
			continue;
		}
		m->syms[out++] = m->syms[i];
	}
	m->nsyms = out;
	for (size_t i = 0; i < out; i++) {
		struct msym *s = &m->syms[i];

		if (!s->size)
			s->size = (i + 1 < out ? s[1].value : seg_end(m, s->value)) - s->value;
	}
}

struct module *module_new(const char *path, const char *symfile)
{
	struct module *m = xcalloc(1, sizeof(*m));

	m->path = xstrdup(path);
	m->base = base_name(m->path);
	m->symfile = symfile ? xstrdup(symfile) : NULL;
	m->fd = -1;
	return m;
}

/* Drops what a failed read left behind, so that the next source starts clean. */
void module_reset(struct module *m)
{
	if (m->elf)
		elf_end(m->elf);
	if (m->fd >= 0)
		close(m->fd);
	free(m->syms);
	free(m->segs);
	free(m->text);
	m->elf = NULL;
	m->fd = -1;
	m->syms = NULL;
	m->segs = NULL;
	m->text = NULL;
	m->nsyms = m->cap = m->nsegs = 0;
}

void module_free(struct module *m)
{
	struct image *img, *next;

	for (img = m->images; img; img = next) {
		next = img->next;
		free(img->syms);
		free(img);
	}
	module_reset(m);
	free(m->symfile);
	free(m->path);
	free(m);
}

struct module *mods_find(struct module **mods, size_t n, const char *path)
{
	for (size_t i = n; i-- > 0;)
		if (!strcmp(mods[i]->path, path))
			return mods[i];
	return NULL;
}
