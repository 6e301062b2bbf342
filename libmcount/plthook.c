/* SPDX-License-Identifier: MIT */
/* Library calls: the executable's GOT entries for library functions point at per-slot stubs that
 * trace them. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mcount.h"
#include "plt_stub.h"
#include "record_filter.h"

/*
 * At start-up (after every object was relocated, before the program's constructors run) each
 * JUMP_SLOT relocation of the executable, and each GLOB_DAT relocation of a function (-fno-plt),
 * gets its GOT entry replaced by a stub that enters mc_plt_enter (arch/x86_64/plthook.S) with its
 * struct plt_slot. The slot knows two addresses:
 *
 *   target  where the call goes: the GOT value when the entry is already bound (-z now, -fno-plt,
 *           GLOB_DAT), else the dynamic linker's answer for the same name and version through
 *           dlvsym(RTLD_DEFAULT), which sees the same global scope the executable binds in, honours
 *           LD_PRELOAD interposition and runs IFUNC resolvers. The slot is then bound for good: the
 *           lazy binder never runs for it and cannot overwrite the stub. A name that does not
 *           resolve (a weak undefined symbol, a library dlopen'ed later) keeps its GOT entry.
 *   addr    what the trace records: the symbol's own address in the library that defines it, so
 *           replay names it from that library's symbols. For an IFUNC this is the symbol, not the
 *           implementation it selected (the user called memcpy, not __memmove_avx_unaligned_erms);
 *           for a function libmcount interposes (exit, sigaction...) it is the next definition.
 *           Aliases share an address (memcmp and bcmp, strchr and index, open64 and open): the
 *           second name called at an address is recorded one byte further, the third two bytes,
 *           and every (address, name) is written after the memory map (FT_MAPS_PLT) so that
 *           replay shows the name the program used, whatever alias the library lists first.
 *
 * Functions that return twice, switch stacks or read their own return address are never hooked
 * or never hijacked (see never_hook / caller_sensitive).
 */

/* what mc_plt_enter jumps to, and for a caller-sensitive call the `ret` it returns through */
struct plt_jump {
	uint64_t target, gadget;
};

/* record entry and exit at once: the callee reads its return address */
#define SLOT_NOHIJACK 0x1u
#define SLOT_DLOPEN   0x2u /* new objects may appear: rescan after it */

extern HIDDEN char mc_plt_enter[];
HIDDEN struct plt_jump mc_plt_entry(struct plt_slot *s, uint64_t *retslot, uint64_t *regs);

static int libcall_mode = 1;	/* 0: off, 1: the executable, 2: libraries too (--nest-libcall) */
static bool libcall_forced;	/* FT_ENV_LIBCALL set: also an executable without instrumentation */
static volatile int dl_pending; /* a dlopen ran: look for new objects at the next library call */
static void *self_base;		/* libmcount's own load address, from dladdr */

/* Functions whose return cannot be hijacked safely, or that libmcount itself provides as hooks.
 * vfork is hooked: the call goes to libmcount's vfork(), a fork(), which returns once per process.
 */
static const char *const never_hook[] = {
	"setjmp",
	"_setjmp",
	"__sigsetjmp",
	"sigsetjmp",
	"savectx",
	"getcontext",
	"swapcontext",
	"setcontext",
	"makecontext",
	"clone",
	"clone3",
	"__libc_start_main",
	"__cxa_finalize",
	"mcount",
	"_mcount",
	"__fentry__",
	"__cyg_profile_func_enter",
	"__cyg_profile_func_exit",
	"_mcleanup",
	"__tls_get_addr",
	"__gmon_start__",
	"_ITM_registerTMCloneTable",
	"_ITM_deregisterTMCloneTable",
};

/*
 * They find their caller from their return address (dlopen searches the caller's RUNPATH, dlsym
 * RTLD_NEXT starts after the caller): their return slot is left as it is, and they are entered
 * with two words below it, a `ret` byte of the calling object (the address they see) and
 * mc_plt_cont, which goes on as mcount_return: their return value is recorded like any other.
 */
