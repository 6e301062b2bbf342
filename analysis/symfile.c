/* SPDX-License-Identifier: MIT */
/* The .sym file: a module's functions saved in the data directory (symbols_save) and read back. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symfile.h"
#include "symbols_impl.h"
#include "trace_format.h"
#include "util.h"

#define SYM_MAGIC "# ftrace symbols 1"

static char *put_hex(char *p, uint64_t v)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Parses a hex number followed by a space; NULL when the text is not that. */
static char *get_hex(char *p, uint64_t *v)
{
	char *end;

	if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
		return NULL;
	errno = 0;
	*v = strtoull(p, &end, 16);
	return errno || *end != ' ' ? NULL : end + 1;
}

static char *write_header(char *p, const struct module *m)
{
	p += sprintf(p, "%s\n# path: %s\n# build-id: %s\n# type: %s\n", SYM_MAGIC, m->path,
		     m->build_id, m->is_exec ? "exec" : "dyn");
	if (m->instrumented)
		p += sprintf(p, "# instrumented: yes\n");
	for (size_t i = 0; i < m->nsegs; i++) {
		const struct seg *s = &m->segs[i];

		p += sprintf(p, "# load: %llx %llx %llx %llx %c%c%c\n", (unsigned long long)s->off,
			     (unsigned long long)s->vaddr, (unsigned long long)s->filesz,
			     (unsigned long long)s->memsz, s->flags & PF_R ? 'r' : '-',
			     s->flags & PF_W ? 'w' : '-', s->flags & PF_X ? 'x' : '-');
	}
	return p;
}

static int module_write(const struct module *m, const char *path)
{
	size_t size = 256 + strlen(m->path) + 80 * m->nsegs;
	char *buf, *p;
	int fd, ret = -1;

	for (size_t i = 0; i < m->nsyms; i++)
		size += 40 + strlen(m->syms[i].name);
	buf = xmalloc(size);
	p = write_header(buf, m);
	for (size_t i = 0; i < m->nsyms; i++) {
		const struct msym *s = &m->syms[i];
		size_t len = strlen(s->name);

		p = put_hex(p, s->value);
		*p++ = ' ';
		p = put_hex(p, s->size);
		*p++ = ' ';
		*p++ = s->type;
		*p++ = ' ';
		memcpy(p, s->name, len);
		p += len;
		*p++ = '\n';
	}
	fd = open_new(path);
	if (fd >= 0 && write(fd, buf, (size_t)(p - buf)) == p - buf)
		ret = 0;
	if (fd >= 0 && close(fd) != 0)
		ret = -1;
	free(buf);
	return ret;
}

static void parse_header_line(struct module *m, char *line)
{
	unsigned long long off, vaddr, filesz, memsz;
	char fl[4];

	if (!strncmp(line, "# build-id: ", 12))
		snprintf(m->build_id, sizeof(m->build_id), "%s", line + 12);
	else if (!strncmp(line, "# type: ", 8))
		m->is_exec = !strcmp(line + 8, "exec");
	else if (!strcmp(line, "# instrumented: yes"))
		m->instrumented = true;
	else if (sscanf(line, "# load: %llx %llx %llx %llx %3s", &off, &vaddr, &filesz, &memsz,
			fl) == 5) {
		m->segs = xrealloc(m->segs, (m->nsegs + 1) * sizeof(*m->segs));
		m->segs[m->nsegs++] =
			(struct seg){off, vaddr, filesz, memsz,
				     (fl[0] == 'r' ? PF_R : 0) | (fl[1] == 'w' ? PF_W : 0) |
					     (fl[2] == 'x' ? PF_X : 0)};
	}
}

/* "<value> <size> <type> <name>": returns false for a line that is not that (it is skipped). */
static bool parse_sym_line(struct module *m, char *line)
{
	uint64_t value, size;
	char *p = get_hex(line, &value);

	if (!p || !(p = get_hex(p, &size)) || !*p || !strchr("TWtiP", *p) || p[1] != ' ' || !p[2])
		return false;
	module_add(m, value, size, *p, p + 2);
	return true;
}

