/* SPDX-License-Identifier: MIT */
/* Argument specs (-A, -R, -a): parsing, resolving for libmcount, and decoding the recorded
 * payloads. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argspec.h"
#include "dwarfinfo.h"
#include "util.h"
#include "trace_format.h"

/* ---- parsing ---- */

/* "e:color", "e8:mode": an enum of 32 bits unless said, and its name (C enums are ints). */
static bool parse_enum_fmt(const char *s, struct argitem *it)
{
	unsigned long bits = 32;
	char *end;

	if (*s != ':') {
		bits = strtoul(s, &end, 10);
		if (end == s || (bits != 8 && bits != 16 && bits != 32 && bits != 64))
			return false;
		s = end;
	}
	if (s[0] != ':' || !s[1] || strlen(s + 1) > 200 || strpbrk(s + 1, " ;@/"))
		return false;
	it->size = (uint8_t)(bits / 8);
	it->ename = xstrdup(s + 1);
	it->sized = true;
	return true;
}

/* "d32", "s", "e:color": fills fmt and size; false when it is not a format. */
static bool parse_fmt(const char *s, struct argitem *it, bool fp)
{
	char *end;
	unsigned long bits;

	it->fmt = fp ? 'f' : 'd';
	it->size = 8;
	it->ename = NULL;
	it->typed = it->sized = false;
	if (!*s)
		return true;
	if (!strchr("diuxcspfe", *s))
		return false;
	it->fmt = *s == 'i' ? 'd' : *s;
	it->typed = true;
	it->sized = strchr("cspe", *s) != NULL;
	if (*s == 'e')
		return !fp && parse_enum_fmt(s + 1, it);
	if (*s == 'c')
		it->size = 1;
	if (!s[1])
		return true;
	if (*s == 's' || *s == 'p' || *s == 'c')
		return false;
	bits = strtoul(s + 1, &end, 10);
	if (*end || (bits != 8 && bits != 16 && bits != 32 && bits != 64) ||
	    (*s == 'f' && bits < 32))
		return false;
	it->size = (uint8_t)(bits / 8);
	it->sized = true;
	return true;
}

/* "arg2/s", "fparg1", "retval/d32" */
static bool parse_item(const char *s, struct argitem *it, bool retval)
{
	const char *slash = strchr(s, '/'), *fmt = slash ? slash + 1 : "";
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long idx = 0;
	char *end;
	bool fp = false;

	if (n == 6 && !strncmp(s, "retval", 6)) {
		it->where = 0;
	} else if (retval) {
		return false;
	} else if (n > 3 && !strncmp(s, "arg", 3)) {
		idx = strtoul(s + 3, &end, 10);
		if (end != s + n || idx < 1 || idx > 6)
			return false;
		it->where = (uint8_t)idx;
	} else if (n > 5 && !strncmp(s, "fparg", 5)) {
		idx = strtoul(s + 5, &end, 10);
		if (end != s + n || idx < 1 || idx > 8)
			return false;
		it->where = (uint8_t)(0x80 | idx);
		fp = true;
	} else {
		return false;
	}
	if (!parse_fmt(fmt, it, fp || (it->where == 0 && *fmt == 'f')))
		return false;
	if (it->fmt == 'f' && it->where && !fp)
		return false; /* a float argument is in an SSE register: say fpargN */
	return true;
}

static void items_free(struct argitem *items, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		free(items[i].ename);
		items[i].ename = NULL;
	}
}

static void set_push(struct argspec_set *set, const struct argspec *s)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n++] = *s;
}

static bool spec_has_item(const struct argspec *s, uint8_t where)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->items[i].where == where)
			return true;
	return false;
}

/* Shown in argument order: integer arguments, then float ones, the return value last. */
static unsigned item_rank(const struct argitem *it)
{
	return it->where ? it->where : 0x100u;
}

static void items_sort(struct argitem *items, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && item_rank(&items[j]) < item_rank(&items[j - 1]);
		     j--) {
			struct argitem t = items[j];

			items[j] = items[j - 1];
			items[j - 1] = t;
		}
}

/*
 * -A f@arg1 -R f@retval: one spec for f with both (libmcount applies the first that matches). An
 * item the spec already has is kept as it was (the user's -A comes before -a's prototypes).
 */
