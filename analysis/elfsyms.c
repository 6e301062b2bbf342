/* SPDX-License-Identifier: MIT */
/* Reading an ELF file with libelf: its functions, PLT stubs, load segments and build id. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "elfsyms.h"
#include "symbols_impl.h"
#include "util.h"

#define PLT_ENTRY 16 /* x86-64 .plt and .plt.sec entries */

/*
 * How symbols are read: libelf's ELF_C_READ reads the headers, then each section asked for with
 * pread(); ELF_C_READ_MMAP maps the whole file (libc: 1.9 MB) for the ~100 KB that symbols take.
 * Mapping, faulting and unmapping it cost `ftrace record` of a tiny program about a fifth of its
 * cpu time (perf stat task-clock, 20 runs: ~24 ms -> ~20 ms).
 */
#define ELF_READ_PARTS ELF_C_READ

static void facts_scan_symbols(Elf *elf, struct elf_facts *f);

void elf_init(void)
{
	static bool done;

	if (!done && elf_version(EV_CURRENT) == EV_NONE)
		die("libelf is too old: %s", elf_errmsg(-1));
	done = true;
}

void module_add(struct module *m, uint64_t value, uint64_t size, char type, const char *name)
{
	if (m->nsyms == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		m->syms = xrealloc(m->syms, m->cap * sizeof(*m->syms));
	}
	m->syms[m->nsyms++] = (struct msym){value, size, name, 0, type}; /* prio: module_finish() */
}

static void elf_read_segments(struct module *m, Elf *elf)
{
	size_t n = 0;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n) != 0)
		return;
	m->segs = xcalloc(n, sizeof(*m->segs));
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		m->segs[m->nsegs++] =
			(struct seg){ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags};
	}
}

/* The GNU build-id from the PT_NOTE segments (present even when section headers are stripped). */
static void elf_read_build_id(Elf *elf, char *out)
{
	size_t n = 0, off, name_off, desc_off;
	GElf_Phdr ph;
	GElf_Nhdr nh;
	Elf_Data *d;

	out[0] = '\0';
	if (elf_getphdrnum(elf, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_NOTE)
			continue;
		d = elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_NHDR);
		for (off = 0; d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0;) {
			const uint8_t *desc = (const uint8_t *)d->d_buf + desc_off;

			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + name_off, "GNU", 4) != 0)
				continue;
			for (size_t k = 0; k < nh.n_descsz && k < 20; k++) {
				out[2 * k] = "0123456789abcdef"[desc[k] >> 4];
				out[2 * k + 1] = "0123456789abcdef"[desc[k] & 15];
				out[2 * k + 2] = '\0';
			}
			return;
		}
	}
}

static char sym_type(const GElf_Sym *s)
{
	if (GELF_ST_TYPE(s->st_info) == STT_GNU_IFUNC)
		return 'i';
	switch (GELF_ST_BIND(s->st_info)) {
	case STB_LOCAL: return 't';
	case STB_WEAK: return 'W';
	default: return 'T';
	}
}

/*
 * A symbol table's entries and names, read straight from memory when libelf hands them in this
 * machine's layout (ELF64: libc's .dynsym has thousands of entries, and gelf_getsym() plus
 * elf_strptr() per entry were most of reading it): NULL syms means "use gelf". The string table
 * must end with a NUL, so that every name found inside it ends inside it.
 */
struct symtab_view {
	const Elf64_Sym *syms;
	size_t n;
	const char *str;
	size_t str_size;
};

static void symtab_view(Elf *elf, Elf_Data *d, const GElf_Shdr *sh, struct symtab_view *v)
{
	Elf_Scn *ss = elf_getscn(elf, sh->sh_link);
	Elf_Data *sd;
	GElf_Shdr ssh;

	v->syms = NULL;
	if (gelf_getclass(elf) != ELFCLASS64 || d->d_type != ELF_T_SYM || !d->d_buf ||
	    sh->sh_entsize != sizeof(Elf64_Sym) || !ss || !gelf_getshdr(ss, &ssh) ||
	    ssh.sh_type != SHT_STRTAB || !(sd = elf_getdata(ss, NULL)) || !sd->d_buf ||
	    !sd->d_size || ((const char *)sd->d_buf)[sd->d_size - 1] != '\0')
		return;
	v->syms = d->d_buf;
	v->n = d->d_size / sizeof(Elf64_Sym);
	v->str = sd->d_buf;
	v->str_size = sd->d_size;
}