/* Parses a .sym file in place (the names point into m->text); on failure *why says why. */
int module_read_sym(struct module *m, const char *path, const char **why)
{
	size_t len, bad = 0;
	char *line, *next;

	m->text = read_text(path, &len);
	if (!m->text) {
		*why = strerror(errno);
		return -1;
	}
	if (strncmp(m->text, SYM_MAGIC "\n", sizeof(SYM_MAGIC))) {
		*why = "not an ftrace symbol file";
		return -1;
	}
	for (line = m->text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (*line == '#')
			parse_header_line(m, line);
		else if (*line && !parse_sym_line(m, line))
			bad++;
	}
	if (bad)
		warn("'%s': %zu malformed symbol lines skipped", path, bad);
	return 0;
}

/* ---- symbols_save ---- */

struct save_ctx {
	struct module **mods;
	size_t n;
	const char *dir;
};

static void save_collect(void *ctx, const struct map_line *ml)
{
	struct save_ctx *c = ctx;
	char buf[PATH_MAX + 64];
	const char *path;

	if (ml->mark || ml->plt || !ml->exec || is_libmcount(ml->path) ||
	    !(path = vdso_path(c->dir, ml->path, buf, sizeof(buf))) ||
	    mods_find(c->mods, c->n, path))
		return;
	c->mods = xrealloc(c->mods, (c->n + 1) * sizeof(*c->mods));
	c->mods[c->n++] = module_new(path, NULL);
}

/* "libfoo.so.sym", or "libfoo.so-2.sym" when another module already has that basename. */
static void save_name(struct save_ctx *c, size_t idx)
{
	struct module *m = c->mods[idx];
	char name[300];

	for (unsigned k = 1;; k++) {
		bool taken = false;

		if (k == 1)
			snprintf(name, sizeof(name), "%.250s.sym", m->base);
		else
			snprintf(name, sizeof(name), "%.250s-%u.sym", m->base, k);
		for (size_t i = 0; i < idx && !taken; i++)
			taken = !strcmp(c->mods[i]->symfile, name);
		if (!taken)
			break;
	}
	m->symfile = xstrdup(name);
}

static int save_module(const char *dir, struct module *m, FILE *index)
{
	char path[PATH_MAX + 64];

	if (module_read_elf(m) < 0)
		return error("cannot read symbols of '%s': %s", m->path, strerror(errno));
	module_finish(m);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, FT_SYM_DIR, m->symfile);
	if (module_write(m, path) < 0)
		return error("cannot write '%s': %s", path, strerror(errno));
	fprintf(index, "%s %s\n", m->symfile, m->path);
	debug(DBG_SYMBOL, "saved %zu symbols of '%s' in '%s'", m->nsyms, m->path, path);
	return 0;
}
int symbols_save(const char *dir)
{
	struct save_ctx c = {NULL, 0, dir};
	char path[PATH_MAX + 64];
	FILE *index;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_SYM_DIR);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return error("cannot create '%s': %s", path, strerror(errno));
	collect_maps(dir, save_collect, &c);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, FT_SYM_DIR, SYM_INDEX);
	index = fopen_new(path);
	if (!index)
		ret = error("cannot create '%s': %s", path, strerror(errno));
	for (size_t i = 0; i < c.n; i++) {
		save_name(&c, i);
		if (index && save_module(dir, c.mods[i], index) < 0)
			ret = -1;
		module_reset(
			c.mods[i]); /* close the ELF file now; the name stays for save_name() */
	}
	if (index && fclose(index) != 0)
		ret = error("cannot write '%s': %s", path, strerror(errno));
	for (size_t i = 0; i < c.n; i++)
		module_free(c.mods[i]);
	free(c.mods);
	return ret;
}