static int set_merge(struct argspec_set *set, struct argspec *s, char *err, size_t errsize)
{
	for (unsigned i = 0; i < set->n; i++) {
		struct argspec *old = &set->v[i];

		if (strcmp(old->pattern, s->pattern))
			continue;
		for (unsigned j = 0; j < s->n; j++) {
			if (spec_has_item(old, s->items[j].where)) {
				items_free(&s->items[j], 1);
				continue;
			}
			if (old->n == ARGSPEC_MAX_ITEMS) {
				snprintf(err, errsize, "too many items for '%s' (at most %d)",
					 s->pattern, ARGSPEC_MAX_ITEMS);
				items_free(s->items + j, s->n - j);
				free(s->pattern);
				return -1;
			}
			old->items[old->n++] = s->items[j];
		}
		items_sort(old->items, old->n);
		free(s->pattern);
		return 0;
	}
	items_sort(s->items, s->n);
	set_push(set, s);
	return 0;
}

int argspec_add(struct argspec_set *set, const char *text, bool retval, char *err, size_t errsize)
{
	const char *at = strchr(text, '@');
	char *items, *save = NULL, *tok;
	struct argspec s = {0};

	if (!at || at == text || !at[1]) {
		snprintf(err, errsize, "invalid spec '%s' (expected FUNCTION@%s)", text,
			 retval ? "retval[/FMT]" : "arg1[/FMT],...");
		return -1;
	}
	items = xstrdup(at + 1);
	for (tok = strtok_r(items, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (s.n == ARGSPEC_MAX_ITEMS || !parse_item(tok, &s.items[s.n], retval)) {
			snprintf(err, errsize, "invalid item '%s' in '%s' (%s)", tok, text,
				 s.n == ARGSPEC_MAX_ITEMS ? "too many items"
				 : retval		  ? "expected retval[/FMT]"
					  : "expected argN, fpargN or retval, with /d /u /x /c /s "
					    "/p /f /e:NAME");
			items_free(s.items, s.n + (s.n < ARGSPEC_MAX_ITEMS));
			free(items);
			return -1;
		}
		s.n++;
	}
	free(items);
	if (!s.n) {
		snprintf(err, errsize, "invalid spec '%s': no item", text);
		return -1;
	}
	s.pattern = xstrdup(text);
	s.pattern[at - text] = '\0';
	return set_merge(set, &s, err, errsize);
}

/*
 * -a: prototypes of the libc functions people look for first when a program misbehaves with files,
 * directories, memory, strings and processes. One line each, in the -A syntax.
 */
static const char *const auto_specs[] = {
	"open@arg1/s,arg2/x,retval/d32",
	"open64@arg1/s,arg2/x,retval/d32",
	"openat@arg1/d32,arg2/s,arg3/x,retval/d32",
	"creat@arg1/s,retval/d32",
	"close@arg1/d32,retval/d32",
	"read@arg1/d32,arg3/u,retval/d",
	"write@arg1/d32,arg3/u,retval/d",
	"lseek@arg1/d32,arg2/d,arg3/d32,retval/d",
	"unlink@arg1/s,retval/d32",
	"rename@arg1/s,arg2/s,retval/d32",
	"access@arg1/s,arg2/d32,retval/d32",
	"stat@arg1/s,retval/d32",
	"lstat@arg1/s,retval/d32",
	"fstat@arg1/d32,retval/d32",
	"mkdir@arg1/s,arg2/x,retval/d32",
	"rmdir@arg1/s,retval/d32",
	"chdir@arg1/s,retval/d32",
	"fopen@arg1/s,arg2/s,retval/p",
	"fopen64@arg1/s,arg2/s,retval/p",
	"fclose@arg1/p,retval/d32",
	"fdopen@arg1/d32,arg2/s,retval/p",
	"opendir@arg1/s,retval/p",
	"fdopendir@arg1/d32,retval/p",
	"readdir@arg1/p,retval/p",
	"readdir64@arg1/p,retval/p",
	"closedir@arg1/p,retval/d32",
	"malloc@arg1/u,retval/p",
	"calloc@arg1/u,arg2/u,retval/p",
	"realloc@arg1/p,arg2/u,retval/p",
	"free@arg1/p",
	"memcpy@arg1/p,arg2/p,arg3/u",
	"memmove@arg1/p,arg2/p,arg3/u",
	"memset@arg1/p,arg2/d32,arg3/u",
	"strlen@arg1/s,retval/u",
	"strcmp@arg1/s,arg2/s,retval/d32",
	"strncmp@arg1/s,arg2/s,arg3/u,retval/d32",
	"strcpy@arg1/p,arg2/s",
	"strncpy@arg1/p,arg2/s,arg3/u",
	"strdup@arg1/s,retval/p",
	"strchr@arg1/s,arg2/c",
	"strrchr@arg1/s,arg2/c",
	"strstr@arg1/s,arg2/s,retval/p",
	"atoi@arg1/s,retval/d32",
	"strtol@arg1/s,arg3/d32,retval/d",
	"puts@arg1/s,retval/d32",
	"getenv@arg1/s,retval/s",
	"setenv@arg1/s,arg2/s,arg3/d32,retval/d32",
	"fork@retval/d32",
	"getpid@retval/d32",
	"waitpid@arg1/d32,arg3/x,retval/d32",
	"execve@arg1/s",
	"execvp@arg1/s",
	"system@arg1/s,retval/d32",
	"kill@arg1/d32,arg2/d32,retval/d32",
	"exit@arg1/d32",
	"_exit@arg1/d32",
	"sleep@arg1/u32,retval/u32",
	"usleep@arg1/u32,retval/d32",
	"pipe@arg1/p,retval/d32",
	"dup2@arg1/d32,arg2/d32,retval/d32",
	"dlopen@arg1/s,arg2/x,retval/p",
	"dlsym@arg1/p,arg2/s,retval/p",
};

void argspec_add_auto(struct argspec_set *set)
{
	char err[256];

	for (size_t i = 0; i < sizeof(auto_specs) / sizeof(auto_specs[0]); i++)
		if (argspec_add(set, auto_specs[i], false, err, sizeof(err)) != 0)
			die("built-in spec: %s", err); /* a bug in the table above */
}

void argspec_free(struct argspec_set *set)
{
	for (unsigned i = 0; i < set->n; i++) {
		items_free(set->v[i].items, set->v[i].n);
		free(set->v[i].pattern);
	}
	free(set->v);
	*set = (struct argspec_set){0};
}

/* ---- the digested form for libmcount (libmcount/args.c) ---- */

struct strbuf {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)n + 64;
		b->s = xrealloc(b->s, b->cap);
	}
	b->len += (size_t)n;
}