static const char *const caller_sensitive[] = {"dlopen", "dlmopen", "dlsym", "dlvsym"};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/* Unwinding and exception machinery walks return addresses: hijacking them breaks it. */
static bool is_never_hooked(const char *name)
{
	/* plain allocation and registration, not unwinding: shown, as uftrace shows them */
	if (!strcmp(name, "__cxa_allocate_exception") || !strcmp(name, "__cxa_atexit"))
		return false;
	return !strncmp(name, "_Unwind_", 8) || !strncmp(name, "__cxa_", 6) ||
	       in_list(name, never_hook, sizeof(never_hook) / sizeof(never_hook[0]));
}

/* ---- stubs: generated code, one per slot ---- */

struct stub_pool {
	uint8_t *code;
	size_t used, size;
};

static struct stub_pool pool;

/* every pool's slots, for the alias numbering and the names file */
#define MAX_POOLS 512
static struct plt_slot *pool_slots[MAX_POOLS];
static size_t pool_nslots[MAX_POOLS];
static unsigned npools;

/* Returns the stub for slot s; stubs live in pages that are made executable by stub_seal(). */
static uint8_t *stub_new(struct plt_slot *s)
{
	uint8_t *p;
	uint64_t enter = (uint64_t)mc_plt_enter, slot = (uint64_t)s;

	if (pool.used + STUB_SIZE > pool.size)
		return NULL;
	p = pool.code + pool.used;
	pool.used += STUB_SIZE;
	p[0] = 0x49, p[1] = 0xbb; /* movabs $slot, %r11 */
	memcpy(p + 2, &slot, 8);
	p[10] = 0xff, p[11] = 0x25; /* jmp *0(%rip) */
	memset(p + 12, 0, 4);
	memcpy(p + 16, &enter, 8);
	return p;
}

/* Room for n stubs and their slots, writable until stub_seal(). */
static struct plt_slot *pool_open(size_t n)
{
	size_t code = (n * STUB_SIZE + 4095) & ~(size_t)4095,
	       data = (n * sizeof(struct plt_slot) + 4095) & ~(size_t)4095;
	uint8_t *m =
		mmap(NULL, code + data, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	pool = (struct stub_pool){m, 0, code};
	if ((uintptr_t)m < mc_stub_lo)
		mc_stub_lo = (uintptr_t)m;
	if ((uintptr_t)m + code > mc_stub_hi)
		mc_stub_hi = (uintptr_t)m + code;
	return (struct plt_slot *)(m + code);
}

static void stub_seal(struct plt_slot *slots, size_t n)
{
	mprotect(pool.code, pool.size, PROT_READ | PROT_EXEC);
	if (n && npools < MAX_POOLS) {
		pool_slots[npools] = slots;
		pool_nslots[npools++] = n;
	}
}

/* The address of the n-th slot already made that records a call at addr under another name. */
static uint64_t alias_addr(uint64_t addr, const char *name, const struct plt_slot *cur, size_t ncur)
{
	uint64_t k = 0;

	for (unsigned p = 0; p <= npools; p++) {
		const struct plt_slot *v = p < npools ? pool_slots[p] : cur;
		size_t n = p < npools ? pool_nslots[p] : ncur;

		for (size_t i = 0; i < n; i++) {
			if (v[i].addr - addr > 7 || v[i].addr < addr)
				continue;
			if (!strcmp(v[i].name, name))
				return v[i].addr; /* the same name from another object */
			if (v[i].addr - addr >= k)
				k = v[i].addr - addr + 1;
		}
	}
	return k > 7 ? addr : addr + k; /* eight names at one address: the rest share the first */
}

/* FT_MAPS_PLT lines for every hooked slot, after a copy of the memory map. */
void mc_plthook_names(int fd)
{
	char buf[4096];
	size_t len = 0;

	for (unsigned p = 0; p < npools; p++)
		for (size_t i = 0; i < pool_nslots[p]; i++) {
			const struct plt_slot *s = &pool_slots[p][i];

			if (len > sizeof(buf) - 512) {
				if (write(fd, buf, len) != (ssize_t)len)
					return;
				len = 0;
			}
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						FT_MAPS_PLT "%llx %.400s\n",
						(unsigned long long)s->addr, s->name);
		}
	if (len && write(fd, buf, len) != (ssize_t)len) {
		/* the names are a nicety: replay falls back to the library's own */
	}
}

