/* SPDX-License-Identifier: MIT */
/* Arguments and return values: the -A/-R specs, captured at entry and exit into FT_EV_ARGS/RETVAL
 * events. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <fnmatch.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mcount.h"
#include "stream.h"

/*
 * `ftrace record` parses and checks the user's specs (cmd/argspec.c) and hands libmcount a
 * digested form in FT_ENV_ARGS, so that the parser here stays trivial:
 *
 *	spec[;spec...]     spec = N<glob>@items       a library function, matched by name (fnmatch)
 *	                        | O<lo>-<hi>@items    a range of the executable, offsets in hex
 *	items = item[,item...]   item = <where><type><size>
 *	where: a1..a6 integer argument, f1..f8 SSE argument (xmm0..7), r the return value
 *	type:  an FT_ARG_* letter (d u x c s p f e), size: 1 2 4 8 (bytes)
 *
 * The payload (FT_EV_ARGS, FT_EV_RETVAL in common/trace_format.h) says the type and size of every
 * item, so a wrong spec gives wrong values, never an unreadable trace. Strings are read with
 * process_vm_readv: a bad pointer gives "unreadable", never a crash. Nothing here runs unless a
 * spec was given (mc_args_on).
 */

#define MAX_SPECS FT_ARGS_MAX_SPECS /* pages that fewer specs leave untouched cost nothing */
#define MAX_ITEMS 8

struct item {
	uint8_t where; /* 0 return value, 1..6 integer argument, 0x81..0x88 SSE argument */
	uint8_t type;  /* FT_ARG_* */
	uint8_t size;
};

struct spec {
	bool by_name;
	char glob[128];
	uint64_t lo, hi; /* absolute, for ranges of the executable */
	uint8_t nargs;
	bool has_ret;
	struct item args[MAX_ITEMS], ret;
};

HIDDEN bool mc_args_on;
static struct spec *specs;
static unsigned nspecs;
static uint32_t *ranges; /* indexes of the range specs, sorted by lo: a binary search per call */
static unsigned nranges;

/* exact addresses of hooked library functions -> spec index + 1 (open addressing, never full) */
#define ADDR_SLOTS 4096
struct addr_ent {
	uint64_t addr;
	uint32_t spec;
};
static struct addr_ent *addr_map;
static unsigned addr_used;

/* ---- the digested spec ---- */

static const char *parse_item(const char *p, struct item *it)
{
	char *end;
	unsigned long n = 0;

	if (*p == 'r') {
		it->where = 0;
		p++;
	} else if (*p == 'a' || *p == 'f') {
		n = strtoul(p + 1, &end, 10);
		if (end == p + 1 || n < 1 || n > (*p == 'a' ? 6u : 8u))
			return NULL;
		it->where = (uint8_t)(*p == 'a' ? n : 0x80 | n);
		p = end;
	} else {
		return NULL;
	}
	if (!*p || !strchr("duxcspfe", *p) || !strchr("1248", p[1]) || !p[1])
		return NULL;
	it->type = (uint8_t)*p;
	it->size = (uint8_t)(p[1] - '0');
	return p + 2;
}

static bool parse_items(const char *p, struct spec *s)
{
	while (*p && *p != ';') {
		struct item it;

		p = parse_item(p, &it);
		if (!p)
			return false;
		if (it.where == 0) {
			s->ret = it;
			s->has_ret = true;
		} else if (s->nargs < MAX_ITEMS) {
			s->args[s->nargs++] = it;
		}
		if (*p == ',')
			p++;
	}
	return true;
}

static int exe_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	*(uint64_t *)arg = info->dlpi_addr;
	return 1; /* the first object is the executable */
}

/* One spec of FT_ENV_ARGS; a malformed one is ignored (record checked the user's text). */
static void parse_spec(const char *p, uint64_t base)
{
	struct spec *s = &specs[nspecs];
	const char *at = strchr(p, '@'), *semi = strchr(p, ';');
	char *end;

	if (!at || (semi && semi < at) || nspecs >= MAX_SPECS)
		return;
	memset(s, 0, sizeof(*s));
	if (*p == 'N' && (size_t)(at - p - 1) < sizeof(s->glob)) {
		s->by_name = true;
		memcpy(s->glob, p + 1, (size_t)(at - p - 1));
	} else if (*p == 'O' && base != UINT64_MAX) {
		s->lo = strtoull(p + 1, &end, 16) + base;
		if (*end != '-')
			return;
		s->hi = strtoull(end + 1, &end, 16) + base;
		if (end != at)
			return;
	} else {
		return;
	}
	if (parse_items(at + 1, s))
		nspecs++;
}

/*
 * "X<path>;" first: the executable the offsets belong to. After an exec of another program the
 * environment still carries them: then only the name specs apply (base 0 disables ranges).
 */
