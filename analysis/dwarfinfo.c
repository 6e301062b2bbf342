/* SPDX-License-Identifier: MIT */
/* DWARF (libdw), analyser only: -a specs of the program's functions, enum names, source lines. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dwarfinfo.h"
#include "util.h"
#include "elfsyms.h"
#include "trace_format.h"

/*
 * Everything here reads DWARF once, in `ftrace record` before the program starts (specs, enums) or
 * after it ended (source lines), and saves what replay needs in the data directory, so that replay
 * never needs the binary's DWARF unless a table is missing.
 *
 * Register assignment follows the x86-64 SysV ABI for what a C prototype can say without looking
 * inside aggregates: integer-class scalars take rdi, rsi, rdx, rcx, r8, r9 in order, float and
 * double take xmm0..7. A struct or union passed by value makes the rest uncertain, so the spec
 * stops there; one returned in memory (more than 16 bytes, or a C++ class passed by reference)
 * takes rdi first.
 */

#define NAME_MAX_LEN 200

/* ---- walking the functions and types of a file ---- */

struct dw_file {
	int fd;
	Elf *elf;
	Dwarf *dbg;
};

/* Does the file have a .debug_info section? Most libraries have none, and libdw's set-up (every
 * section checked and indexed) cost more than anything else `record` does after the run. */
