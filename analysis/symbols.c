/* SPDX-License-Identifier: MIT */
/* Symbols: function tables read from ELF files (libelf), saved as sym/<module>.sym, and address
 * lookup. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_format.h"
#include "util.h"
#include "symbols.h"
#include "tasks.h"

/*
 * Model. A module is one ELF file (by path) with its functions at link-time addresses (struct
 * msym), read either from sym/<name>.sym or, when that is missing, from the ELF file itself. A
 * session is one process image (<pid>-<session>.maps): the executable mappings of its modules
 * (struct range). A module mapped at a given load bias gets an image: its functions at absolute
 * addresses, the struct sym that lookups return. Images are shared between sessions with the same
 * bias (a fork child and its parent), and everything is built lazily, on the first lookup that
 * needs it.
 */

#define SYM_MAGIC  "# ftrace symbols 1"
#define SYM_INDEX  "modules" /* sym/modules: "<file>.sym <module path>" per line */
#define CACHE_BITS 14	     /* 16384 x 32 bytes: the distinct functions of most traces fit */
#define PLT_ENTRY  16	     /* x86-64 .plt and .plt.sec entries */

/* A PT_LOAD segment: enough to turn a mapping (start, file offset) into the module's load bias. */
struct seg {
	uint64_t off, vaddr, filesz, memsz;
	uint32_t flags; /* PF_R | PF_W | PF_X */
};

/* A function of a module at its link-time address. type: T global, W weak, t local, i ifunc, P plt.
 */
struct msym {
	uint64_t value, size;
	const char *name;
	uint32_t prio; /* among aliases, the lowest is the name shown (sym_prio) */
	char type;
};

struct image {
	uint64_t bias;
	struct sym *syms;
	size_t n;
	struct image *next;
};

struct module {
	char *path;
	char *symfile;	  /* name under sym/, or NULL */
	const char *base; /* basename of path */
	bool loaded, failed;
	bool is_exec;	   /* ET_EXEC: addresses are absolute, the bias is 0 */
	bool instrumented; /* built with -pg/-finstrument-functions: its functions record
			      themselves, calls into it are not library calls */
	char build_id[41];
	struct seg *segs;
	size_t nsegs;
	struct msym *syms;
	size_t nsyms, cap;
	char *text; /* a .sym file read into memory: names point into it */
	Elf *elf;   /* an ELF read directly: names point into its string tables */
	int fd;
	struct image *images;
};

struct range {
	uint64_t start, end, off;
	struct module *mod;
	struct image *img;
	bool tried; /* img was looked for (NULL: the module could not be read) */
};

/*
 * One copy of a process image's memory map. A maps file with FT_MAPS_MARK lines holds several: the
 * first is keyed by the image's session, each later one by the tick it was taken at (the trace
 * reader hands out that key for the records made from then on: trace_reader.c), and all share
 * `base`. Without marks (an older recorder), one session holds the union of the copies.
 */
struct session {
	uint32_t pid;
	uint64_t session;
	uint64_t base; /* the session of the maps file it comes from */
	char *exe;     /* first file-backed mapping: the executable */
	struct range *ranges;
	size_t n, cap;
};

/* a (pid, session) with no maps of its own, resolved once to another session (or to none) */
struct alias {
	uint32_t pid;
	uint64_t session;
	struct session *target;
};

struct task_exe {
	uint32_t pid;
	uint64_t tick;
	char *exe;
};

struct cache_ent {
	uint64_t addr, session;
	uint32_t pid;
	bool valid;
	const struct sym *sym;
};

/* A library call recorded at addr, named as the program's relocation asked (FT_MAPS_PLT). */
struct plt_name {
	uint32_t pid;
	uint64_t base; /* the session of the maps file that named it */
	uint64_t addr;
	char *name;
	struct sym sym; /* what lookups return: the function's, under this name */
	bool built;
};

struct symtabs {
	char *dir;
	struct plt_name *plt;
	size_t nplt;
	struct module **mods;
	size_t nmods;
	struct session *sess; /* sorted by (pid, session) */
	size_t nsess;
	struct alias *aliases;
	size_t naliases;
	struct task_exe *tasks;
	size_t ntasks;
	bool tasks_read;
	struct cache_ent cache[1u << CACHE_BITS];
};

