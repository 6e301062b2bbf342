/* SPDX-License-Identifier: MIT */
/* The record-time filter table: struct filter matched once against the executable's functions. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "demangle.h"
#include "filter_impl.h"
#include "filter_record.h"
#include "elfsyms.h"
#include "trace_format.h"

struct table_ctx {
	const struct filter *f;
	struct demangler *dm;
	FILE *out;
	int n;
	const char *exe_base; /* the program's module name */
	const struct elf_imports *im;
};

static void table_add(void *ctx, const struct sym *s)
{
	struct table_ctx *c = ctx;
	struct filter_match m;

	filter_match_name(c->f, demangler_name(c->dm, s->name), s->module, &m);
	if (!m.flags)
		return;
	fprintf(c->out, "%llx %llx %x %u %llu\n", (unsigned long long)s->addr,
		(unsigned long long)(s->addr + (s->size ? s->size : 1)), m.flags, m.depth,
		(unsigned long long)m.time);
	c->n++;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does the rule's module name one of the libraries the program links? Then it counts as matched:
 * which library defines a function is only known when the program runs. */
static bool names_needed(const struct table_ctx *c, const char *module)
{
	for (size_t i = 0; i < c->im->nneeded; i++)
		if (mcf_module_matches(module, c->im->needed[i]))
			return true;
	return false;
}

/* The rules that may apply to the library function the program imports as name: plt lines. */
static void plt_lines(struct table_ctx *c, const char *name)
{
	const char *shown = demangler_name(c->dm, name);

	for (unsigned i = 0; i < c->f->nrules; i++) {
		struct rule *r = &c->f->rules[i];
		bool any = !r->module || filter_rule_is_plt(r);

		if (!r->act.flags || (!any && (mcf_module_matches(r->module, c->exe_base) ||
					       strpbrk(r->module, " \t\n"))))
			continue; /* a library call is not one of the program's own functions */
		if (!filter_pattern_matches(c->f, r, shown))
			continue;
		fprintf(c->out, "plt %s %s %x %u %llu\n", name, any ? "*" : r->module, r->act.flags,
			r->act.depth, (unsigned long long)r->act.time);
		if (any || names_needed(c, r->module))
			r->hits++;
		c->n++;
	}
}

/* The name table: every library function the program imports that some rule names. */
static void plt_table(struct table_ctx *c, struct elf_imports *im)
{
	c->im = im;
	qsort(im->funcs, im->nfuncs, sizeof(*im->funcs), name_cmp);
	for (size_t i = 0; i < im->nfuncs; i++)
		if ((!i || strcmp(im->funcs[i], im->funcs[i - 1])) &&
		    !strpbrk(im->funcs[i], " \t\n"))
			plt_lines(c, im->funcs[i]);
}

/*
 * The shared libraries exe loads at start-up, where its dynamic linker finds them (RPATH, RUNPATH,
 * LD_LIBRARY_PATH, the cache): `INTERP --list EXE`, what ldd runs, prints "name => /path (0x...)"
 * for each. Nothing of the program runs. Calls fn for each path; the libraries dlopen'ed later are
 * not known here.
 */
static void startup_libraries(const char *exe, const char *interp,
			      void (*fn)(struct table_ctx *c, const char *path),
			      struct table_ctx *c)
{
	int fds[2], status;
	char *line = NULL;
	size_t cap = 0;
	pid_t pid;
	FILE *in;

	if (!*interp || pipe(fds) != 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(fds[1], 1);
		if (null >= 0)
			dup2(null, 2), dup2(null, 0);
		close(fds[0]);
		unsetenv("LD_PRELOAD");
		execl(interp, interp, "--list", exe, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	in = pid > 0 ? fdopen(fds[0], "r") : NULL;
	while (in && getline(&line, &cap, in) > 0) {
		char *path = strstr(line, " => "), *end;

		if (path && (end = strstr(path + 4, " (0x")) && path[4] == '/') {
			*end = '\0';
			fn(c, path + 4);
		}
	}
	free(line);
	if (in)
		fclose(in);
	else
		close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
}

/* An instrumented library records its own functions: the table describes them too, after a
 * "module PATH" line (libmcount adds the library's load address). */
static void library_table(struct table_ctx *c, const char *path)
{
	struct elf_facts facts;

	if (elf_facts_read(path, &facts) != 0 || !(facts.mcount || facts.fentry || facts.cyg) ||
	    strchr(path, '\n'))
		return;
	fprintf(c->out, "module %s\n", path);
	if (elf_functions(path, table_add, c) < 0)
		warn("cannot read the functions of '%s': %s", path, strerror(errno));
}

/* Ticks per second of the clock libmcount reads, so that it compares ticks with -t and -r. */
static uint64_t clock_hz(bool tsc)
{
	return tsc ? clock_tsc_hz() : 1000000000u;
}

int filter_write_table(const struct filter *f, const char *exe, const char *path,
		       enum demangle_style ds, bool estimate_return, bool tsc)
{
	struct table_ctx c = {.f = f, .exe_base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe};
	struct elf_imports im;
	struct elf_facts facts;
	bool timed = f->time || (filter_rule_flags(f) & FR_TIME),
	     ranged = f->from || f->to != UINT64_MAX;
	unsigned flags = (f->has_filter ? MCF_HAS_FILTER : 0) | (f->disabled ? MCF_DISABLED : 0) |
			 (estimate_return ? MCF_ESTIMATE : 0) |
			 (f->has_caller ? MCF_HAS_CALLER : 0) | (timed ? MCF_HAS_TIME : 0) |
			 (ranged ? MCF_HAS_RANGE : 0);
	int rc;

	c.out = fopen_new(path);
	if (!c.out)
		return error("cannot write '%s': %s", path, strerror(errno));
	fprintf(c.out, "%s %d\nexe %s\nflags %x\ndepth %u\ntime %llu\nrange %llu %llu\nhz %llu\n",
		MCF_MAGIC, MCF_VERSION, exe, flags, f->depth, (unsigned long long)f->time,
		(unsigned long long)f->from, (unsigned long long)f->to,
		(unsigned long long)(timed || ranged ? clock_hz(tsc) : 1000000000u));
	c.dm = demangler_new(ds);
	rc = f->nrules ? elf_functions(exe, table_add, &c) : 0;
	if (rc == 0 && f->nrules && elf_imports_read(exe, &im) == 0) {
		plt_table(&c, &im);
		elf_imports_free(&im);
	}
	if (rc == 0 && f->nrules && elf_facts_read(exe, &facts) == 0)
		startup_libraries(exe, facts.interp, library_table, &c);
	demangler_free(c.dm);
	if (rc < 0) {
		fclose(c.out);
		return error("cannot read the functions of '%s': %s", exe, strerror(errno));
	}
	if (fclose(c.out) != 0)
		return error("cannot write '%s': %s", path, strerror(errno));
	return c.n;
}

void filter_setup_record(const struct filter_config *c, const char *exe, const char *dir, bool tsc)
{
	struct filter *f = filter_from_config(c);
	char path[4200];

	if (!f && !c->estimate_return)
		return;
	if (!f)
		f = filter_new(false);
	snprintf(path, sizeof(path), "%s/%s", dir, MCF_FILE);
	if (filter_write_table(f, exe, path, c->demangle, c->estimate_return, tsc) < 0)
		exit(1);
	/* live: its replay says it, with the library functions too, and knows what record removed
	 */
	if (!c->live)
		filter_warn_unmatched(f, "in the program, its library calls or the instrumented "
					 "libraries it loads at start-up (give it to replay for a "
					 "library it dlopens)");
	else
		filter_keep_record_hits(f);
	setenv(FT_ENV_FILTER, path, 1);
	filter_free(f);
}

void filter_record_origin(uint64_t tick)
{
	char buf[32];

	if (!getenv(FT_ENV_FILTER))
		return;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)tick);
	setenv(MCF_ENV_ORIGIN, buf, 1);
}