static void put_items(struct strbuf *b, const struct argspec *s)
{
	for (unsigned i = 0; i < s->n; i++) {
		const struct argitem *it = &s->items[i];

		if (it->where == 0)
			sb_printf(b, "%sr", i ? "," : "");
		else
			sb_printf(b, "%s%c%u", i ? "," : "", it->where & 0x80 ? 'f' : 'a',
				  it->where & 0x7fu);
		sb_printf(b, "%c%u", it->fmt, it->size);
	}
}

/* The executable's functions whose name matches pattern, as O<lo>-<hi> ranges. */
static void match_exe(struct strbuf *b, Elf *elf, const struct argspec *s)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *d;
		GElf_Sym sym;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 1;
		     d && i < sh.sh_size / sh.sh_entsize && gelf_getsym(d, (int)i, &sym); i++) {
			const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);

			if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
			    !name || fnmatch(s->pattern, name, 0) != 0)
				continue;
			sb_printf(b, "O%llx-%llx@", (unsigned long long)sym.st_value,
				  (unsigned long long)(sym.st_value +
						       (sym.st_size ? sym.st_size : 1)));
			put_items(b, s);
			sb_printf(b, ";");
		}
	}
}

static Elf *open_elf(const char *path, int *fd)
{
	elf_version(EV_CURRENT);
	*fd = path ? open_regular(path) : -1;
	return *fd < 0 ? NULL : elf_begin(*fd, ELF_C_READ, NULL);
}

/* libmcount keeps the first ARGSPEC_RUNTIME_MAX specs (libmcount/args.c): say when some are
 * dropped. */
static void digest_check(const char *digest)
{
	unsigned n = 0;

	for (const char *p = strchr(digest, ';'); p; p = strchr(p + 1, ';'))
		n++;
	n -= *digest == 'X'; /* the executable's path is not a spec */
	if (n > ARGSPEC_RUNTIME_MAX)
		warn("%u argument specs: only the first %d are recorded (-A and -R first, then -a)",
		     n, ARGSPEC_RUNTIME_MAX);
}