static bool has_debug_info(Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;
	const char *name;

	if (elf_getshdrstrndx(elf, &shstr) != 0)
		return false;
	while ((scn = elf_nextscn(elf, scn)) && gelf_getshdr(scn, &sh))
		if (sh.sh_type != SHT_NOBITS && (name = elf_strptr(elf, shstr, sh.sh_name)) &&
		    (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info")))
			return true;
	return false;
}

static int dw_open(const char *path, struct dw_file *f)
{
	bool debug;

	elf_version(EV_CURRENT); /* libelf's set-up, as dwarf_begin() does it */
	f->dbg = NULL;
	f->fd = open_regular(path);
	if (f->fd < 0)
		return -1;
	/* the section headers alone (ELF_C_READ reads only what is asked), then the whole file
	 * mapped for libdw when it has DWARF */
	f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
	debug = f->elf && elf_kind(f->elf) == ELF_K_ELF && has_debug_info(f->elf);
	if (f->elf)
		elf_end(f->elf);
	f->elf = debug ? elf_begin(f->fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (f->elf)
		f->dbg = dwarf_begin_elf(f->elf, DWARF_C_READ, NULL);
	if (f->dbg)
		return 0;
	if (f->elf)
		elf_end(f->elf);
	close(f->fd);
	return -1;
}

static void dw_close(struct dw_file *f)
{
	dwarf_end(f->dbg);
	elf_end(f->elf);
	close(f->fd);
}

struct walk {
	void (*func)(struct walk *w, Dwarf_Die *die); /* a subprogram with code */
	void (*type)(struct walk *w, Dwarf_Die *die); /* an enum or typedef at namespace level */
	Dwarf_Die cu;
	Dwarf_Half version; /* of the unit being walked */
	void *ctx;
};

static bool has_code(Dwarf_Die *die)
{
	Dwarf_Addr a;

	return dwarf_entrypc(die, &a) == 0 || dwarf_hasattr(die, DW_AT_ranges);
}

static void walk_children(struct walk *w, Dwarf_Die *parent, int level)
{
	Dwarf_Die child;

	if (level > 16 || dwarf_child(parent, &child) != 0)
		return;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_subprogram:
			if (w->func && has_code(&child))
				w->func(w, &child);
			break;
		case DW_TAG_enumeration_type:
		case DW_TAG_typedef:
			if (w->type)
				w->type(w, &child);
			break;
		case DW_TAG_namespace:
		case DW_TAG_class_type:
		case DW_TAG_structure_type:
		case DW_TAG_union_type: walk_children(w, &child, level + 1); break;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

static void walk_file(Dwarf *dbg, struct walk *w)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Half version;
	uint8_t unit_type;
	Dwarf_Die sub;

	while (dwarf_get_units(dbg, cu, &cu, &version, &unit_type, &w->cu, &sub) == 0) {
		w->version = version;
		if (unit_type == DW_UT_compile || unit_type == DW_UT_partial)
			walk_children(w, &w->cu, 0);
	}
}

/* ---- types ---- */

static bool type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, out);
}

/* Through typedefs and qualifiers; *tname gets the innermost typedef's name (anonymous enums). */
static bool strip_type(Dwarf_Die *t, const char **tname)
{
	for (int i = 0; i < 32; i++) {
		switch (dwarf_tag(t)) {
		case DW_TAG_typedef:
			if (tname)
				*tname = dwarf_diename(t);
			/* fallthrough */
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			if (!type_of(t, t))
				return false; /* const void */
			break;
		default: return true;
		}
	}
	return false;
}

static unsigned attr_udata(Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute a;
	Dwarf_Word v = 0;

	if (!dwarf_attr_integrate(die, name, &a) || dwarf_formudata(&a, &v) != 0)
		return 0;
	return (unsigned)v;
}

/* How one parameter or return value is passed and shown. */
struct ptype {
	char fmt;	   /* d u c s p f e; 0: nothing to show (void) */
	unsigned size;	   /* bytes */
	bool sse;	   /* in an xmm register */
	bool stop;	   /* cannot tell where the rest goes: stop here */
	bool by_ref;	   /* an aggregate passed by invisible reference (one integer register) */
	bool memory;	   /* a return value in memory: its address takes rdi */
	const char *ename; /* fmt 'e' */
	Dwarf_Die edie;
};

static void classify_base(Dwarf_Die *t, struct ptype *pt)
{
	unsigned enc = attr_udata(t, DW_AT_encoding);
	int size = dwarf_bytesize(t);

	pt->size = size > 0 ? (unsigned)size : 0;
	if (pt->size != 1 && pt->size != 2 && pt->size != 4 && pt->size != 8) {
		pt->stop = true; /* __int128, long double, complex: more than one register, or
				    memory */
		return;
	}
	switch (enc) {
	case DW_ATE_float:
		pt->fmt = 'f';
		pt->sse = true;
		pt->stop = pt->size < 4;
		break;
	case DW_ATE_signed: pt->fmt = 'd'; break;
	case DW_ATE_signed_char:
	case DW_ATE_unsigned_char: pt->fmt = pt->size == 1 ? 'c' : 'u'; break;
	case DW_ATE_unsigned:
	case DW_ATE_boolean:
	case DW_ATE_UTF: pt->fmt = 'u'; break;
	default: pt->stop = true;
	}
}

static void classify_pointer(Dwarf_Die *t, struct ptype *pt)
{
	Dwarf_Die to;
	unsigned enc;

	pt->fmt = 'p';
	pt->size = 8;
	if (!type_of(t, &to) || !strip_type(&to, NULL) || dwarf_tag(&to) != DW_TAG_base_type ||
	    dwarf_bytesize(&to) != 1)
		return;
	enc = attr_udata(&to, DW_AT_encoding);
	if (enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char)
		pt->fmt = 's';
}

static void classify_enum(Dwarf_Die *t, const char *tname, struct ptype *pt)
{
	int size = dwarf_bytesize(t);
	const char *name = dwarf_diename(t);

	pt->size = size == 1 || size == 2 || size == 4 || size == 8 ? (unsigned)size : 4;
	pt->fmt = 'd';
	if (!name)
		name = tname;
	if (!name || strlen(name) > NAME_MAX_LEN || strpbrk(name, " ,;@/") || !dwarf_haschildren(t))
		return; /* no name to refer to it by, or a declaration only: a number */
	pt->fmt = 'e';
	pt->ename = name;
	pt->edie = *t;
}

/* A struct, union or class: by value in registers (unknown which: stop), in memory, or by
 * reference. */
static void classify_aggregate(Dwarf_Die *t, struct ptype *pt, bool ret)
{
	int size = dwarf_bytesize(t);

	if (attr_udata(t, DW_AT_calling_convention) == DW_CC_pass_by_reference) {
		pt->by_ref = !ret;
		pt->memory = ret;
		pt->fmt = ret ? 0 : 'p';
		pt->size = 8;
		return;
	}
	if (ret && size > 16) {
		pt->memory = true;
		return;
	}
	pt->stop =
		!ret; /* a small aggregate returned in rax/rdx or xmm0: not shown, nothing shifts */
}

/* die: the DIE with the DW_AT_type (a parameter or a function); no type is void. */
static void classify(Dwarf_Die *die, struct ptype *pt, bool ret)
{
	const char *tname = NULL;
	Dwarf_Die t;

	*pt = (struct ptype){0};
	if (!type_of(die, &t) || !strip_type(&t, &tname)) {
		pt->stop = !ret; /* a parameter without a type is not C */
		return;
	}
	switch (dwarf_tag(&t)) {
	case DW_TAG_base_type: classify_base(&t, pt); break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type: classify_pointer(&t, pt); break;
	case DW_TAG_enumeration_type: classify_enum(&t, tname, pt); break;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type: classify_aggregate(&t, pt, ret); break;
	default: pt->stop = true; /* arrays by value, pointers to members, vectors... */
	}
}

/* "d32", "u", "s", "f32", "e:color", "e8:mode" */
static int put_fmt(char *buf, size_t size, const struct ptype *pt)
{
	unsigned bits = 8 * pt->size;

	switch (pt->fmt) {
	case 'c':
	case 's':
	case 'p': return snprintf(buf, size, "%c", pt->fmt);
	case 'e':
		return bits == 32 ? snprintf(buf, size, "e:%s", pt->ename)
				  : snprintf(buf, size, "e%u:%s", bits, pt->ename);
	default:
		return bits == 64 ? snprintf(buf, size, "%c", pt->fmt)
				  : snprintf(buf, size, "%c%u", pt->fmt, bits);
	}
}

/* ---- enums ---- */

/*
 * Whether the enum's underlying type is unsigned. libdw sign-extends a DW_FORM_data1/2/4 value read
 * as signed: SPAN_LOW = 0xff of an unsigned enum would become -1, and 0xffff then matches nothing.
 */
static bool enum_unsigned(Dwarf_Die *t)
{
	Dwarf_Attribute a;
	Dwarf_Die base;
	Dwarf_Word enc;

	if (!dwarf_attr_integrate(t, DW_AT_type, &a) || !dwarf_formref_die(&a, &base) ||
	    !dwarf_attr_integrate(&base, DW_AT_encoding, &a) || dwarf_formudata(&a, &enc) != 0)
		return false;
	return enc == DW_ATE_unsigned || enc == DW_ATE_unsigned_char || enc == DW_ATE_boolean;
}

static bool enumerator_value(Dwarf_Attribute *a, bool is_unsigned, int64_t *v)
{
	Dwarf_Sword sv;
	Dwarf_Word uv;

	if (is_unsigned && dwarf_whatform(a) != DW_FORM_sdata) {
		if (dwarf_formudata(a, &uv) != 0)
			return false;
		*v = (int64_t)uv;
		return true;
	}
	if (dwarf_formsdata(a, &sv) != 0)
		return false;
	*v = (int64_t)sv;
	return true;
}

static void enum_push(struct dwarf_enums *en, const char *name, Dwarf_Die *t)
{
	struct dwarf_enum *e;
	bool is_unsigned = enum_unsigned(t);
	Dwarf_Die c;

	if (dwarf_enums_get(en, name))
		return;
	en->v = xrealloc(en->v, (en->n + 1) * sizeof(*en->v));
	e = &en->v[en->n++];
	*e = (struct dwarf_enum){.name = xstrdup(name)};
	if (dwarf_child(t, &c) != 0)
		return;
	do {
		Dwarf_Attribute a;
		int64_t v;
		const char *n = dwarf_diename(&c);

		if (dwarf_tag(&c) != DW_TAG_enumerator || !n || strpbrk(n, " \n") ||
		    !dwarf_attr(&c, DW_AT_const_value, &a) ||
		    !enumerator_value(&a, is_unsigned, &v))
			continue;
		e->values = xrealloc(e->values, (e->n + 1) * sizeof(*e->values));
		e->names = xrealloc(e->names, (e->n + 1) * sizeof(*e->names));
		e->values[e->n] = v;
		e->names[e->n++] = xstrdup(n);
	} while (dwarf_siblingof(&c, &c) == 0);
}

const struct dwarf_enum *dwarf_enums_get(const struct dwarf_enums *en, const char *name)
{
	for (size_t i = 0; i < en->n; i++)
		if (!strcmp(en->v[i].name, name))
			return &en->v[i];
	return NULL;
}

void dwarf_enums_use(struct dwarf_enums *en, const char *pattern, uint8_t where, const char *ename)
{
	en->uses = xrealloc(en->uses, (en->nuses + 1) * sizeof(*en->uses));
	en->uses[en->nuses++] = (struct dwarf_enum_use){xstrdup(pattern), xstrdup(ename), where};
}

void dwarf_enums_clear(struct dwarf_enums *en)
{
	for (size_t i = 0; i < en->n; i++) {
		for (size_t j = 0; j < en->v[i].n; j++)
			free(en->v[i].names[j]);
		free(en->v[i].names);
		free(en->v[i].values);
		free(en->v[i].name);
	}
	for (size_t i = 0; i < en->nuses; i++) {
		free(en->uses[i].pattern);
		free(en->uses[i].ename);
	}
	free(en->v);
	free(en->uses);
	*en = (struct dwarf_enums){0};
}

void dwarf_enums_free(struct dwarf_enums *en)
{
	if (!en)
		return;
	dwarf_enums_clear(en);
	free(en);
}

struct find_ctx {
	const char *const *names;
	size_t n;
	struct dwarf_enums *en;
	int found;
};

/* `enum color {...}` or `typedef enum {...} color_t`, named in the list */
static void find_type(struct walk *w, Dwarf_Die *die)
{
	struct find_ctx *c = w->ctx;
	const char *name = dwarf_diename(die);
	Dwarf_Die t = *die;

	if (!name || (dwarf_tag(die) == DW_TAG_typedef &&
		      (!strip_type(&t, NULL) || dwarf_tag(&t) != DW_TAG_enumeration_type)))
		return;
	if (!dwarf_haschildren(&t) || dwarf_enums_get(c->en, name))
		return;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name)) {
			enum_push(c->en, name, &t);
			c->found++;
		}
}