/* ---- one object's dynamic section ---- */

struct dynobj {
	uintptr_t base;
	const ElfW(Phdr) * phdr;
	int phnum;
	const ElfW(Sym) * symtab;
	const char *strtab;
	const ElfW(Rela) * jmprel, *rela;
	size_t jmprel_n, rela_n;
	const uint16_t *versym;
	const ElfW(Verneed) * verneed;
	uintptr_t lo, hi;	      /* the object's mapped range */
	uintptr_t relro_lo, relro_hi; /* PT_GNU_RELRO: read-only once relocated */
};

/* glibc relocates the d_ptr entries of _DYNAMIC in place; be right either way. */
static uintptr_t dyn_ptr(const struct dynobj *o, uintptr_t v)
{
	return v < o->base ? v + o->base : v;
}

static void dyn_read(struct dynobj *o, const ElfW(Dyn) * d)
{
	size_t jmpsz = 0, relasz = 0;

	for (; d->d_tag != DT_NULL; d++) {
		uintptr_t v = d->d_un.d_ptr;

		switch (d->d_tag) {
		case DT_SYMTAB: o->symtab = (const void *)dyn_ptr(o, v); break;
		case DT_STRTAB: o->strtab = (const void *)dyn_ptr(o, v); break;
		case DT_JMPREL: o->jmprel = (const void *)dyn_ptr(o, v); break;
		case DT_PLTRELSZ: jmpsz = d->d_un.d_val; break;
		case DT_RELA: o->rela = (const void *)dyn_ptr(o, v); break;
		case DT_RELASZ: relasz = d->d_un.d_val; break;
		case DT_VERSYM: o->versym = (const void *)dyn_ptr(o, v); break;
		case DT_VERNEED: o->verneed = (const void *)dyn_ptr(o, v); break;
		}
	}
	o->jmprel_n = o->jmprel ? jmpsz / sizeof(ElfW(Rela)) : 0;
	o->rela_n = o->rela ? relasz / sizeof(ElfW(Rela)) : 0;
}

static bool dynobj_open(struct dynobj *o, const struct dl_phdr_info *info)
{
	const ElfW(Dyn) *dyn = NULL;

	*o = (struct dynobj){
		.base = info->dlpi_addr, .phdr = info->dlpi_phdr, .phnum = info->dlpi_phnum};
	o->lo = UINTPTR_MAX;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_DYNAMIC)
			dyn = (const void *)start;
		if (ph->p_type == PT_GNU_RELRO)
			o->relro_lo = start, o->relro_hi = start + ph->p_memsz;
		if (ph->p_type == PT_LOAD) {
			o->lo = start < o->lo ? start : o->lo;
			o->hi = start + ph->p_memsz > o->hi ? start + ph->p_memsz : o->hi;
		}
	}
	if (!dyn)
		return false;
	dyn_read(o, dyn);
	return o->symtab && o->strtab;
}

/* The version an undefined symbol asks for (GLIBC_2.2.5...), or NULL for "any". */
static const char *sym_version(const struct dynobj *o, size_t symi)
{
	uint16_t want;
	const ElfW(Verneed) *vn = o->verneed;

	if (!o->versym || !vn)
		return NULL;
	want = o->versym[symi] & 0x7fff;
	if (want < 2)
		return NULL;
	for (;;) {
		const ElfW(Vernaux) *va = (const void *)((const char *)vn + vn->vn_aux);

		for (unsigned i = 0; i < vn->vn_cnt; i++) {
			if (va->vna_other == want)
				return o->strtab + va->vna_name;
			va = (const void *)((const char *)va + va->vna_next);
		}
		if (!vn->vn_next)
			return NULL;
		vn = (const void *)((const char *)vn + vn->vn_next);
	}
}