char *argspec_digest(const struct argspec_set *set, const char *exe)
{
	struct strbuf b = {xmalloc(256), 0, 256};
	int fd = -1;
	Elf *elf;

	if (!set->n) {
		free(b.s);
		return NULL;
	}
	b.s[0] = '\0';
	elf = open_elf(exe, &fd);
	if (exe)
		sb_printf(&b, "X%s;", exe);
	for (unsigned i = 0; i < set->n; i++) {
		const struct argspec *s = &set->v[i];

		if (strchr(s->pattern, ';') || strchr(s->pattern, '@'))
			continue;
		if (elf)
			match_exe(&b, elf, s);
		if (s->exe_only)
			continue;
		sb_printf(&b, "N%s@",
			  s->pattern); /* library functions, matched by libmcount at hook time */
		put_items(&b, s);
		sb_printf(&b, ";");
	}
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	digest_check(b.s);
	return b.s;
}

/* ---- decoding payloads ---- */

struct out {
	char *p, *end;
};

static void out_put(struct out *o, const char *s, size_t n)
{
	size_t room = (size_t)(o->end - o->p);

	if (n > room)
		n = room;
	memcpy(o->p, s, n);
	o->p += n;
	*o->p = '\0';
}

__attribute__((format(printf, 2, 3))) static void out_printf(struct out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	out_put(o, tmp, n < 0 ? 0 : (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* One byte of a C literal, inside quote q: C's short escapes, \xNN for other non-printables. */
static void out_cchar(struct out *o, uint8_t c, char q)
{
	static const char esc[][2] = {
		{'\0', '0'}, {'\n', 'n'}, {'\t', 't'}, {'\r', 'r'}, {'\\', '\\'}};

	for (size_t i = 0; i < sizeof(esc) / sizeof(esc[0]); i++)
		if (c == (uint8_t)esc[i][0]) {
			out_printf(o, "\\%c", esc[i][1]);
			return;
		}
	if (c == (uint8_t)q)
		out_printf(o, "\\%c", q);
	else if (c < 0x20 || c >= 0x7f)
		out_printf(o, "\\x%02x", c);
	else
		out_put(o, (const char *)&c, 1);
}

/* A string as a C literal; a cut one ends with "..." inside the quotes, as uftrace prints it. */
static void out_cstring(struct out *o, const uint8_t *s, size_t n, bool cut)
{
	out_put(o, "\"", 1);
	for (size_t i = 0; i < n; i++)
		out_cchar(o, s[i], '"');
	out_put(o, cut ? "...\"" : "\"", cut ? 4 : 1);
}

static const uint8_t *decode_str(struct out *o, const uint8_t *p, const uint8_t *end, uint8_t tag)
{
	uint64_t n;
	unsigned flags = tag & 0xc0u;

	if (flags == FT_ARG_NULL) {
		out_put(o, "NULL", 4);
		return p;
	}
	p = ft_get_varint(p, end, &n);
	if (!p)
		return NULL;
	if (flags == FT_ARG_BAD) {
		out_printf(o, "<unreadable %#llx>", (unsigned long long)n);
		return p;
	}
	if (n > (uint64_t)(end - p))
		return NULL;
	out_cstring(o, p, (size_t)n, flags == FT_ARG_CUT);
	return p + n;
}

static const uint8_t *decode_float(struct out *o, const uint8_t *p, const uint8_t *end,
				   unsigned size)
{
	uint64_t bits = 0;

	if (size != 4 && size != 8)
		return NULL;
	if ((size_t)(end - p) < size)
		return NULL;
	for (unsigned i = 0; i < size; i++)
		bits |= (uint64_t)p[i] << (8 * i);
	if (size == 4) {
		float f;
		uint32_t b32 = (uint32_t)bits;

		memcpy(&f, &b32, 4);
		out_printf(o, "%g", (double)f);
	} else {
		double d;

		memcpy(&d, &bits, 8);
		out_printf(o, "%g", d);
	}
	return p + size;
}

/* what names enum values: the enums of the trace and the function the items belong to */
struct naming {
	const struct dwarf_enums *en;
	const char *func;
};

static void out_enum(struct out *o, const struct naming *nm, uint8_t where, int64_t v,
		     unsigned size)
{
	const struct dwarf_enum *e = nm ? dwarf_enum_for(nm->en, nm->func, where) : NULL;
	char name[256];

	if (e && dwarf_enum_format(e, v, size, name, sizeof(name)))
		out_put(o, name, strlen(name));
	else
		out_printf(o, "%lld", (long long)v);
}

static const uint8_t *decode_value(struct out *o, const uint8_t *p, const uint8_t *end,
				   const uint8_t *item, const struct naming *nm)
{
	uint64_t v;
	uint8_t tag = item[1];
	unsigned type = FT_ARG_TYPE(tag);

	if (type == FT_ARG_STR)
		return decode_str(o, p, end, tag);
	if (type == FT_ARG_FLOAT)
		return decode_float(o, p, end, FT_ARG_SIZE(tag));
	p = ft_get_varint(p, end, &v);
	if (!p)
		return NULL;
	switch (type) {
	case FT_ARG_INT: out_printf(o, "%lld", (long long)ft_unzigzag(v)); break;
	case FT_ARG_ENUM: out_enum(o, nm, item[0], ft_unzigzag(v), FT_ARG_SIZE(tag)); break;
	case FT_ARG_UINT: out_printf(o, "%llu", (unsigned long long)v); break;
	case FT_ARG_HEX: out_printf(o, "%#llx", (unsigned long long)v); break;
	case FT_ARG_CHAR:
		out_put(o, "'", 1);
		out_cchar(o, (uint8_t)v, '\'');
		out_put(o, "'", 1);
		break;
	case FT_ARG_PTR:
		if (v)
			out_printf(o, "%#llx", (unsigned long long)v);
		else
			out_put(o, "0", 1);
		break;
	default: return NULL; /* a type this reader does not know: its size is unknown, stop here */
	}
	return p;
}

static size_t format_items(const uint8_t *p, size_t len, char *buf, size_t size,
			   const struct naming *nm)
{
	const uint8_t *end = p + len;
	struct out o = {buf, buf + (size ? size - 1 : 0)};
	bool first = true;

	if (!size)
		return 0;
	*buf = '\0';
	while (p < end) {
		if (end - p < 2) {
			out_put(&o, first ? "<corrupt>" : ", <corrupt>", first ? 9 : 11);
			break;
		}
		if (!first)
			out_put(&o, ", ", 2);
		p = decode_value(&o, p + 2, end, p, nm);
		if (!p) {
			out_put(&o, "<corrupt>", 9);
			break;
		}
		first = false;
	}
	return (size_t)(o.p - buf);
}

size_t argspec_format_args(const uint8_t *p, size_t len, char *buf, size_t size)
{
	return format_items(p, len, buf, size, NULL);
}

size_t argspec_format_retval(const uint8_t *p, size_t len, char *buf, size_t size)
{
	return format_items(p, len, buf, size, NULL);
}

size_t argspec_format_named(const struct dwarf_enums *en, const char *func, const uint8_t *p,
			    size_t len, char *buf, size_t size)
{
	struct naming nm = {en, func};

	return format_items(p, len, buf, size, &nm);
}

/* ---- DWARF: -a for the program's own functions, enum values ---- */

static bool set_has(const struct argspec_set *set, const char *pattern)
{
	for (unsigned i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].pattern, pattern))
			return true;
	return false;
}

/* A spec dwarf.c made from a prototype: a function that already has one (-A) keeps it. */
static void add_dwarf_spec(void *ctx, const char *spec)
{
	struct argspec_set *set = ctx;
	char err[512], *name = xstrdup(spec);

	name[strcspn(name, "@")] = '\0';
	if (set_has(set, name))
		;
	else if (argspec_add(set, spec, false, err, sizeof(err)) != 0)
		debug(DBG_RECORD, "DWARF spec skipped: %s", err);
	else
		set->v[set->n - 1].exe_only = true;
	free(name);
}

int argspec_add_dwarf(struct argspec_set *set, const char *exe, struct dwarf_enums *en)
{
	return exe ? dwarf_auto_specs(exe, add_dwarf_spec, set, en) : -1;
}

void argspec_note_enums(const struct argspec_set *set, const char *exe, struct dwarf_enums *en)
{
	const char **want = NULL;
	size_t nwant = 0;

	for (unsigned i = 0; i < set->n; i++)
		for (unsigned j = 0; j < set->v[i].n; j++) {
			const struct argitem *it = &set->v[i].items[j];

			if (it->fmt != 'e' || it->where > 6)
				continue;
			dwarf_enums_use(en, set->v[i].pattern, it->where, it->ename);
			if (!dwarf_enums_get(en, it->ename)) {
				want = xrealloc(want, (nwant + 1) * sizeof(*want));
				want[nwant++] = it->ename;
			}
		}
	if (nwant && exe && (size_t)dwarf_enums_find(exe, want, nwant, en) < nwant)
		for (size_t i = 0; i < nwant; i++)
			if (!dwarf_enums_get(en, want[i]))
				warn("no enum '%s' in the DWARF of '%s': its values are shown as "
				     "numbers",
				     want[i], exe);
	free(want);
}

static void add_plain_spec(void *ctx, const char *spec)
{
	char err[512];

	if (argspec_add(ctx, spec, false, err, sizeof(err)) != 0)
		debug(DBG_RECORD, "DWARF spec skipped: %s", err);
}

static const struct argitem *spec_item(const struct argspec *s, uint8_t where)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->items[i].where == where)
			return &s->items[i];
	return NULL;
}