int dwarf_enums_find(const char *exe, const char *const *names, size_t n, struct dwarf_enums *en)
{
	struct find_ctx c = {names, n, en, 0};
	struct walk w = {.type = find_type, .ctx = &c};
	struct dw_file f;

	if (!n || dw_open(exe, &f) < 0)
		return 0;
	walk_file(f.dbg, &w);
	dw_close(&f);
	return c.found;
}

/* ---- -a: specs of the program's functions ---- */

struct fsym {
	char *name;
	uint64_t addr;
	unsigned count;
};

struct spec_ctx {
	struct fsym *syms; /* sorted by name */
	size_t nsyms, cap;
	void (*add)(void *ctx, const char *spec);
	void *add_ctx;
	struct dwarf_enums *en;
	int n;
};

static void collect_sym(void *ctx, const struct sym *s)
{
	struct spec_ctx *c = ctx;

	if (c->nsyms == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->syms = xrealloc(c->syms, c->cap * sizeof(*c->syms));
	}
	c->syms[c->nsyms++] = (struct fsym){xstrdup(s->name), s->addr, 1};
}

static int fsym_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fsym *)a)->name, ((const struct fsym *)b)->name);
}

/* Sorted by name, one entry per name with the number of functions that have it. */
static void syms_index(struct spec_ctx *c)
{
	size_t out = 0;

	if (c->nsyms)
		qsort(c->syms, c->nsyms, sizeof(*c->syms), fsym_cmp);
	for (size_t i = 0; i < c->nsyms; i++) {
		if (out && !strcmp(c->syms[out - 1].name, c->syms[i].name)) {
			c->syms[out - 1].count++;
			free(c->syms[i].name);
			continue;
		}
		c->syms[out++] = c->syms[i];
	}
	c->nsyms = out;
}