/* ---- where a call goes and what to record for it ---- */

/* The version name of a library's symbol i (from DT_VERSYM and DT_VERDEF), or NULL. */
static const char *def_version(const ElfW(Dyn) * dyn, uintptr_t lbase, const char *strtab, size_t i)
{
	struct dynobj o = {.base = lbase};
	const uint16_t *versym = NULL;
	const ElfW(Verdef) *vd = NULL;

	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_VERSYM)
			versym = (const void *)dyn_ptr(&o, dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_VERDEF)
			vd = (const void *)dyn_ptr(&o, dyn->d_un.d_ptr);
	}
	if (!versym || !vd)
		return NULL;
	for (;;) {
		if (vd->vd_ndx == (versym[i] & 0x7fff))
			return strtab +
			       ((const ElfW(Verdaux) *)((const char *)vd + vd->vd_aux))->vda_name;
		if (!vd->vd_next)
			return NULL;
		vd = (const void *)((const char *)vd + vd->vd_next);
	}
}

/*
 * The definition of name (of that version, when given) in the object lm, found through its GNU
 * hash: libc has memcpy@GLIBC_2.2.5 and memcpy@@GLIBC_2.14, only one of them an IFUNC.
 */
static const ElfW(Sym) * lookup_in(struct link_map *lm, const char *name, const char *version)
{
	struct dynobj o = {.base = lm->l_addr};
	const uint32_t *gh = NULL, *buckets, *chain;
	const ElfW(Sym) *any = NULL;
	const ElfW(Dyn) * d;
	uint32_t h = 5381, nb, symoff, bloom, i;

	for (d = lm->l_ld; d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_GNU_HASH)
			gh = (const void *)dyn_ptr(&o, d->d_un.d_ptr);
	dyn_read(&o, lm->l_ld);
	if (!gh || !o.symtab || !o.strtab)
		return NULL;
	for (const unsigned char *c = (const void *)name; *c; c++)
		h = h * 33 + *c;
	nb = gh[0], symoff = gh[1], bloom = gh[2];
	buckets = gh + 4 + bloom * (sizeof(ElfW(Addr)) / 4);
	chain = buckets + nb;
	if (!nb || (i = buckets[h % nb]) < symoff)
		return NULL;
	for (;; i++) {
		const ElfW(Sym) *s = &o.symtab[i];

		if ((chain[i - symoff] | 1) == (h | 1) && s->st_shndx != SHN_UNDEF &&
		    !strcmp(o.strtab + s->st_name, name)) {
			const char *v =
				version ? def_version(lm->l_ld, lm->l_addr, o.strtab, i) : NULL;

			if (!version || (v && !strcmp(v, version)))
				return s;
			any = any ? any : s;
		}
		if (chain[i - symoff] & 1)
			return any;
	}
}

struct object_hit {
	uintptr_t addr, base;
	const char *name;
	bool found;
};

static int object_hit_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct object_hit *h = arg;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && h->addr >= lo && h->addr - lo < ph->p_memsz) {
			h->base = info->dlpi_addr;
			h->name = info->dlpi_name;
			h->found = true;
			return 1;
		}
	}
	return 0;
}

/*
 * The object whose loaded segments hold addr. dladdr1() would do, but it also looks for the
 * nearest symbol, a walk over the whole dynamic symbol table (about 200k instructions in the C
 * library, several times per hooked slot): start-up cost for every traced process. The segments
 * are matched here, and the link_map is found in the loader's list; objects of another namespace
 * (dlmopen), which that list does not hold, fall back to dladdr1().
 */
static struct link_map *object_of(uintptr_t addr)
{
	struct object_hit h = {.addr = addr};
	Dl_info info;
	void *lm = NULL;