/* An item given without a format (or without a size) takes the declared type's: -1 stays -1. */
static void item_fill(struct argitem *it, const struct argitem *dw)
{
	if (!it->typed) {
		it->fmt = dw->fmt == 's' ? 'p' : dw->fmt; /* a number was asked for, not a string */
		it->size = dw->size;
		it->ename = dw->ename ? xstrdup(dw->ename) : NULL;
	} else if (!it->sized && strchr("dux", it->fmt) && strchr("duxec", dw->fmt)) {
		it->size = dw->size;
	}
}

static bool set_untyped(const struct argspec_set *set)
{
	for (unsigned i = 0; i < set->n; i++)
		for (unsigned j = 0; j < set->v[i].n; j++)
			if (!set->v[i].items[j].typed || !set->v[i].items[j].sized)
				return true;
	return false;
}

/* -A f@arg1 on the program's own f: its DWARF prototype gives the item's type and size. */
static void fill_from_dwarf(struct argspec_set *set, const char *exe, struct dwarf_enums *en)
{
	struct argspec_set dw = {0};

	if (!exe || !set_untyped(set) || dwarf_auto_specs(exe, add_plain_spec, &dw, en) < 0)
		goto out;
	for (unsigned i = 0; i < set->n; i++)
		for (unsigned k = 0; k < dw.n; k++) {
			if (strcmp(set->v[i].pattern, dw.v[k].pattern))
				continue;
			for (unsigned j = 0; j < set->v[i].n; j++) {
				struct argitem *it = &set->v[i].items[j];
				const struct argitem *d = spec_item(&dw.v[k], it->where);

				if (d)
					item_fill(it, d);
			}
		}
out:
	argspec_free(&dw);
}

/* The FT_ENV_ARGS value for `record` from -A, -R and -a (dies on a bad spec); NULL when none. */
char *argspec_env(const struct argspec_config *c, const char *exe, struct dwarf_enums **enums)
{
	struct argspec_set set = {0};
	struct dwarf_enums *en = xcalloc(1, sizeof(*en));
	char err[512], *env;

	for (unsigned i = 0; i < c->narg_specs; i++)
		if (argspec_add(&set, c->arg_specs[i], false, err, sizeof(err)) != 0)
			die("%s", err);
	for (unsigned i = 0; i < c->nret_specs; i++)
		if (argspec_add(&set, c->ret_specs[i], true, err, sizeof(err)) != 0)
			die("%s", err);
	fill_from_dwarf(&set, exe, en);
	if (c->auto_args) {
		argspec_add_auto(&set);
		argspec_add_dwarf(&set, exe, en);
	}
	argspec_note_enums(&set, exe, en);
	env = argspec_digest(&set, exe);
	argspec_free(&set);
	if (enums && en->nuses) {
		*enums = en;
	} else {
		if (enums)
			*enums = NULL;
		dwarf_enums_free(en);
	}
	return env;
}