static const char *linkage_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *s;

	if ((dwarf_attr_integrate(die, DW_AT_linkage_name, &a) ||
	     dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &a)) &&
	    (s = dwarf_formstring(&a)))
		return s;
	return dwarf_diename(die);
}

struct spec_buf {
	char s[1024];
	size_t len;
	unsigned items, iarg, farg; /* items written, integer and SSE registers used */
};

static void spec_item(struct spec_buf *b, const char *where, unsigned n, const struct ptype *pt)
{
	char fmt[NAME_MAX_LEN + 8];

	put_fmt(fmt, sizeof(fmt), pt);
	b->len += (size_t)snprintf(b->s + b->len, sizeof(b->s) - b->len, "%s%s%.0u/%s",
				   b->items ? "," : "", where, n, fmt);
	if (b->len >= sizeof(b->s))
		b->len = sizeof(b->s) - 1;
	b->items++;
}

/* The formal parameters: the DIE's own, or its abstract origin's (an out-of-line inline function).
 */
static bool first_param(Dwarf_Die *fn, Dwarf_Die *p)
{
	Dwarf_Attribute a;
	Dwarf_Die origin;

	if (dwarf_child(fn, p) == 0)
		return true;
	return dwarf_attr(fn, DW_AT_abstract_origin, &a) && dwarf_formref_die(&a, &origin) &&
	       dwarf_child(&origin, p) == 0;
}

static void spec_params(struct spec_ctx *c, Dwarf_Die *fn, struct spec_buf *b, unsigned room)
{
	Dwarf_Die p;
	struct ptype pt;

	if (!first_param(fn, &p))
		return;
	do {
		int tag = dwarf_tag(&p);

		if (tag == DW_TAG_unspecified_parameters)
			return; /* varargs: only the fixed ones */
		if (tag != DW_TAG_formal_parameter)
			continue;
		classify(&p, &pt, false);
		if (pt.stop || b->items >= room)
			return;
		if (pt.sse ? ++b->farg > 8 : ++b->iarg > 6)
			continue; /* on the stack: not recorded, the next ones may still be in
				     registers */
		spec_item(b, pt.sse ? "fparg" : "arg", pt.sse ? b->farg : b->iarg, &pt);
		if (pt.fmt == 'e')
			enum_push(c->en, pt.ename, &pt.edie);
	} while (dwarf_siblingof(&p, &p) == 0);
}