	dl_iterate_phdr(object_hit_cb, &h);
	if (h.found)
		for (struct link_map *l = _r_debug.r_map; l; l = l->l_next)
			if (l->l_addr == h.base &&
			    (l->l_name == h.name || !strcmp(l->l_name, h.name)))
				return l;
	if (!dladdr1((void *)addr, &info, &lm, RTLD_DL_LINKMAP))
		return NULL;
	return lm;
}

/* The basename of the object that defines addr ("libc.so.6"), "" when none does. */
static const char *module_name(uint64_t addr)
{
	struct link_map *lm = object_of(addr);
	const char *slash;

	if (!lm || !lm->l_name)
		return "";
	slash = strrchr(lm->l_name, '/');
	return slash ? slash + 1 : lm->l_name;
}

/* The address recorded for a call to name that lands at target (see the top of the file). */
static uint64_t record_addr(const char *name, const char *version, uint64_t target)
{
	struct link_map *lm = object_of(target);
	const ElfW(Sym) * s;

	if (lm && (void *)lm->l_addr == self_base) {
		void *next = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);

		if (!next)
			return 0; /* one of libmcount's own hooks: not a library call */
		target = (uint64_t)next;
		lm = object_of(target);
	}
	s = lm ? lookup_in(lm, name, version) : NULL;
	if (s && ELF64_ST_TYPE(s->st_info) == STT_GNU_IFUNC)
		return lm->l_addr + s->st_value;
	return target;
}

/*
 * Resolves a GOT entry's function; 0 when it cannot be hooked. libmcount's own wrappers (_exit,
 * sigaction, fork, exec...) are unversioned: the dynamic linker binds a versioned reference to them
 * because they come first, but dlvsym() insists on the version and would skip them, so they are
 * looked for first.
 */
static uint64_t resolve(const struct dynobj *o, uint64_t got, const char *name, const char *version)
{
	void *own;

	if (got && (got < o->lo || got >= o->hi))
		return got; /* already bound */
	own = dlsym(RTLD_DEFAULT, name);
	if (own) {
		struct link_map *lm = object_of((uintptr_t)own);

		if (lm && (void *)lm->l_addr == self_base)
			return (uint64_t)own;
	}
	if (version)
		return (uint64_t)dlvsym(RTLD_DEFAULT, name, version);
	return (uint64_t)own;
}

/* ---- patching ---- */

struct patch_ctx {
	struct plt_slot *slots;
	size_t nslots, cap;
};

static bool writable(const struct dynobj *o, uint64_t *got, bool on)
{
	uintptr_t a = (uintptr_t)got;
	uintptr_t page = a & ~(uintptr_t)4095;

	if (a < o->relro_lo || a >= o->relro_hi)
		return true;
	return mprotect((void *)page, 4096, on ? PROT_READ | PROT_WRITE : PROT_READ) == 0;
}

static bool is_instrumented(const struct dynobj *o);

/*
 * A call into a library built with instrumentation (-pg, -finstrument-functions) is recorded by the
 * callee's own hook: hooking its slot too would show every call twice, nested (lib_a() { lib_a()
 * {).
 */
static bool lands_instrumented(uint64_t target)
{
	static uintptr_t known[64];
	static bool verdict[64];
	static unsigned nknown;
	struct link_map *lm = object_of(target);
	struct dynobj o = {0};
	bool yes;

	if (!lm || (void *)lm->l_addr == self_base)
		return false;
	for (unsigned i = 0; i < nknown; i++)
		if (known[i] == lm->l_addr)
			return verdict[i];
	o.base = lm->l_addr;
	dyn_read(&o, lm->l_ld);
	yes = o.symtab && o.strtab && is_instrumented(&o);
	if (nknown < 64) {
		known[nknown] = lm->l_addr;
		verdict[nknown++] = yes;
	}
	return yes;
}

/* The first 0xc3 byte (`ret`, wherever it starts) of the object's executable segments, or 0. */
static uint64_t ret_gadget(const struct dynobj *o)
{
	for (int i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		const uint8_t *p = (const uint8_t *)(o->base + ph->p_vaddr);

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) || !(ph->p_flags & PF_R))
			continue;
		for (size_t k = 0; k < ph->p_filesz; k++)
			if (p[k] == 0xc3)
				return (uint64_t)(p + k);
	}
	return 0;
}

