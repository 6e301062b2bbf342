/* SPDX-License-Identifier: MIT */
/* The .sym file: a module's functions saved in the data directory (symbols_save) and read back. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

/* Writes the module as NAME in the directory dirfd: replaces what is there, never through a link. */
static int module_write(const struct module *m, int dirfd, const char *name)
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
	fd = open_new_at(dirfd, name);
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

/* ---- saving: symsave ---- */

/*
 * A module is saved once, as soon as a maps file that names it is seen: `record` hands over the
 * maps files that appear while the program runs (symsave_maps), so the ELF reading and the .sym
 * writing overlap the program instead of following it, and symsave_finish() saves whatever
 * appeared later (dlopen, exec, fork) and writes the index. Everything goes through a descriptor
 * of sym/ opened before the program ran: a link the program plants in its place is never
 * followed.
 */
struct symsave {
	const char *dir;
	int symfd;
	struct module **mods;
	bool *saved;
	size_t n;
};

static void save_collect(void *ctx, const struct map_line *ml)
{
	struct symsave *c = ctx;
	char buf[PATH_MAX + 64];
	const char *path;

	if (ml->mark || ml->plt || !ml->exec || is_libmcount(ml->path) ||
	    !(path = vdso_path(c->dir, ml->path, buf, sizeof(buf))) ||
	    mods_find(c->mods, c->n, path))
		return;
	c->mods = xrealloc(c->mods, (c->n + 1) * sizeof(*c->mods));
	c->saved = xrealloc(c->saved, (c->n + 1) * sizeof(*c->saved));
	c->saved[c->n] = false;
	c->mods[c->n++] = module_new(path, NULL);
}

/* "libfoo.so.sym", or "libfoo.so-2.sym" when another module already has that basename. */
static void save_name(struct symsave *c, size_t idx)
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

/* Reads and writes module idx; quiet says nothing on failure (symsave_finish() tries again). */
static int save_module(struct symsave *c, size_t idx, bool quiet)
{
	struct module *m = c->mods[idx];
	int rc = 0;

	if (!m->symfile)
		save_name(c, idx);
	if (module_read_elf(m) < 0) {
		rc = quiet ? -1
			   : error("cannot read symbols of '%s': %s", m->path, strerror(errno));
	} else {
		module_finish(m);
		if (module_write(m, c->symfd, m->symfile) < 0)
			rc = quiet ? -1
				   : error("cannot write '%s/%s/%s': %s", c->dir, FT_SYM_DIR,
					   m->symfile, strerror(errno));
	}
	if (rc == 0)
		debug(DBG_SYMBOL, "saved %zu symbols of '%s' in '%s'", m->nsyms, m->path,
		      m->symfile);
	module_reset(m); /* close the ELF file now; the names stay for save_name() */
	c->saved[idx] = rc == 0;
	return rc;
}

/* Saves every module found so far and not yet saved; -1 when one of them failed. */
static int save_new(struct symsave *c, bool quiet)
{
	int rc = 0;

	for (size_t i = 0; i < c->n; i++)
		if (!c->saved[i] && save_module(c, i, quiet) < 0)
			rc = -1;
	return rc;
}

struct symsave *symsave_start(const char *dir)
{
	char path[PATH_MAX + 64];
	struct symsave *c;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_SYM_DIR);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		error("cannot create '%s': %s", path, strerror(errno));
		return NULL;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		error("cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = dir;
	c->symfd = fd;
	return c;
}

void symsave_maps(struct symsave *c, const char *name)
{
	char path[PATH_MAX + 300];
	uint32_t pid;
	uint64_t session;

	if (!parse_maps_name(name, &pid, &session))
		return;
	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
	if (maps_each_growing(path, save_collect, c)) /* libmcount may be appending */
		save_new(c, true);
}

int symsave_finish(struct symsave *c)
{
	char path[PATH_MAX + 64];
	int rc, fd;
	FILE *index;

	collect_maps(c->dir, save_collect, c);
	rc = save_new(c, false);
	snprintf(path, sizeof(path), "%s/%s/%s", c->dir, FT_SYM_DIR, SYM_INDEX);
	fd = open_new_at(c->symfd, SYM_INDEX);
	index = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!index) {
		if (fd >= 0)
			close(fd);
		return error("cannot create '%s': %s", path, strerror(errno));
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->saved[i])
			fprintf(index, "%s %s\n", c->mods[i]->symfile, c->mods[i]->path);
	if (fclose(index) != 0)
		rc = error("cannot write '%s': %s", path, strerror(errno));
	return rc;
}

void symsave_each_dwarf(struct symsave *c,
			void (*fn)(void *ctx, const char *path, const char *symfile), void *ctx)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->saved[i] && c->mods[i]->has_dwarf)
			fn(ctx, c->mods[i]->path, c->mods[i]->symfile);
}

void symsave_free(struct symsave *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		module_free(c->mods[i]);
	free(c->mods);
	free(c->saved);
	close(c->symfd);
	free(c);
}

int symbols_save(const char *dir)
{
	struct symsave *c = symsave_start(dir);
	int rc;

	if (!c)
		return -1;
	rc = symsave_finish(c);
	symsave_free(c);
	return rc;
}