/* The symbol that this DIE describes: unique by name, and at an address inside the DIE. */
static bool is_described(struct spec_ctx *c, Dwarf_Die *fn, const char *name)
{
	struct fsym key = {.name = (char *)name}, *s;

	s = c->nsyms ? bsearch(&key, c->syms, c->nsyms, sizeof(key), fsym_cmp) : NULL;
	return s && s->count == 1 && dwarf_haspc(fn, s->addr) == 1;
}

static void spec_func(struct walk *w, Dwarf_Die *fn)
{
	struct spec_ctx *c = w->ctx;
	const char *name = linkage_name(fn);
	struct spec_buf b = {.len = 0};
	struct ptype ret;

	if (!name || strlen(name) > NAME_MAX_LEN || strpbrk(name, "*?[@,;/ ") ||
	    !is_described(c, fn, name))
		return;
	b.len = (size_t)snprintf(b.s, sizeof(b.s), "%s@", name);
	classify(fn, &ret, true);
	if (ret.memory)
		b.iarg = 1; /* rdi holds where the result goes */
	spec_params(c, fn, &b, ret.fmt && !ret.stop ? 7 : 8);
	if (ret.fmt && !ret.stop && !ret.memory) {
		spec_item(&b, "retval", 0, &ret);
		if (ret.fmt == 'e')
			enum_push(c->en, ret.ename, &ret.edie);
	}
	if (!b.items)
		return; /* void f(void): nothing to record */
	c->add(c->add_ctx, b.s);
	c->n++;
}

int dwarf_auto_specs(const char *exe, void (*add)(void *ctx, const char *spec), void *ctx,
		     struct dwarf_enums *en)
{
	struct spec_ctx c = {.add = add, .add_ctx = ctx, .en = en};
	struct walk w = {.func = spec_func, .ctx = &c};
	struct dw_file f;

	if (dw_open(exe, &f) < 0)
		return -1;
	if (elf_functions(exe, collect_sym, &c) == 0) {
		syms_index(&c);
		walk_file(f.dbg, &w);
	}
	for (size_t i = 0; i < c.nsyms; i++)
		free(c.syms[i].name);
	free(c.syms);
	dw_close(&f);
	debug(DBG_RECORD, "%d functions of '%s' described by DWARF", c.n, exe);
	return c.n;
}

/* ---- the enums file ----
 *	ftrace-enums 1
 *	enum <name> <count>
 *	<value> <enumerator>          count lines, value in signed decimal
 *	use <where> <enum> <pattern>  where: 0 retval, 1..6 argN
 */

char *dwarf_enums_text(const struct dwarf_enums *en)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		die("cannot allocate memory");
	fprintf(f, "%s\n", DWARF_ENUMS_MAGIC);
	for (size_t i = 0; i < en->n; i++) {
		fprintf(f, "enum %s %zu\n", en->v[i].name, en->v[i].n);
		for (size_t j = 0; j < en->v[i].n; j++)
			fprintf(f, "%lld %s\n", (long long)en->v[i].values[j], en->v[i].names[j]);
	}
	for (size_t i = 0; i < en->nuses; i++)
		fprintf(f, "use %u %s %s\n", en->uses[i].where, en->uses[i].ename,
			en->uses[i].pattern);
	if (fclose(f) != 0)
		die("cannot allocate memory");
	return buf;
}

static char *next_line(char **p)
{
	char *line = *p, *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	*p = nl ? nl + 1 : line + strlen(line);
	if (nl)
		*nl = '\0';
	return line;
}

/* "enum NAME COUNT" then COUNT "VALUE NAME" lines; false when malformed. */
static bool parse_enum(char **p, const char *head, struct dwarf_enums *en)
{
	char name[NAME_MAX_LEN + 2], ename[256], *line;
	unsigned long count;
	struct dwarf_enum e = {0};
	long long v;
	int end = 0;

	if (sscanf(head, "enum %201s %lu%n", name, &count, &end) != 2 || head[end] ||
	    strlen(name) > NAME_MAX_LEN)
		return false;
	en->v = xrealloc(en->v, (en->n + 1) * sizeof(*en->v));
	e.name = xstrdup(name);
	for (unsigned long i = 0; i < count; i++) {
		if (!(line = next_line(p)) || sscanf(line, "%lld %255s%n", &v, ename, &end) != 2 ||
		    line[end]) {
			en->v[en->n++] = e;
			return false;
		}
		e.values = xrealloc(e.values, (e.n + 1) * sizeof(*e.values));
		e.names = xrealloc(e.names, (e.n + 1) * sizeof(*e.names));
		e.values[e.n] = v;
		e.names[e.n++] = xstrdup(ename);
	}
	en->v[en->n++] = e;
	return true;
}