/* ---- small helpers ---- */

static void elf_init(void)
{
	static bool done;

	if (!done && elf_version(EV_CURRENT) == EV_NONE)
		die("libelf is too old: %s", elf_errmsg(-1));
	done = true;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Reads a whole file, NUL-terminated; NULL with errno set on failure. */
static char *read_text(const char *path, size_t *len)
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

/* ---- modules: reading an ELF file ---- */

/*
 * Which alias names a function: exported (T, i, W) before local (t) before PLT stubs, then fewer
 * leading underscores, then the shorter name: "malloc" over "__libc_malloc", "puts" over
 * "_IO_puts".
 */
static uint32_t sym_prio(char type, const char *name)
{
	uint32_t rank = type == 'P' ? 2 : type == 't' ? 1 : 0;
	size_t under = strspn(name, "_"), len = strlen(name);

	return rank << 24 | (uint32_t)(under < 255 ? under : 255) << 16 |
	       (uint32_t)(len < 0xffff ? len : 0xffff);
}

static void module_add(struct module *m, uint64_t value, uint64_t size, char type, const char *name)
{
	if (m->nsyms == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		m->syms = xrealloc(m->syms, m->cap * sizeof(*m->syms));
	}
	m->syms[m->nsyms++] = (struct msym){value, size, name, sym_prio(type, name), type};
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
			for (size_t k = 0; k < nh.n_descsz && k < 20; k++)
				sprintf(out + 2 * k, "%02x", desc[k]);
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

/* The defined functions of one symbol table section. */
static void elf_read_funcs(struct module *m, Elf_Scn *scn)
{
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || !gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return;
	n = sh.sh_size / sh.sh_entsize;
	for (size_t i = 1; i < n && gelf_getsym(d, (int)i, &s); i++) {
		int type = GELF_ST_TYPE(s.st_info);
		const char *name;

		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF ||
		    !s.st_value)
			continue;
		name = elf_strptr(m->elf, sh.sh_link, s.st_name);
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

		used += (size_t)sprintf(p, "%s@plt", m->syms[i].name) + 1;
		m->syms[i].name = p;
		m->syms[i].prio = sym_prio('P', p);
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
	}
	elf_read_funcs(m, symtab ? symtab : dynsym);
	if (eh.e_machine == EM_X86_64)
		elf_read_plt(m, rela, plt_sec ? plt_sec : plt);
}

/* Reads the module straight from its ELF file; the names stay valid until module_free(). */
static void facts_scan_symbols(Elf *elf, struct elf_facts *f);

static int module_read_elf(struct module *m)
{
	struct elf_facts facts = {0};
	GElf_Ehdr eh;

	elf_init();
	m->fd = open_regular(m->path); /* a FIFO named in the maps must not hang us */
	if (m->fd < 0)
		return -1;
	m->elf = elf_begin(m->fd, ELF_C_READ_MMAP, NULL);
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

/* ---- modules: the .sym file ---- */

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
static int module_read_sym(struct module *m, const char *path, const char **why)
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

/* ---- modules: the table in memory ---- */

static inline bool msym_less(const struct msym *x, const struct msym *y)
{
	if (x->value != y->value)
		return x->value < y->value;
	if (x->prio != y->prio)
		return x->prio < y->prio;
	return strcmp(x->name, y->name) < 0;
}

/*
 * Quicksort with the comparison inlined: qsort() was most of symbols_save's time (libc's .dynsym
 * comes in hash order), and `ftrace record` start-up is a benchmark.
 */
static void msyms_sort(struct msym *a, size_t n)
{
	struct msym pivot, tmp;
	size_t i, j;

	while (n > 12) {
		pivot = a[n / 2];
		for (i = 0, j = n - 1;; i++, j--) {
			while (msym_less(&a[i], &pivot))
				i++;
			while (msym_less(&pivot, &a[j]))
				j--;
			if (i >= j)
				break;
			tmp = a[i];
			a[i] = a[j];
			a[j] = tmp;
		}
		/* recurse into the smaller part, loop on the larger: the stack stays O(log n) */
		if (j + 1 < n - j - 1) {
			msyms_sort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			msyms_sort(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++) {
		tmp = a[i];
		for (j = i; j > 0 && msym_less(&tmp, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = tmp;
	}
}

static bool msyms_sorted(const struct msym *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (msym_less(&s[i], &s[i - 1]))
			return false;
	return true;
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
static void module_finish(struct module *m)
{
	size_t out = 0;

	if (!msyms_sorted(m->syms, m->nsyms)) /* a .sym file is saved sorted */
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

static struct module *module_new(const char *path, const char *symfile)
{
	struct module *m = xcalloc(1, sizeof(*m));

	m->path = xstrdup(path);
	m->base = base_name(m->path);
	m->symfile = symfile ? xstrdup(symfile) : NULL;
	m->fd = -1;
	return m;
}

/* Drops what a failed read left behind, so that the next source starts clean. */
static void module_reset(struct module *m)
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

static void module_free(struct module *m)
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

/* ---- memory maps ---- */

struct map_line {
	uint64_t start, end, off; /* a mark: start is its tick; a plt name: start is its address */
	bool exec, mark, plt;	  /* plt: path is the name */
	char *path;
};

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

static bool is_libmcount(const char *path)
{
	return !strcmp(base_name(path), "libmcount.so");
}

/* "<pid>-<session>.maps" */
static bool parse_maps_name(const char *name, uint32_t *pid, uint64_t *session)
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

typedef void (*maps_fn)(void *ctx, const struct map_line *ml);

/* Calls fn for every file-backed mapping of one maps file; false when it cannot be read. */
static bool maps_each(const char *path, maps_fn fn, void *ctx)
{
	size_t len;
	char *text = read_text(path, &len), *line, *next;

	if (!text)
		return false;
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

static struct module *mods_find(struct module **mods, size_t n, const char *path)
{
	for (size_t i = n; i-- > 0;)
		if (!strcmp(mods[i]->path, path))
			return mods[i];
	return NULL;
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

/* ---- symbols_save ---- */

struct save_ctx {
	struct module **mods;
	size_t n;
	const char *dir;
};

/* The file of a mapping: "[vdso]" is the image libmcount saved in the data directory, if any. */
static const char *vdso_path(const char *dir, const char *path, char *buf, size_t size)
{
	if (strcmp(path, "[vdso]"))
		return path;
	snprintf(buf, size, "%s/%s", dir, FT_VDSO_FILE);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

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

static void collect_maps(const char *dir, maps_fn fn, void *ctx)
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

/* ---- symtabs_load ---- */

static struct module *symtabs_module(struct symtabs *st, const char *path)
{
	struct module *m = mods_find(st->mods, st->nmods, path);

	if (!m) {
		st->mods = xrealloc(st->mods, (st->nmods + 1) * sizeof(*st->mods));
		m = st->mods[st->nmods++] = module_new(path, NULL);
	}
	return m;
}

/* sym/modules: which .sym file holds which module path. */
static void read_index(struct symtabs *st)
{
	char path[PATH_MAX + 64], *text, *line, *next, *sp, *slash;
	struct module *m;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s/%s", st->dir, FT_SYM_DIR, SYM_INDEX);
	text = read_text(path, &len);
	if (!text) {
		debug(DBG_SYMBOL, "no '%s': symbols will be read from the binaries", path);
		return;
	}
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		sp = strchr(line, ' ');
		slash = strchr(line, '/');
		if (!sp || sp == line || sp[1] != '/' || (slash && slash < sp))
			continue; /* malformed, or a file name that would leave sym/ */
		*sp = '\0';
		m = symtabs_module(st, sp + 1);
		free(m->symfile);
		m->symfile = xstrdup(line);
	}
	free(text);
}

struct load_ctx {
	struct symtabs *st;
	struct session *s;
	unsigned copies; /* FT_MAPS_MARK lines seen in this file */
};

static int range_cmp(const void *a, const void *b);

static void plt_add(struct symtabs *st, const struct session *s, uint64_t addr, const char *name)
{
	for (size_t i = 0; i < st->nplt; i++)
		if (st->plt[i].addr == addr && st->plt[i].pid == s->pid &&
		    st->plt[i].base == s->base)
			return; /* written again after a later copy of the map */
	st->plt = xrealloc(st->plt, (st->nplt + 1) * sizeof(*st->plt));
	st->plt[st->nplt++] = (struct plt_name){
		.pid = s->pid, .base = s->base, .addr = addr, .name = xstrdup(name)};
}

/* The next copy of the map starts: a session of its own from the second one on. */
static void load_mark(struct load_ctx *c, uint64_t tick)
{
	struct symtabs *st = c->st;
	struct session *s = c->s;

	if (c->copies++ == 0 || tick <= s->session)
		return; /* the first copy, or a tick that cannot be told from the previous copy's */
	if (s->n)
		qsort(s->ranges, s->n, sizeof(*s->ranges), range_cmp);
	st->sess = xrealloc(st->sess, (st->nsess + 2) * sizeof(*st->sess));
	s = &st->sess[st->nsess++]; /* the previous copy is kept */
	s[1] = (struct session){.pid = s->pid, .session = tick, .base = s->base};
	c->s = &s[1];
}

static void load_range(void *ctx, const struct map_line *ml)
{
	struct load_ctx *c = ctx;
	char buf[PATH_MAX + 64];
	const char *path;
	struct session *s;

	if (ml->mark) {
		load_mark(c, ml->start);
		return;
	}
	if (ml->plt) {
		plt_add(c->st, c->s, ml->start, ml->path);
		return;
	}
	s = c->s;
	if (!(path = vdso_path(c->st->dir, ml->path, buf, sizeof(buf))))
		return;
	if (!s->exe)
		s->exe = xstrdup(path);
	if (!ml->exec || is_libmcount(path))
		return;
	for (size_t i = 0; i < s->n; i++) /* a later snapshot repeats the earlier mappings */
		if (s->ranges[i].start == ml->start && !strcmp(s->ranges[i].mod->path, path))
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->ranges = xrealloc(s->ranges, s->cap * sizeof(*s->ranges));
	}
	s->ranges[s->n++] = (struct range){.start = ml->start,
					   .end = ml->end,
					   .off = ml->off,
					   .mod = symtabs_module(c->st, path)};
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int session_cmp(const void *a, const void *b)
{
	const struct session *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->session < y->session ? -1 : x->session > y->session;
}

static void read_sessions(struct symtabs *st, DIR *d)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	struct session *s;
	struct load_ctx c = {st, NULL, 0};
	uint32_t pid;
	uint64_t session;

	while ((e = readdir(d))) {
		if (!parse_maps_name(e->d_name, &pid, &session))
			continue;
		st->sess = xrealloc(st->sess, (st->nsess + 1) * sizeof(*st->sess));
		s = c.s = &st->sess[st->nsess];
		*s = (struct session){.pid = pid, .session = session, .base = session};
		c.copies = 0;
		snprintf(path, sizeof(path), "%s/%s", st->dir, e->d_name);
		if (!maps_each(path, load_range, &c)) {
			warn("cannot read '%s': %s", path, strerror(errno));
			continue;
		}
		s = c.s; /* the last copy */
		if (s->n)
			qsort(s->ranges, s->n, sizeof(*s->ranges), range_cmp);
		st->nsess++;
	}
	if (st->nsess)
		qsort(st->sess, st->nsess, sizeof(*st->sess), session_cmp);
}

struct symtabs *symtabs_load(const char *dir)
{
	struct symtabs *st;
	DIR *d = opendir(dir);

	if (!d) {
		error("cannot open '%s': %s", dir, strerror(errno));
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->dir = xstrdup(dir);
	read_index(st);
	read_sessions(st, d);
	closedir(d);
	debug(DBG_SYMBOL, "%zu process images, %zu modules in '%s'", st->nsess, st->nmods, dir);
	return st;
}

void symtabs_free(struct symtabs *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nmods; i++)
		module_free(st->mods[i]);
	for (size_t i = 0; i < st->nsess; i++) {
		free(st->sess[i].ranges);
		free(st->sess[i].exe);
	}
	for (size_t i = 0; i < st->ntasks; i++)
		free(st->tasks[i].exe);
	for (size_t i = 0; i < st->nplt; i++)
		free(st->plt[i].name);
	free(st->plt);
	free(st->tasks);
	free(st->aliases);
	free(st->sess);
	free(st->mods);
	free(st->dir);
	free(st);
}

/* ---- lookup ---- */

/* The .sym file if there is one, else the ELF file named in the maps; warns once on failure. */
static bool module_load(struct symtabs *st, struct module *m)
{
	char path[PATH_MAX + 300];
	const char *why;

	if (m->loaded || m->failed)
		return m->loaded;
	if (m->symfile) {
		snprintf(path, sizeof(path), "%s/%s/%s", st->dir, FT_SYM_DIR, m->symfile);
		if (module_read_sym(m, path, &why) == 0)
			goto done;
		warn("cannot read '%s' (%s): reading '%s' instead", path, why, m->path);
		module_reset(m);
	}
	if (module_read_elf(m) < 0) {
		warn("cannot read symbols of '%s': %s", m->path, strerror(errno));
		module_reset(m);
		m->failed = true;
		return false;
	}
	debug(DBG_SYMBOL, "read '%s' from the binary", m->path);
done:
	module_finish(m);
	m->loaded = true;
	return true;
}

/*
 * The load bias of a module mapped executable at r: the mapping starts at page_down(p_vaddr + bias)
 * and maps file offset page_down(p_offset), and p_vaddr == p_offset modulo the page size, so
 * bias = start - off - (p_vaddr - p_offset) for the segment that holds off. Per segment, because
 * lld lays out segments with p_vaddr - p_offset differing between them.
 */
static uint64_t range_bias(const struct module *m, const struct range *r)
{
	const struct seg *found = NULL;

	if (m->is_exec)
		return 0;
	for (size_t i = 0; i < m->nsegs && !found; i++) {
		const struct seg *s = &m->segs[i];

		if ((s->flags & PF_X) && r->off >= (s->off & ~0xfffull) &&
		    r->off < s->off + s->filesz)
			found = s;
	}
	for (size_t i = 0; i < m->nsegs && !found; i++)
		if (m->segs[i].flags & PF_X)
			found = &m->segs[i];
	return r->start - r->off - (found ? found->vaddr - found->off : 0);
}

static struct image *module_image(struct module *m, uint64_t bias)
{
	struct image *img;

	for (img = m->images; img; img = img->next)
		if (img->bias == bias)
			return img;
	img = xcalloc(1, sizeof(*img));
	img->bias = bias;
	img->n = m->nsyms;
	img->syms = xcalloc(m->nsyms, sizeof(*img->syms));
	for (size_t i = 0; i < m->nsyms; i++)
		img->syms[i] = (struct sym){m->syms[i].value + bias, m->syms[i].size,
					    m->syms[i].name, m->base};
	img->next = m->images;
	m->images = img;
	return img;
}

static struct image *range_image(struct symtabs *st, struct range *r)
{
	if (!r->tried && module_load(st, r->mod))
		r->img = module_image(r->mod, range_bias(r->mod, r));
	r->tried = true;
	return r->img;
}

static struct session *session_find(struct symtabs *st, uint32_t pid, uint64_t session)
{
	struct session key = {.pid = pid, .session = session};

	return st->nsess ? bsearch(&key, st->sess, st->nsess, sizeof(key), session_cmp) : NULL;
}

static void task_exe_line(void *ctx, const struct task_line *l)
{
	struct symtabs *st = ctx;

	if ((l->kind != TL_START && l->kind != TL_FORK) || l->text[0] != '/')
		return;
	st->tasks = xrealloc(st->tasks, (st->ntasks + 1) * sizeof(*st->tasks));
	st->tasks[st->ntasks++] = (struct task_exe){l->pid, l->tick, xstrdup(l->text)};
}

/* The task log says which program each process ran: its start and fork lines. */
static void read_tasks(struct symtabs *st)
{
	st->tasks_read = true;
	task_log_each(st->dir, task_exe_line, st);
}

/* The program of (pid, session) per the task log: the first line of pid logged at or after session
 * (the image logs its start just after taking its session tick), else the last one before it. */
static const char *task_exe(struct symtabs *st, uint32_t pid, uint64_t session)
{
	const struct task_exe *best = NULL;

	if (!st->tasks_read)
		read_tasks(st);
	for (size_t i = 0; i < st->ntasks; i++) {
		const struct task_exe *t = &st->tasks[i];
		bool after = t->tick >= session;

		if (t->pid != pid)
			continue;
		if (!best || after > (best->tick >= session) ||
		    (after == (best->tick >= session) &&
		     (after ? t->tick < best->tick : t->tick > best->tick)))
			best = t;
	}
	return best ? best->exe : NULL;
}

/* Same pid first, then a session that started before (pid, session), the latest of those. */
static bool session_better(const struct session *s, const struct session *best, uint32_t pid,
			   uint64_t session)
{
	bool same = s->pid == pid, before = s->session <= session;

	if (same != (best->pid == pid))
		return same;
	if (before != (best->session <= session))
		return before;
	return before ? s->session > best->session : s->session < best->session;
}

/*
 * A process image without maps (e.g. a fork child whose maps were lost): use a session of the same
 * program. Without a task log entry for it, only a trace of a single program gets a fallback.
 */
static struct session *session_fallback(struct symtabs *st, uint32_t pid, uint64_t session)
{
	const char *exe = task_exe(st, pid, session);
	struct session *best = NULL;

	for (size_t i = 0; !exe && i < st->nsess; i++)
		if (!st->sess[i].exe ||
		    strcmp(st->sess[i].exe, st->sess[0].exe ? st->sess[0].exe : ""))
			return NULL; /* several programs and nothing says which one */
	for (size_t i = 0; i < st->nsess; i++) {
		struct session *s = &st->sess[i];

		if (s->exe && (!exe || !strcmp(s->exe, exe)) &&
		    (!best || session_better(s, best, pid, session)))
			best = s;
	}
	return best;
}

static struct session *session_get(struct symtabs *st, uint32_t pid, uint64_t session)
{
	struct session *s = session_find(st, pid, session);

	if (s)
		return s;
	for (size_t i = 0; i < st->naliases; i++)
		if (st->aliases[i].pid == pid && st->aliases[i].session == session)
			return st->aliases[i].target;
	s = session_fallback(st, pid, session);
	debug(DBG_SYMBOL, "no maps for %u-%llu: using %s", pid, (unsigned long long)session,
	      s ? s->exe : "nothing");
	st->aliases = xrealloc(st->aliases, (st->naliases + 1) * sizeof(*st->aliases));
	st->aliases[st->naliases++] = (struct alias){pid, session, s};
	return s;
}

/*
 * The index of the last element whose key is at or below addr, or -1: a binary search over sorted
 * arrays of ranges or of symbols, whose uint64_t key sits at key_off in each element.
 */
static ptrdiff_t floor_index(const void *base, size_t n, size_t stride, size_t key_off,
			     uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t key;

		memcpy(&key, (const char *)base + mid * stride + key_off, sizeof(key));
		if (key <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

#define range_floor(r, n, addr) \
	floor_index(r, n, sizeof(struct range), offsetof(struct range, start), addr)
#define sym_floor(s, n, addr) \
	floor_index(s, n, sizeof(struct sym), offsetof(struct sym, addr), addr)

static struct range *range_in(struct session *s, uint64_t addr)
{
	ptrdiff_t i = range_floor(s->ranges, s->n, addr);

	return i >= 0 && addr < s->ranges[i].end ? &s->ranges[i] : NULL;
}

/* Is copy o of the image a better place to look than best, for a call made during copy s? */
static bool copy_better(const struct session *o, const struct session *best,
			const struct session *s)
{
	bool later = o->session > s->session;

	if (!best || later != (best->session > s->session))
		return !best || later;
	return later ? o->session < best->session : o->session > best->session;
}

/*
 * The range holding addr in s, else in another copy of the same image's map: the closest later one
 * (a library's constructors run inside dlopen, before the copy that shows it), else the closest
 * earlier one (a library dlclose'd since).
 */
static struct range *range_find(struct symtabs *st, struct session *s, uint64_t addr)
{
	struct range *r = s ? range_in(s, addr) : NULL, *best_r = NULL;
	struct session *best = NULL;

	for (size_t i = 0; s && !r && i < st->nsess; i++) {
		struct session *o = &st->sess[i];
		struct range * or ;

		if (o == s || o->pid != s->pid || o->base != s->base || !copy_better(o, best, s) ||
		    !(or = range_in(o, addr)))
			continue;
		best = o;
		best_r = or ;
	}
	return r ? r : best_r;
}

/* The function found at addr under the name a library call at addr was made by, if one was. */
static const struct sym *plt_named(struct symtabs *st, const struct session *s, uint64_t addr,
				   const struct sym *found)
{
	for (size_t i = 0; i < st->nplt; i++) {
		struct plt_name *p = &st->plt[i];

		if (p->addr != addr || p->pid != s->pid || p->base != s->base)
			continue;
		if (!p->built)
			p->sym = (struct sym){found->addr, found->size, p->name, found->module};
		p->built = true;
		return &p->sym;
	}
	return found;
}

static const struct sym *lookup_slow(struct symtabs *st, uint32_t pid, uint64_t session,
				     uint64_t addr)
{
	struct session *s = session_get(st, pid, session);
	struct range *r = range_find(st, s, addr);
	struct image *img;
	ptrdiff_t i;

	if (!r || !(img = range_image(st, r)) || (i = sym_floor(img->syms, img->n, addr)) < 0 ||
	    addr - img->syms[i].addr >= img->syms[i].size)
		return NULL;
	return st->nplt ? plt_named(st, s, addr, &img->syms[i]) : &img->syms[i];
}

static inline size_t cache_slot(uint32_t pid, uint64_t session, uint64_t addr)
{
	uint64_t h = (addr ^ (session << 7) ^ ((uint64_t)pid << 40)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> (64 - CACHE_BITS));
}

const struct sym *symtabs_lookup(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	struct cache_ent *c;

	if (!st)
		return NULL;
	c = &st->cache[cache_slot(pid, session, addr)];
	if (c->valid && c->addr == addr && c->pid == pid && c->session == session)
		return c->sym;
	*c = (struct cache_ent){addr, session, pid, true, lookup_slow(st, pid, session, addr)};
	return c->sym;
}

static struct range *range_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr,
			      struct session **sp)
{
	struct session *s = st ? session_get(st, pid, session) : NULL;

	*sp = s;
	return s ? range_find(st, s, addr) : NULL;
}

bool symtabs_module_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr,
		       const char **path, uint64_t *bias)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);
	struct image *img = r ? range_image(st, r) : NULL;

	if (!img)
		return false;
	*path = r->mod->path;
	*bias = img->bias;
	return true;
}

bool symtabs_instrumented_at(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);

	return r && range_image(st, r) && r->mod->instrumented;
}

bool symtabs_in_exe(struct symtabs *st, uint32_t pid, uint64_t session, uint64_t addr)
{
	struct session *s;
	struct range *r = range_at(st, pid, session, addr, &s);

	return r && s->exe && !strcmp(r->mod->path, s->exe);
}

/* ---- elf_facts_read ---- */

static void facts_scan_symbols(Elf *elf, struct elf_facts *f)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL, *use;
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d;

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
	for (size_t i = 1; i < sh.sh_size / sh.sh_entsize && gelf_getsym(d, (int)i, &s); i++) {
		const char *name;

		if (s.st_shndx != SHN_UNDEF || !(name = elf_strptr(elf, sh.sh_link, s.st_name)))
			continue;
		if (!strcmp(name, "mcount") || !strcmp(name, "_mcount"))
			f->mcount = true;
		else if (!strcmp(name, "__fentry__"))
			f->fentry = true;
		else if (!strcmp(name, "__cyg_profile_func_enter"))
			f->cyg = true;
	}
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
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &n) == 0) {
		f->is_elf = true;
		for (size_t i = 0; i < n; i++)
			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP)
				f->dynamic = true;
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