static const char *exe_check(const char *env, uint64_t *base)
{
	char self[4096];
	const char *semi = strchr(env, ';');
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (!semi)
		return NULL;
	if (n <= 0 || (size_t)n != (size_t)(semi - env - 1) || memcmp(self, env + 1, (size_t)n))
		*base = UINT64_MAX;
	return semi + 1;
}

/* FT_ENV_ARGS is "@path": the specs file `record` wrote, read into memory that is never freed. */
static const char *specs_text(const char *env)
{
	struct stat st;
	char *text = NULL;
	size_t got = 0;
	int fd;

	if (env[0] != '@')
		return env;
	fd = open(env + 1, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		text = mmap(NULL, (size_t)st.st_size + 1, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (text == MAP_FAILED)
			text = NULL;
		while (text && got < (size_t)st.st_size) {
			ssize_t n = read(fd, text + got, (size_t)st.st_size - got);

			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (text)
			text[got] = '\0';
	}
	close(fd);
	return text;
}

static int cmp_range(const void *a, const void *b)
{
	const struct spec *x = &specs[*(const uint32_t *)a], *y = &specs[*(const uint32_t *)b];

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void ranges_sort(void)
{
	for (unsigned i = 0; i < nspecs; i++)
		if (!specs[i].by_name)
			ranges[nranges++] = i;
	qsort(ranges, nranges, sizeof(*ranges), cmp_range);
}

void mc_args_init(void)
{
	const char *env = getenv(FT_ENV_ARGS);
	uint64_t base = 0;
	void *m;

	if (!env || !*env || !(env = specs_text(env)))
		return;
	m = mmap(NULL,
		 MAX_SPECS * (sizeof(struct spec) + sizeof(uint32_t)) +
			 ADDR_SLOTS * sizeof(struct addr_ent),
		 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;
	specs = m;
	addr_map = (struct addr_ent *)(specs + MAX_SPECS);
	ranges = (uint32_t *)(addr_map + ADDR_SLOTS);
	dl_iterate_phdr(exe_cb, &base);
	if (*env == 'X')
		env = exe_check(env, &base);
	for (const char *p = env; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL)
		parse_spec(p, base);
	ranges_sort();
	mc_args_on = nspecs > 0;
}

/* ---- which spec applies ---- */

static inline unsigned addr_hash(uint64_t addr)
{
	return (unsigned)((addr * 0x9e3779b97f4a7c15ull) >> 52) & (ADDR_SLOTS - 1);
}

/* Spec index + 1 for a library function's name, 0 when none matches (plthook.c, at hook time). */
uint32_t mc_args_match_name(const char *name, uint64_t addr)
{
	unsigned h;

	if (!mc_args_on)
		return 0;
	for (unsigned i = 0; i < nspecs; i++) {
		if (!specs[i].by_name || fnmatch(specs[i].glob, name, 0) != 0)
			continue;
		/* remembered by address for the exit, which only knows the frame's address */
		for (h = addr_hash(addr); addr_map[h].addr && addr_map[h].addr != addr;
		     h = (h + 1) & (ADDR_SLOTS - 1))
			;
		if (!addr_map[h].addr && addr_used < ADDR_SLOTS / 2) {
			addr_map[h] = (struct addr_ent){addr, i + 1};
			addr_used++;
		}
		return i + 1;
	}
	return 0;
}

static const struct spec *spec_of(uint64_t addr)
{
	for (unsigned h = addr_hash(addr); addr_map[h].addr; h = (h + 1) & (ADDR_SLOTS - 1))
		if (addr_map[h].addr == addr)
			return &specs[addr_map[h].spec - 1];
	/* the last range starting at or before addr, if addr is inside it */
	unsigned lo = 0, hi = nranges;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (specs[ranges[mid]].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && addr < specs[ranges[lo - 1]].hi)
		return &specs[ranges[lo - 1]];
	return NULL;
}

/* ---- capture ---- */

#define STR_MAX	    95	 /* bytes of a string kept in the trace (uftrace shows as many) */
#define PAYLOAD_MAX 1024 /* MAX_ITEMS items, the longest being a string */

/* The SSE argument registers, read before anything (libc) may touch them. */
struct fpregs {
	uint64_t x[8];
};

static inline void fpregs_read(struct fpregs *f)
{
	__asm__ volatile(
		"movq %%xmm0, %0\n\tmovq %%xmm1, %1\n\tmovq %%xmm2, %2\n\tmovq %%xmm3, %3\n\t"
		"movq %%xmm4, %4\n\tmovq %%xmm5, %5\n\tmovq %%xmm6, %6\n\tmovq %%xmm7, %7"
		: "=r"(f->x[0]), "=r"(f->x[1]), "=r"(f->x[2]), "=r"(f->x[3]), "=r"(f->x[4]),
		  "=r"(f->x[5]), "=r"(f->x[6]), "=r"(f->x[7]));
}

/* Copies up to STR_MAX bytes of a C string without ever faulting; -1 when unreadable. */
static int read_string(uint64_t addr, char *buf, bool *cut)
{
	struct iovec local = {buf, STR_MAX + 1}, remote = {(void *)addr, STR_MAX + 1};
	uint64_t page_end = (addr | 4095) + 1;
	ssize_t n;

	/* process_vm_readv stops at an unmapped page only between iovecs: split at the boundary */
	if (page_end - addr < STR_MAX + 1) {
		struct iovec r2[2] = {{(void *)addr, page_end - addr},
				      {(void *)page_end, STR_MAX + 1 - (page_end - addr)}};

		n = process_vm_readv(getpid(), &local, 1, r2, 2, 0);
	} else {
		n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	}
	if (n <= 0)
		return -1;
	for (ssize_t i = 0; i < n; i++) {
		if (!buf[i]) {
			*cut = false;
			return (int)i;
		}
	}
	*cut = true;
	return n > STR_MAX ? STR_MAX : (int)n;
}

static uint8_t *put_string(uint8_t *p, uint64_t addr)
{
	char buf[STR_MAX + 1];
	bool cut = false;
	int n;

	if (!addr) {
		*p++ = FT_ARG_STR | FT_ARG_NULL;
		return p;
	}
	n = read_string(addr, buf, &cut);
	if (n < 0) {
		*p++ = FT_ARG_STR | FT_ARG_BAD;
		return ft_put_varint(p, addr);
	}
	*p++ = FT_ARG_STR | (cut ? FT_ARG_CUT : 0);
	p = ft_put_varint(p, (uint64_t)n);
	for (int i = 0; i < n; i++)
		*p++ = (uint8_t)buf[i];
	return p;
}

/* One item: tag (type code | size code | flags), where, value. */
static uint8_t *put_item(uint8_t *p, const struct item *it, uint64_t v)
{
	unsigned size_code = it->size == 1 ? 0 : it->size == 2 ? 1 : it->size == 4 ? 2 : 3;

	*p++ = it->where;
	switch (it->type) {
	case 's': return put_string(p, v);
	case 'd':
	case 'e':
		if (it->size < 8) /* sign-extend from the declared size */
			v = (uint64_t)((int64_t)(v << (64 - 8 * it->size)) >> (64 - 8 * it->size));
		*p++ = (uint8_t)((it->type == 'd' ? FT_ARG_INT : FT_ARG_ENUM) | size_code << 4);
		return ft_put_varint(p, ft_zigzag((int64_t)v));
	case 'f':
		*p++ = (uint8_t)(FT_ARG_FLOAT | size_code << 4);
		for (unsigned i = 0; i < it->size; i++, v >>= 8)
			*p++ = (uint8_t)v;
		return p;
	default:
		if (it->size < 8)
			v &= (1ull << (8 * it->size)) - 1;
		*p++ = (uint8_t)((it->type == 'u'   ? FT_ARG_UINT
				  : it->type == 'x' ? FT_ARG_HEX
				  : it->type == 'c' ? FT_ARG_CHAR
						    : FT_ARG_PTR) |
				 size_code << 4);
		return ft_put_varint(p, v);
	}
}

static void capture_args(struct mc_thread *t, const struct spec *s, const uint64_t *regs,
			 const struct fpregs *fp)
{
	uint8_t buf[PAYLOAD_MAX], *p = buf;

	for (unsigned i = 0; i < s->nargs; i++) {
		const struct item *it = &s->args[i];
		uint64_t v = it->where & 0x80 ? fp->x[(it->where & 0x7f) - 1] : regs[it->where - 1];

		p = put_item(p, it, v);
	}
	mc_emit_attached(t, FT_EV_ARGS, buf, (size_t)(p - buf));
}

/* -pg/-mfentry entry (mcount.c): addr is inside the traced function. */
void mc_args_entry(struct mc_thread *t, uint64_t addr, const uint64_t *regs)
{
	struct fpregs fp;
	const struct spec *s;

	fpregs_read(&fp);
	s = spec_of(addr);
	if (s && s->nargs)
		capture_args(t, s, regs, &fp);
}

/* Library-call entry (plthook.c): the slot knows its spec. */
void mc_args_plt_entry(struct mc_thread *t, uint32_t spec, const uint64_t *regs)
{
	struct fpregs fp;

	fpregs_read(&fp);
	if (spec && specs[spec - 1].nargs)
		capture_args(t, &specs[spec - 1], regs, &fp);
}

/* Before the EXIT of the frame whose recorded address is addr; retregs: rax, rdx. */
void mc_args_exit(struct mc_thread *t, uint64_t addr, const uint64_t *retregs)
{
	uint8_t buf[PAYLOAD_MAX], *p = buf;
	struct fpregs fp;
	const struct spec *s;

	fpregs_read(&fp);
	s = spec_of(addr);
	if (!s || !s->has_ret)
		return;
	p = put_item(p, &s->ret, s->ret.type == 'f' ? fp.x[0] : retregs[0]);
	mc_emit_attached(t, FT_EV_RETVAL, buf, (size_t)(p - buf));
}