int dwarf_enums_parse(const char *text, struct dwarf_enums *en)
{
	char *copy = xstrdup(text), *p = copy, *line = next_line(&p);
	char ename[NAME_MAX_LEN + 2];
	unsigned where;
	int end = 0, rc = 0;

	*en = (struct dwarf_enums){0};
	if (!line || strcmp(line, DWARF_ENUMS_MAGIC))
		rc = -1;
	while (!rc && (line = next_line(&p))) {
		if (!strncmp(line, "enum ", 5)) {
			if (!parse_enum(&p, line, en))
				rc = -1;
		} else if (sscanf(line, "use %u %201s %n", &where, ename, &end) == 2 &&
			   where <= 6 && line[end]) {
			dwarf_enums_use(en, line + end, (uint8_t)where, ename);
		} else if (*line) {
			rc = -1;
		}
	}
	free(copy);
	if (rc)
		dwarf_enums_clear(en);
	return rc;
}

struct dwarf_enums *dwarf_enums_load(const char *dir)
{
	char path[PATH_MAX], *text = NULL;
	struct dwarf_enums *en;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, DWARF_ENUMS_FILE);
	f = fopen_regular(path);
	if (!f)
		return NULL;
	en = xcalloc(1, sizeof(*en));
	if (getdelim(&text, &len, '\0', f) < 0 || dwarf_enums_parse(text, en) < 0) {
		warn("'%s' is not an enum table: enums are shown as numbers", path);
		free(en);
		en = NULL;
	}
	free(text);
	fclose(f);
	return en;
}

const struct dwarf_enum *dwarf_enum_for(const struct dwarf_enums *en, const char *func,
					uint8_t where)
{
	for (size_t i = 0; en && func && i < en->nuses; i++)
		if (en->uses[i].where == where && fnmatch(en->uses[i].pattern, func, 0) == 0)
			return dwarf_enums_get(en, en->uses[i].ename);
	return NULL;
}

/* NAME when one enumerator has the value, else A|B when single-bit enumerators make it up. */
/* The enumerator of e that covers the most bits of want without touching got, or -1: a mask
 * (0xff00) is preferred to its single bits, so that values built from masks read as such. */
static ptrdiff_t enum_best_part(const struct dwarf_enum *e, uint64_t mask, uint64_t want,
				uint64_t got)
{
	ptrdiff_t best = -1;
	int best_bits = 0;

	for (size_t i = 0; i < e->n; i++) {
		uint64_t part = (uint64_t)e->values[i] & mask;
		int bits = __builtin_popcountll(part);

		if (part && (part & want) == part && !(part & got) && bits > best_bits)
			best = (ptrdiff_t)i, best_bits = bits;
	}
	return best;
}

bool dwarf_enum_format(const struct dwarf_enum *e, int64_t v, unsigned size, char *buf,
		       size_t bufsize)
{
	uint64_t mask = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1, want = (uint64_t)v & mask,
		 got = 0;
	size_t len = 0;
	ptrdiff_t i;

	if (!e || !bufsize)
		return false;
	for (size_t k = 0; k < e->n; k++)
		if (((uint64_t)e->values[k] & mask) == want)
			return snprintf(buf, bufsize, "%s", e->names[k]) < (int)bufsize;
	buf[0] = '\0';
	while (want != got && (i = enum_best_part(e, mask, want, got)) >= 0) {
		got |= (uint64_t)e->values[i] & mask;
		len += (size_t)snprintf(buf + len, bufsize - len, "%s%s", len ? "|" : "",
					e->names[i]);
		if (len >= bufsize)
			return false;
	}
	return want && got == want; /* else a number: GREEN|0x2 of a plain enum would mislead */
}

/* ---- source lines ---- */

static void srctab_push(struct srctab *t, uint64_t addr, uint32_t line, const char *file)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n++] = (struct srcline){addr, line, file};
}