/* Entry i of the table (i < its count), or false */
static inline bool symtab_get(const struct symtab_view *v, Elf_Data *d, size_t i, GElf_Sym *s)
{
	if (!v->syms)
		return gelf_getsym(d, (int)i, s) != NULL;
	if (i >= v->n)
		return false;
	*s = v->syms[i]; /* GElf_Sym is Elf64_Sym */
	return true;
}

static inline const char *symtab_name(const struct symtab_view *v, Elf *elf, const GElf_Shdr *sh,
				      size_t off)
{
	if (!v->syms)
		return elf_strptr(elf, sh->sh_link, off);
	return off < v->str_size ? v->str + off : NULL;
}

/* The defined functions of one symbol table section. */
static void elf_read_funcs(struct module *m, Elf_Scn *scn)
{
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d = elf_getdata(scn, NULL);
	struct symtab_view v;
	size_t n;

	if (!d || !gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return;
	symtab_view(m->elf, d, &sh, &v);
	n = sh.sh_size / sh.sh_entsize;
	for (size_t i = 1; i < n && symtab_get(&v, d, i, &s); i++) {
		int type = GELF_ST_TYPE(s.st_info);
		const char *name;

		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF ||
		    !s.st_value)
			continue;
		name = symtab_name(&v, m->elf, &sh, s.st_name);
		if (name && *name && !strchr(name, '\n'))
			module_add(m, s.st_value, s.st_size, sym_type(&s), name);
	}
}

/* A .rela.plt slot: the GOT entry a PLT stub jumps through, and the function it stands for. */
struct got_slot {
	uint64_t got;
	const char *name;
};

static int got_cmp(const void *a, const void *b)
{
	const struct got_slot *x = a, *y = b;

	return x->got < y->got ? -1 : x->got > y->got;
}

/* The GOT slots of .rela.plt that name a symbol (IRELATIVE ones have none), sorted. */
static struct got_slot *read_got_slots(Elf *elf, Elf_Scn *rela, size_t *count)
{
	GElf_Shdr rsh, dsh;
	GElf_Rela r;
	GElf_Sym s;
	Elf_Data *rd, *dd;
	Elf_Scn *dyn;
	struct got_slot *slots;
	size_t n;

	*count = 0;
	if (!gelf_getshdr(rela, &rsh) || !rsh.sh_entsize || !(dyn = elf_getscn(elf, rsh.sh_link)) ||
	    !gelf_getshdr(dyn, &dsh) || !(rd = elf_getdata(rela, NULL)) ||
	    !(dd = elf_getdata(dyn, NULL)))
		return NULL;
	n = rsh.sh_size / rsh.sh_entsize;
	slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < n && gelf_getrela(rd, (int)i, &r); i++) {
		const char *name;

		if (GELF_R_SYM(r.r_info) && gelf_getsym(dd, (int)GELF_R_SYM(r.r_info), &s) &&
		    (name = elf_strptr(elf, dsh.sh_link, s.st_name)) && *name &&
		    !strchr(name, '\n'))
			slots[(*count)++] = (struct got_slot){r.r_offset, name};
	}
	qsort(slots, *count, sizeof(*slots), got_cmp);
	return slots;
}

/* The GOT address a 16-byte x86-64 PLT stub jumps through: its "jmp *disp32(%rip)" (ff 25). */
static uint64_t plt_target(const uint8_t *code, uint64_t addr)
{
	for (unsigned k = 0; k + 6 <= PLT_ENTRY; k++) {
		if (code[k] == 0xff && code[k + 1] == 0x25) {
			int32_t disp =
				(int32_t)((uint32_t)code[k + 2] | (uint32_t)code[k + 3] << 8 |
					  (uint32_t)code[k + 4] << 16 |
					  (uint32_t)code[k + 5] << 24);

			return addr + k + 6 + (uint64_t)(int64_t)disp;
		}
	}
	return 0;
}

/*
 * PLT stubs as "name@plt" (type P), x86-64 only. The order of .rela.plt is not the order of the
 * stubs (IRELATIVE slots move), so each stub of .plt.sec (IBT layout) or .plt (entry 0 is the
 * resolver) is decoded to the GOT slot it jumps through, and that slot's relocation names it.
 */
