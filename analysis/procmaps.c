/* SPDX-License-Identifier: MIT */
/* Memory maps: the <pid>-<session>.maps files libmcount writes, parsed line by line. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <unistd.h>

#include "procmaps.h"
#include "symbols_impl.h"
#include "trace_format.h"
#include "util.h"

/* "start-end perms offset dev inode path"; false for anything else (the line is skipped). */
static bool parse_maps_line(char *line, struct map_line *ml)
{
	char *p = line, *end;
	size_t len;

	errno = 0;
	ml->plt = !strncmp(line, FT_MAPS_PLT, strlen(FT_MAPS_PLT));
	if (ml->plt) {
		p = line + strlen(FT_MAPS_PLT);
		ml->start = strtoull(p, &end, 16);
		ml->path = end + 1;
		ml->mark = false;
		return !errno && end != p && *end == ' ' && end[1];
	}
	ml->mark = !strncmp(line, FT_MAPS_MARK, strlen(FT_MAPS_MARK));
	if (ml->mark) {
		ml->start = strtoull(line + strlen(FT_MAPS_MARK), &end, 10);
		return !errno && end != line + strlen(FT_MAPS_MARK) && !*end;
	}
	ml->start = strtoull(p, &end, 16);
	if (end == p || *end != '-')
		return false;
	ml->end = strtoull(p = end + 1, &end, 16);
	if (end == p || *end != ' ' || strlen(end + 1) < 5 || ml->end <= ml->start)
		return false;
	ml->exec = end[3] == 'x'; /* " r-xp" */
	ml->off = strtoull(p = end + 6, &end, 16);
	if (end == p || *end != ' ' || errno)
		return false;
	for (int field = 0; field < 2; field++) { /* dev, inode */
		end += strspn(end, " ");
		end += strcspn(end, " ");
	}
	end += strspn(end, " ");
	if (!strcmp(end, "[vdso]")) {
		ml->path = end; /* its image is FT_VDSO_FILE in the data directory: vdso_path() */
		return true;
	}
	if (*end != '/')
		return false; /* anonymous, [stack]... */
	len = strlen(end);
	if (len > 10 && !strcmp(end + len - 10, " (deleted)"))
		end[len - 10] = '\0';
	ml->path = end;
	return true;
}

bool is_libmcount(const char *path)
{
	return !strcmp(base_name(path), "libmcount.so");
}

/* "<pid>-<session>.maps" */
bool parse_maps_name(const char *name, uint32_t *pid, uint64_t *session)
{
	unsigned long long s;
	unsigned p;
	int n = 0;

	if (sscanf(name, "%u-%llu.maps%n", &p, &s, &n) != 2 || name[n])
		return false;
	*pid = p;
	*session = s;
	return true;
}

/* The mappings of a maps file; growing: a last line without its newline is left out. */
static bool maps_parse(const char *path, maps_fn fn, void *ctx, bool growing)
{
	size_t len;
	char *text = read_text(path, &len), *line, *next, *end;

	if (!text)
		return false;
	if (growing) {
		end = memrchr(text, '\n', len);
		*(end ? end + 1 : text) = '\0';
	}
	for (line = text; *line; line = next) {
		struct map_line ml;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (parse_maps_line(line, &ml))
			fn(ctx, &ml);
	}
	free(text);
	return true;
}

/* Calls fn for every file-backed mapping of one maps file; false when it cannot be read. */
bool maps_each(const char *path, maps_fn fn, void *ctx)
{
	return maps_parse(path, fn, ctx, false);
}

/* maps_each() of a file that may be growing: a last line without its newline is left out. */
bool maps_each_growing(const char *path, maps_fn fn, void *ctx)
{
	return maps_parse(path, fn, ctx, true);
}

/* The file of a mapping: "[vdso]" is the image libmcount saved in the data directory, if any. */
const char *vdso_path(const char *dir, const char *path, char *buf, size_t size)
{
	if (strcmp(path, "[vdso]"))
		return path;
	snprintf(buf, size, "%s/%s", dir, FT_VDSO_FILE);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

void collect_maps(const char *dir, maps_fn fn, void *ctx)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	DIR *d = opendir(dir);
	uint32_t pid;
	uint64_t session;

	while (d && (e = readdir(d))) {
		if (!parse_maps_name(e->d_name, &pid, &session))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!maps_each(path, fn, ctx))
			warn("cannot read '%s': %s", path, strerror(errno));
	}
	if (d)
		closedir(d);
}

struct copies_ctx {
	uint64_t *ticks, last;
	size_t n;
	unsigned marks;
};

/* The same rule as load_mark(): the first copy is the session's, a later one needs a later tick. */
static void copies_collect(void *ctx, const struct map_line *ml)
{
	struct copies_ctx *c = ctx;

	if (ml->plt || !ml->mark || c->marks++ == 0 || ml->start <= c->last)
		return;
	c->ticks = xrealloc(c->ticks, (c->n + 1) * sizeof(*c->ticks));
	c->ticks[c->n++] = c->last = ml->start;
}

uint64_t *maps_copies(const char *dir, uint32_t pid, uint64_t session, size_t *n)
{
	char path[PATH_MAX + 64];
	struct copies_ctx c = {.last = session};

	snprintf(path, sizeof(path), "%s/%u-%llu.maps", dir, pid, (unsigned long long)session);
	maps_each(path, copies_collect, &c);
	*n = c.n;
	return c.ticks;
}