static int srcline_cmp(const void *a, const void *b)
{
	const struct srcline *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct src_ctx {
	struct srctab *t;
	const char *comp_dir;
	size_t comp_len;
	char *last; /* the last file name kept: consecutive functions share it */
};

/* The entry address: DW_AT_entry_pc or low_pc, else where the first range starts. */
static bool entry_addr(Dwarf_Die *fn, Dwarf_Addr *addr)
{
	Dwarf_Addr base, start, end;

	if (dwarf_entrypc(fn, addr) == 0)
		return true;
	if (dwarf_ranges(fn, 0, &base, &start, &end) > 0) {
		*addr = start;
		return true;
	}
	return false;
}

/* dwarf_decl_file(), and file 0 of a DWARF 5 unit (clang's main file), which libdw 0.188 refuses */
static const char *decl_file(struct walk *w, Dwarf_Die *fn)
{
	const char *file = dwarf_decl_file(fn);
	Dwarf_Attribute a;
	Dwarf_Word idx;
	Dwarf_Files *files;
	size_t n;

	if (file || w->version < 5)
		return file;
	if (!dwarf_attr_integrate(fn, DW_AT_decl_file, &a) || dwarf_formudata(&a, &idx) != 0 ||
	    dwarf_getsrcfiles(&w->cu, &files, &n) != 0 || idx >= n)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

static void src_func(struct walk *w, Dwarf_Die *fn)
{
	struct src_ctx *c = w->ctx;
	const char *file = decl_file(w, fn);
	Dwarf_Addr addr;
	int line = 0;
	struct srctab *t = c->t;

	if (!file || dwarf_decl_line(fn, &line) != 0 || line <= 0 || !entry_addr(fn, &addr) ||
	    strpbrk(file, "\n"))
		return;
	/* relative to the directory of the compilation, as the user wrote it */
	if (c->comp_len && !strncmp(file, c->comp_dir, c->comp_len) && file[c->comp_len] == '/')
		file += c->comp_len + 1;
	if (!c->last || strcmp(c->last, file)) {
		c->last = xstrdup(file);
		t->owned = xrealloc(t->owned, (t->nowned + 1) * sizeof(*t->owned));
		t->owned[t->nowned++] = c->last;
	}
	srctab_push(t, addr, (uint32_t)line, c->last);
}

static void srctab_finish(struct srctab *t)
{
	size_t out = 0;

	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), srcline_cmp);
	for (size_t i = 0; i < t->n; i++)
		if (!out || t->v[out - 1].addr != t->v[i].addr)
			t->v[out++] = t->v[i];
	t->n = out;
}

int srctab_read_dwarf(const char *path, struct srctab *t)
{
	struct src_ctx c = {.t = t};
	struct walk w = {.func = src_func, .ctx = &c};
	struct dw_file f;
	Dwarf_CU *cu = NULL;
	Dwarf_Half version;
	uint8_t unit_type;
	Dwarf_Die sub;

	*t = (struct srctab){0};
	if (dw_open(path, &f) < 0)
		return -1;
	while (dwarf_get_units(f.dbg, cu, &cu, &version, &unit_type, &w.cu, &sub) == 0) {
		Dwarf_Attribute a;

		w.version = version;
		if (unit_type != DW_UT_compile && unit_type != DW_UT_partial)
			continue;
		c.comp_dir = dwarf_attr(&w.cu, DW_AT_comp_dir, &a) ? dwarf_formstring(&a) : NULL;
		c.comp_len = c.comp_dir ? strlen(c.comp_dir) : 0;
		walk_children(&w, &w.cu, 0);
	}
	dw_close(&f);
	srctab_finish(t);
	return 0;
}

int srctab_write(const struct srctab *t, const char *module, const char *file)
{
	FILE *f = fopen_new(file);

	if (!f)
		return error("cannot write '%s': %s", file, strerror(errno));
	fprintf(f, "%s\n# path: %s\n", DWARF_SRCLINE_MAGIC, module);
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%llx %u %s\n", (unsigned long long)t->v[i].addr, t->v[i].line,
			t->v[i].file);
	if (fclose(f) != 0)
		return error("cannot write '%s': %s", file, strerror(errno));
	return 0;
}

/* "<hex addr> <line> <file>"; false when the line is not that */
static bool parse_srcline(struct srctab *t, char *line)
{
	char *end;
	unsigned long long addr = strtoull(line, &end, 16);
	unsigned long n;

	if (end == line || *end != ' ')
		return false;
	n = strtoul(end + 1, &end, 10);
	if (*end != ' ' || !end[1] || !n || n > UINT32_MAX)
		return false;
	srctab_push(t, addr, (uint32_t)n, end + 1);
	return true;
}