static void elf_read_plt(struct module *m, Elf_Scn *rela, Elf_Scn *plt)
{
	struct got_slot *slots, key, *hit;
	size_t nslots, len = 0, used = 0, first = m->nsyms;
	Elf_Data *d;
	GElf_Shdr sh;

	if (!rela || !plt || !gelf_getshdr(plt, &sh) || !(d = elf_getdata(plt, NULL)) || !d->d_buf)
		return;
	slots = read_got_slots(m->elf, rela, &nslots);
	for (uint64_t off = 0; nslots && off + PLT_ENTRY <= d->d_size; off += PLT_ENTRY) {
		key.got = plt_target((const uint8_t *)d->d_buf + off, sh.sh_addr + off);
		hit = bsearch(&key, slots, nslots, sizeof(*slots), got_cmp);
		if (hit) {
			module_add(m, sh.sh_addr + off, PLT_ENTRY, 'P', hit->name);
			len += strlen(hit->name) + sizeof("@plt");
		}
	}
	free(slots);
	m->text = xmalloc(len + 1);
	for (size_t i = first; i < m->nsyms; i++) {
		char *p = m->text + used;

		size_t n = strlen(m->syms[i].name);

		memcpy(p, m->syms[i].name, n);
		memcpy(p + n, "@plt", sizeof("@plt"));
		used += n + sizeof("@plt");
		m->syms[i].name = p;
	}
}

static void elf_read_symbols(struct module *m)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL, *rela = NULL, *plt = NULL,
		*plt_sec = NULL;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t shstr;

	if (elf_getshdrstrndx(m->elf, &shstr) != 0 || !gelf_getehdr(m->elf, &eh))
		return;
	while ((scn = elf_nextscn(m->elf, scn)) && gelf_getshdr(scn, &sh)) {
		const char *name = elf_strptr(m->elf, shstr, sh.sh_name);

		if (sh.sh_type == SHT_SYMTAB)
			symtab = scn;
		else if (sh.sh_type == SHT_DYNSYM)
			dynsym = scn;
		else if (name && !strcmp(name, ".rela.plt"))
			rela = scn;
		else if (name && !strcmp(name, ".plt"))
			plt = scn;
		else if (name && !strcmp(name, ".plt.sec"))
			plt_sec = scn;
		else if (name && sh.sh_type != SHT_NOBITS &&
			 (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info")))
			m->has_dwarf = true;
	}
	elf_read_funcs(m, symtab ? symtab : dynsym);
	if (eh.e_machine == EM_X86_64)
		elf_read_plt(m, rela, plt_sec ? plt_sec : plt);
}

/* Reads the module straight from its ELF file; the names stay valid until module_free(). */
int module_read_elf(struct module *m)
{
	struct elf_facts facts = {0};
	GElf_Ehdr eh;

	elf_init();
	m->fd = open_regular(m->path); /* a FIFO named in the maps must not hang us */
	if (m->fd < 0)
		return -1;
	m->elf = elf_begin(m->fd, ELF_READ_PARTS, NULL);
	if (!m->elf || elf_kind(m->elf) != ELF_K_ELF || !gelf_getehdr(m->elf, &eh)) {
		errno = ENOEXEC;
		return -1;
	}
	m->is_exec = eh.e_type == ET_EXEC;
	elf_read_segments(m, m->elf);
	elf_read_build_id(m->elf, m->build_id);
	facts_scan_symbols(m->elf, &facts);
	m->instrumented = facts.mcount || facts.fentry || facts.cyg;
	elf_read_symbols(m);
	return 0;
}

static void facts_scan_symbols(Elf *elf, struct elf_facts *f)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL, *use;
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d;
	struct symtab_view v;

	while ((scn = elf_nextscn(elf, scn)) && gelf_getshdr(scn, &sh)) {
		if (sh.sh_type == SHT_DYNSYM)
			dynsym = scn;
		else if (sh.sh_type == SHT_SYMTAB)
			symtab = scn;
	}
	/* what the dynamic linker must resolve is in .dynsym: .symtab only matters without it */
	use = dynsym ? dynsym : symtab;
	if (!use || !gelf_getshdr(use, &sh) || !sh.sh_entsize || !(d = elf_getdata(use, NULL)))
		return;
	symtab_view(elf, d, &sh, &v);
	for (size_t i = 1; i < sh.sh_size / sh.sh_entsize && symtab_get(&v, d, i, &s); i++) {
		const char *name;

		if (s.st_shndx != SHN_UNDEF || !(name = symtab_name(&v, elf, &sh, s.st_name)))
			continue;
		if (!strcmp(name, "mcount") || !strcmp(name, "_mcount"))
			f->mcount = true;
		else if (!strcmp(name, "__fentry__"))
			f->fentry = true;
		else if (!strcmp(name, "__cyg_profile_func_enter"))
			f->cyg = true;
	}
}