static void hook_one(struct patch_ctx *c, const struct dynobj *o, const ElfW(Rela) * r)
{
	uint64_t *got = (uint64_t *)(o->base + r->r_offset);
	size_t symi = ELF64_R_SYM(r->r_info);
	const ElfW(Sym) *sym = &o->symtab[symi];
	const char *name = o->strtab + sym->st_name, *version;
	struct plt_slot *s;
	uint8_t *stub;

	if (!*name || is_never_hooked(name) || c->nslots >= c->cap)
		return;
	version = sym_version(o, symi);
	s = &c->slots[c->nslots];
	s->target = resolve(o, *got, name, version);
	if (!s->target || lands_instrumented(s->target))
		return;
	s->addr = record_addr(name, version, s->target);
	if (!s->addr)
		return;
	s->name = name;
	s->addr = alias_addr(s->addr, name, c->slots, c->nslots);
	s->flags = in_list(name, caller_sensitive, 4) ? SLOT_NOHIJACK : 0;
	s->gadget = s->flags & SLOT_NOHIJACK ? ret_gadget(o) : 0;
	if (!strcmp(name, "dlopen") || !strcmp(name, "dlmopen"))
		s->flags |= SLOT_DLOPEN;
	s->spec = mc_args_match_name(name, s->addr);
	s->rule = mc_filter_on ? mc_filter_plt_rule(name, module_name(s->addr)) : NULL;
	stub = stub_new(s);
	if (!stub || !writable(o, got, true))
		return;
	__atomic_store_n(got, (uint64_t)stub, __ATOMIC_RELEASE);
	writable(o, got, false);
	c->nslots++;
}

static bool is_func_reloc(const struct dynobj *o, const ElfW(Rela) * r, bool plt)
{
	unsigned type = ELF64_R_TYPE(r->r_info);
	const ElfW(Sym) *s = &o->symtab[ELF64_R_SYM(r->r_info)];

	if (!ELF64_R_SYM(r->r_info))
		return false;
	if (plt)
		return type == R_X86_64_JUMP_SLOT;
	/* -fno-plt: the call reads the GOT entry of an undefined function directly */
	return type == R_X86_64_GLOB_DAT && ELF64_ST_TYPE(s->st_info) == STT_FUNC &&
	       s->st_shndx == SHN_UNDEF;
}

static bool names_hook(const struct dynobj *o, const ElfW(Rela) * r)
{
	static const char *const hooks[] = {"mcount", "_mcount", "__fentry__",
					    "__cyg_profile_func_enter"};
	const char *name = o->strtab + o->symtab[ELF64_R_SYM(r->r_info)].st_name;

	return ELF64_R_SYM(r->r_info) && in_list(name, hooks, sizeof(hooks) / sizeof(hooks[0]));
}

/*
 * Is this object built with instrumentation? It then relocates a call to one of the hooks. The
 * library calls of an uninstrumented program (a shell running a script that execs the real
 * program) are noise, unless the user asked for them (--force, --nest-libcall: libcall_forced).
 */
static bool is_instrumented(const struct dynobj *o)
{
	for (size_t i = 0; i < o->jmprel_n; i++)
		if (names_hook(o, &o->jmprel[i]))
			return true;
	for (size_t i = 0; i < o->rela_n; i++)
		if (names_hook(o, &o->rela[i]))
			return true;
	return false;
}