int srctab_read_file(const char *file, struct srctab *t, char **module)
{
	FILE *f = fopen_regular(file);
	size_t len = 0;
	char *p, *line;

	*t = (struct srctab){0};
	*module = NULL;
	if (!f)
		return -1;
	if (getdelim(&t->text, &len, '\0', f) < 0 ||
	    strncmp(t->text, DWARF_SRCLINE_MAGIC "\n", sizeof(DWARF_SRCLINE_MAGIC))) {
		fclose(f);
		srctab_free(t);
		return -1;
	}
	fclose(f);
	p = t->text;
	while ((line = next_line(&p))) {
		if (!strncmp(line, "# path: ", 8) && !*module)
			*module = xstrdup(line + 8);
		else if (*line != '#' && *line)
			parse_srcline(t, line); /* a malformed line is skipped */
	}
	srctab_finish(t);
	return 0;
}

const struct srcline *srctab_find(const struct srctab *t, uint64_t addr)
{
	struct srcline key = {.addr = addr};

	return t->n ? bsearch(&key, t->v, t->n, sizeof(key), srcline_cmp) : NULL;
}

void srctab_free(struct srctab *t)
{
	for (size_t i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->v);
	free(t->text);
	*t = (struct srctab){0};
}

/* ---- the tables of a data directory ---- */

struct srcmod {
	char *path;
	struct srctab t;
	bool loaded;
};

struct srclines {
	char *dir;
	struct srcmod *m;
	size_t n;
	bool scanned;
};

struct srclines *srclines_new(const char *dir)
{
	struct srclines *s = xcalloc(1, sizeof(*s));

	s->dir = xstrdup(dir);
	return s;
}

static struct srcmod *srclines_add(struct srclines *s, char *path)
{
	s->m = xrealloc(s->m, (s->n + 1) * sizeof(*s->m));
	s->m[s->n] = (struct srcmod){.path = path};
	return &s->m[s->n++];
}

/* each sym/NAME.srcline says which module it describes */
static void srclines_scan(struct srclines *s)
{
	char path[PATH_MAX + 300], *module;
	struct dirent *e;
	DIR *d;

	s->scanned = true;
	snprintf(path, sizeof(path), "%s/%s", s->dir, FT_SYM_DIR);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct srctab t;

		if (n < 9 || strcmp(e->d_name + n - 8, ".srcline"))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", s->dir, FT_SYM_DIR, e->d_name);
		if (srctab_read_file(path, &t, &module) < 0 || !module) {
			warn("'%s' is not a source line table: skipped", path);
			srctab_free(&t);
			free(module);
			continue;
		}
		srclines_add(s, module)->t = t;
		s->m[s->n - 1].loaded = true;
	}
	if (d)
		closedir(d);
}

const struct srcline *srclines_find(struct srclines *s, const char *module, uint64_t addr)
{
	struct srcmod *m = NULL;

	if (!module)
		return NULL;
	if (!s->scanned)
		srclines_scan(s);
	for (size_t i = 0; i < s->n && !m; i++)
		if (!strcmp(s->m[i].path, module))
			m = &s->m[i];
	if (!m) {
		m = srclines_add(s, xstrdup(module));
		if (srctab_read_dwarf(module, &m->t) == 0)
			debug(DBG_SYMBOL, "source lines of '%s' read from its DWARF", module);
	}
	return srctab_find(&m->t, addr);
}

void srclines_free(struct srclines *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		srctab_free(&s->m[i].t);
		free(s->m[i].path);
	}
	free(s->m);
	free(s->dir);
	free(s);
}

/* ---- record: saving ---- */

int dwarf_save_srclines(const char *dir, const char *module, const char *symfile)
{
	char path[PATH_MAX + 300];
	size_t n = strlen(symfile);
	struct srctab t;
	int rc = 0;

	if (n < 5 || strcmp(symfile + n - 4, ".sym") || strchr(symfile, '/'))
		return 0;
	if (srctab_read_dwarf(module, &t) < 0)
		return 0; /* no DWARF: nothing to save */
	snprintf(path, sizeof(path), "%s/%s/%.*s.srcline", dir, FT_SYM_DIR, (int)(n - 4), symfile);
	if (t.n && srctab_write(&t, module, path) < 0)
		rc = -1;
	srctab_free(&t);
	return rc;
}

int dwarf_save_enums(const char *dir, const struct dwarf_enums *en)
{
	char path[PATH_MAX + 64], *text;
	FILE *f;
	int rc = 0;

	if (!en || !en->nuses)
		return rc;
	snprintf(path, sizeof(path), "%s/%s", dir, DWARF_ENUMS_FILE);
	text = dwarf_enums_text(en);
	f = fopen_new(path);
	if (!f) {
		rc = error("cannot write '%s': %s", path, strerror(errno));
	} else {
		bool bad = fputs(text, f) < 0;

		if (fclose(f) != 0 || bad)
			rc = error("cannot write '%s': %s", path, strerror(errno));
	}
	free(text);
	return rc;
}