/*
 * The NUL-terminated path PT_INTERP holds, or "" when it does not fit or is not terminated. Read as
 * a chunk of its own: elf_rawfile() would read the whole file (ELF_C_READ), and record checks the
 * program before it starts, however big it is.
 */
static void read_interp(Elf *elf, const GElf_Phdr *ph, char *buf, size_t len)
{
	Elf_Data *d;
	const char *raw;

	buf[0] = '\0';
	if (!ph->p_filesz || ph->p_filesz > len ||
	    !(d = elf_getdata_rawchunk(elf, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_BYTE)) ||
	    d->d_size != ph->p_filesz)
		return;
	raw = d->d_buf;
	if (raw[ph->p_filesz - 1] == '\0')
		memcpy(buf, raw, ph->p_filesz);
}

int elf_facts_read(const char *path, struct elf_facts *f)
{
	size_t n = 0;
	GElf_Phdr ph;
	Elf *elf;
	int fd;

	memset(f, 0, sizeof(*f));
	elf_init();
	fd = open_regular(path);
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_READ_PARTS, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &n) == 0) {
		f->is_elf = true;
		for (size_t i = 0; i < n; i++)
			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP) {
				f->dynamic = true;
				read_interp(elf, &ph, f->interp, sizeof(f->interp));
			}
		elf_read_build_id(elf, f->build_id);
		facts_scan_symbols(elf, f);
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return 0;
}

/* The functions of one ELF file at link-time addresses (record-time filters), PLT stubs excepted.
 */
int elf_functions(const char *path, void (*fn)(void *ctx, const struct sym *s), void *ctx)
{
	struct module *m = module_new(path, NULL);
	int rc = module_read_elf(m);

	if (rc == 0) {
		module_finish(m);
		for (size_t i = 0; i < m->nsyms; i++)
			if (m->syms[i].type != 'P')
				fn(ctx, &(struct sym){m->syms[i].value, m->syms[i].size,
						      m->syms[i].name, m->base});
	}
	module_free(m);
	return rc;
}

static void imports_add(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* .dynsym's undefined functions (FUNC, or NOTYPE as some linkers leave them) */
static void imports_funcs(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct elf_imports *im)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Sym s;

	for (size_t i = 1;
	     d && sh->sh_entsize && i < sh->sh_size / sh->sh_entsize && gelf_getsym(d, (int)i, &s);
	     i++) {
		int type = GELF_ST_TYPE(s.st_info);
		const char *name;

		if (s.st_shndx != SHN_UNDEF || (type != STT_FUNC && type != STT_NOTYPE) ||
		    !(name = elf_strptr(elf, sh->sh_link, s.st_name)) || !*name)
			continue;
		imports_add(&im->funcs, &im->nfuncs, name);
	}
}

static void imports_needed(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct elf_imports *im)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Dyn dyn;

	for (size_t i = 0; d && sh->sh_entsize && i < sh->sh_size / sh->sh_entsize &&
			   gelf_getdyn(d, (int)i, &dyn);
	     i++) {
		const char *name;

		if (dyn.d_tag == DT_NEEDED &&
		    (name = elf_strptr(elf, sh->sh_link, (size_t)dyn.d_un.d_val)))
			imports_add(&im->needed, &im->nneeded, name);
	}
}

int elf_imports_read(const char *path, struct elf_imports *im)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf *elf;
	int fd;

	*im = (struct elf_imports){0};
	elf_init();
	fd = open_regular(path);
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (elf && elf_kind(elf) == ELF_K_ELF && (scn = elf_nextscn(elf, scn)) &&
	       gelf_getshdr(scn, &sh)) {
		if (sh.sh_type == SHT_DYNSYM)
			imports_funcs(elf, scn, &sh, im);
		else if (sh.sh_type == SHT_DYNAMIC)
			imports_needed(elf, scn, &sh, im);
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return 0;
}

void elf_imports_free(struct elf_imports *im)
{
	for (size_t i = 0; i < im->nfuncs; i++)
		free(im->funcs[i]);
	for (size_t i = 0; i < im->nneeded; i++)
		free(im->needed[i]);
	free(im->funcs);
	free(im->needed);
	*im = (struct elf_imports){0};
}
