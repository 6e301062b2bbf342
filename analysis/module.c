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

/*
 * Which alias names a function: exported (T, i, W) before local (t) before PLT stubs, then fewer
 * leading underscores, then the shorter name: "malloc" over "__libc_malloc", "puts" over
 * "_IO_puts". Only aliases (symbols at one address) are ever compared, so it is computed for them
 * alone, in module_finish().
 */
static uint32_t sym_prio(char type, const char *name)
{
	uint32_t rank = type == 'P' ? 2 : type == 't' ? 1 : 0;
	size_t under = strspn(name, "_"), len = strlen(name);

	return rank << 24 | (uint32_t)(under < 255 ? under : 255) << 16 |
	       (uint32_t)(len < 0xffff ? len : 0xffff);
}

/* Among aliases: the lower priority first, then by name. */
static bool alias_less(const struct msym *x, const struct msym *y)
{
	if (x->prio != y->prio)
		return x->prio < y->prio;
	return strcmp(x->name, y->name) < 0;
}

/* A run of symbols at one address, put in alias order (runs are short: insertion sort). */
static void aliases_sort(struct msym *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i].prio = sym_prio(a[i].type, a[i].name);
	for (size_t i = 1; i < n; i++) {
		struct msym tmp = a[i];
		size_t j;

		for (j = i; j > 0 && alias_less(&tmp, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = tmp;
	}
}

/*
 * Sorts by address: a stable LSD radix sort of up to 11 bits a pass, in as many passes as the
 * addresses need, rounded up to an even number so that the result ends where it started (two for
 * a C library). libc's .dynsym comes in hash order, and `ftrace record` start-up is a benchmark:
 * this is ~15 instructions per symbol and pass, where a comparison sort took ~200 per symbol.
 */
static void msyms_radix_sort(struct msym *a, size_t n)
{
	struct msym *tmp = xmalloc(n * sizeof(*tmp)), *src = a, *dst = tmp, *t;
	unsigned bits = 0, passes, width;
	uint64_t all = 0;
	size_t count[(1u << 11) + 1];

	for (size_t i = 0; i < n; i++)
		all |= a[i].value;
	while (bits < 64 && all >> bits)
		bits++;
	passes = (bits + 10) / 11;
	passes += passes & 1;
	width = passes ? (bits + passes - 1) / passes : 0;
	for (unsigned p = 0, shift = 0; p < passes; p++, shift += width) {
		uint64_t mask = (1ull << width) - 1;

		memset(count, 0, ((mask + 2) * sizeof(*count)));
		for (size_t i = 0; i < n; i++)
			count[((src[i].value >> shift) & mask) + 1]++;
		for (uint64_t b = 1; b <= mask + 1; b++)
			count[b] += count[b - 1];
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].value >> shift) & mask]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	free(tmp);
}

static bool msyms_sorted(const struct msym *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i].value < s[i - 1].value)
			return false;
	return true;
}

/* Sorted by address, and each run of aliases in the order in which the first one names them. */
static void msyms_sort(struct msym *s, size_t n)
{
	size_t i, j;

	if (!msyms_sorted(s, n)) /* a .sym file is saved sorted */
		msyms_radix_sort(s, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && s[j].value == s[i].value;)
			j++;
		if (j - i > 1)
			aliases_sort(s + i, j - i);
	}
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