static void hook_object(const struct dl_phdr_info *info, bool exe)
{
	struct dynobj o;
	struct patch_ctx c;
	size_t n;

	if (!dynobj_open(&o, info))
		return;
	n = o.jmprel_n + o.rela_n;
	if (!n || (exe && !libcall_forced && !is_instrumented(&o)))
		return;
	c = (struct patch_ctx){.slots = pool_open(n), .cap = n};
	if (!c.slots)
		return;
	for (size_t i = 0; i < o.jmprel_n; i++)
		if (is_func_reloc(&o, &o.jmprel[i], true))
			hook_one(&c, &o, &o.jmprel[i]);
	for (size_t i = 0; i < o.rela_n; i++)
		if (is_func_reloc(&o, &o.rela[i], false))
			hook_one(&c, &o, &o.rela[i]);
	stub_seal(c.slots, c.nslots);
}

/* ---- which objects ---- */

#define MAX_OBJECTS 512
static uintptr_t hooked[MAX_OBJECTS]; /* load addresses of objects already looked at */
static unsigned nhooked;

static bool seen(uintptr_t base)
{
	for (unsigned i = 0; i < nhooked; i++)
		if (hooked[i] == base)
			return true;
	if (nhooked < MAX_OBJECTS)
		hooked[nhooked++] = base;
	return false;
}

/* --nest-libcall: libraries' calls too, but never the C library's, the loader's or our own. */
static bool library_wanted(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	return strncmp(base, "libc.so", 7) && strncmp(base, "ld-linux", 8) &&
	       strncmp(base, "libmcount", 9) && strncmp(base, "linux-vdso", 10) && *base;
}

static int object_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	bool first = *(int *)arg == 0;

	(void)size;
	(*(int *)arg)++;
	if (seen(info->dlpi_addr) || (void *)info->dlpi_addr == self_base)
		return 0;
	if (first || (libcall_mode == 2 && library_wanted(info->dlpi_name)))
		hook_object(info, first);
	return 0;
}

static void scan_objects(void)
{
	int index = 0;

	dl_iterate_phdr(object_cb, &index);
}

static void names_save(void)
{
	int fd = mc_maps_open();

	if (fd >= 0) {
		mc_plthook_names(fd);
		close(fd);
	}
}

void mc_plthook_init(void)
{
	const char *mode = getenv(FT_ENV_LIBCALL);
	Dl_info info;

	if (mode && *mode) {
		libcall_mode = atoi(mode);
		libcall_forced = true;
	}
	if (libcall_mode <= 0)
		return;
	if (dladdr((void *)mc_plthook_init, &info))
		self_base = info.dli_fbase;
	scan_objects();
	names_save();
}

/* After a dlopen: the new object's symbols must be in the maps file, its PLT hooked with
 * --nest-libcall. */
void mc_plthook_rescan(void)
{
	if (!__atomic_exchange_n(&dl_pending, 0, __ATOMIC_ACQ_REL))
		return;
	if (libcall_mode == 2)
		scan_objects();
	mc_save_maps(); /* with the names of the new object's slots */
}

static void rescan_cb(void *arg)
{
	(void)arg;
	mc_plthook_rescan();
}

/* Called by mc_plt_enter for every hooked call; returns where the call must go (and how). */
struct plt_jump mc_plt_entry(struct plt_slot *s, uint64_t *retslot, uint64_t *regs)
{
	struct mc_thread *t = &mc_th;
	struct plt_jump j = {s->target, 0};

	if (unlikely(t->guard || mc_cfg.no_hijack))
		return j;
	t->guard = 1;
	if (unlikely(dl_pending))
		mc_call_saving_fp(rescan_cb, NULL);
	if (likely(!(s->flags & SLOT_NOHIJACK))) {
		if (mc_enter_plt(t, retslot, s)) {
			*retslot = (uint64_t)mcount_return;
			if (unlikely(s->spec))
				mc_args_plt_entry(t, s->spec, regs);
		}
	} else if (mc_enter_plt(t, retslot, s)) {
		if (unlikely(s->spec))
			mc_args_plt_entry(t, s->spec, regs);
		if (s->gadget)
			j.gadget = s->gadget; /* its exit comes through mc_plt_cont */
		else
			mc_leave(t);
	}
	if (s->flags & SLOT_DLOPEN)
		dl_pending =
			1; /* the object appears once the call returns: look at the next call */
	t->guard = 0;
	return j;
}
