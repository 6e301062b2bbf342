/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/symbols.c: ELF facts, saving sym/<module>.sym, loading them back, and address
 * lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsyms.h"
#include "procmaps.h"
#include "symbols.h"
#include "symfile.h"

/*
 * Fixtures are compiled at test time into a temporary directory: the same tiny program as PIE with
 * -pg, -pg -mfentry, -finstrument-functions and nothing, as non-PIE, and a stripped shared library.
 * Symbol addresses are checked against nm(1), never against values hard-coded here.
 */

static char tmp[64];
static bool have_cc;

static const char fixture_src[] =
	"#include <stdio.h>\n"
	"int f1(int x) { return x * 3 + 1; }\n"
	"extern int f1_weak(int) __attribute__((weak, alias(\"f1\")));\n"
	"static int f1_local(int) __attribute__((alias(\"f1\"), used));\n"
	"static __attribute__((noinline)) int helper(int x) { return x - 1; }\n"
	"int lib_fn(int x) { return helper(x) + 2; }\n"
	"int main(int argc, char **argv) { (void)argv; puts(\"hi\"); return f1(argc) + "
	"lib_fn(argc) - 6; }\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *tpath(const char *name)
{
	static char buf[8][256];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmp, name);
	return buf[i];
}

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* The address of name in an ELF file according to nm, or 0. */
static uint64_t nm_addr(const char *file, const char *name)
{
	char cmd[512], line[512], sym[256], type;
	unsigned long long addr, found = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm -D --defined-only %s 2>/dev/null; nm %s 2>/dev/null", file,
		 file);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 && !strcmp(sym, name))
			found = addr;
	pclose(p);
	return found;
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/ftrace-test-symbols-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	write_file(tpath("fix.c"), fixture_src);
	write_file(tpath("script.sh"), "#!/bin/sh\necho hi\n");
	have_cc = sh("cd %s && cc -O1 -pg -o pg fix.c && cc -O1 -pg -mfentry -o fentry fix.c && "
		     "cc -O1 -finstrument-functions -o cyg fix.c && cc -O1 -o plain fix.c && "
		     "cc -O1 -fno-pie -no-pie -o nopie fix.c && "
		     "cc -O1 -shared -fPIC -o libfix.so fix.c && strip -o libstripped.so libfix.so",
		     tmp) == 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("rm -rf %s", tmp);
	return 0;
}

#define NEED_CC()               \
	do {                    \
		if (!have_cc)   \
			skip(); \
	} while (0)

/* A fresh data directory under tmp with the given maps text for process 100, session 1. */
static const char *make_data(const char *name, const char *maps)
{
	const char *dir = tpath(name);

	sh("rm -rf %s && mkdir -p %s/sym", dir, dir);
	if (maps) {
		char path[300];

		snprintf(path, sizeof(path), "%s/100-1.maps", dir);
		write_file(path, maps);
	}
	return dir;
}

static void write_data_file(const char *dir, const char *name, const char *text)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	write_file(path, text);
}

/* ---- elf_facts_read ---- */

static void facts_pg_references_mcount(void **state)
{
	struct elf_facts f;

	(void)state;
	NEED_CC();
	assert_int_equal(elf_facts_read(tpath("pg"), &f), 0);
	assert_true(f.is_elf);
	assert_true(f.dynamic);
	assert_int_equal(access(f.interp, X_OK), 0); /* PT_INTERP: the dynamic linker's path */
	assert_true(f.mcount);
	assert_false(f.cyg);
	assert_int_equal(strlen(f.build_id), 40);
	assert_int_equal(strspn(f.build_id, "0123456789abcdef"), 40);
}

static void facts_fentry_references_fentry(void **state)
{
	struct elf_facts f;

	(void)state;
	NEED_CC();
	assert_int_equal(elf_facts_read(tpath("fentry"), &f), 0);
	assert_true(f.fentry);
	assert_false(f.cyg);
}

static void facts_instrument_functions_references_cyg(void **state)
{
	struct elf_facts f;

	(void)state;
	NEED_CC();
	assert_int_equal(elf_facts_read(tpath("cyg"), &f), 0);
	assert_true(f.cyg);
	assert_false(f.mcount);
	assert_false(f.fentry);
}

static void facts_plain_program_is_uninstrumented(void **state)
{
	struct elf_facts f;

	(void)state;
	NEED_CC();
	assert_int_equal(elf_facts_read(tpath("plain"), &f), 0);
	assert_true(f.is_elf);
	assert_true(f.dynamic);
	assert_false(f.mcount || f.fentry || f.cyg);
}

static void facts_shared_library_is_not_dynamic_program(void **state)
{
	struct elf_facts f;

	(void)state;
	NEED_CC();
	assert_int_equal(elf_facts_read(tpath("libfix.so"), &f), 0);
	assert_true(f.is_elf);
	assert_false(f.dynamic); /* no PT_INTERP */
}

static void facts_script_is_not_elf(void **state)
{
	struct elf_facts f;

	(void)state;
	assert_int_equal(elf_facts_read(tpath("script.sh"), &f), 0);
	assert_false(f.is_elf);
	assert_string_equal(f.build_id, "");
}

static void facts_missing_file_fails_with_errno(void **state)
{
	struct elf_facts f;

	(void)state;
	errno = 0;
	assert_int_equal(elf_facts_read(tpath("no-such-file"), &f), -1);
	assert_int_equal(errno, ENOENT);
}

/* ---- synthetic .sym files: lookup rules ---- */

/* /fake/libx.so mapped at 0x7f0000000000 for file offset 0x1000 (vaddr 0x1000): bias
 * 0x7efffffff000. */
#define X_MAPS                                                             \
	"7effffffe000-7efffffff000 r--p 00000000 08:01 42 /fake/libx.so\n" \
	"7f0000000000-7f0000002000 r-xp 00001000 08:01 42 /fake/libx.so\n" \
	"7f0000100000-7f0000101000 rw-p 00000000 00:00 0 \n"               \
	"7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0 [vdso]\n"
#define X_BIAS 0x7efffffff000ull
#define X_HEADER                                                                 \
	"# ftrace symbols 1\n# path: /fake/libx.so\n# build-id: \n# type: dyn\n" \
	"# load: 0 0 800 800 r--\n# load: 1000 1000 2000 2000 r-x\n"
#define X_SYMS                \
	"1100 20 T a\n"       \
	"1120 0 T b\n"        \
	"1200 10 t c_local\n" \
	"1200 10 T c\n"       \
	"1300 10 T d\n"       \
	"2f00 0 T last\n"

static struct symtabs *load_x(const char *name, const char *sym_text)
{
	const char *dir = make_data(name, X_MAPS);

	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\n");
	write_data_file(dir, "sym/libx.so.sym", sym_text);
	return symtabs_load(dir);
}

static const char *name_at(struct symtabs *st, uint64_t addr)
{
	const struct sym *s = symtabs_lookup(st, 100, 1, addr);

	return s ? s->name : NULL;
}

static void lookup_at_start_and_inside(void **state)
{
	struct symtabs *st = load_x("start", X_HEADER X_SYMS);
	const struct sym *s;

	(void)state;
	assert_non_null(st);
	s = symtabs_lookup(st, 100, 1, X_BIAS + 0x1100);
	assert_non_null(s);
	assert_string_equal(s->name, "a");
	assert_string_equal(s->module, "libx.so");
	assert_int_equal(s->addr, X_BIAS + 0x1100);
	assert_int_equal(s->size, 0x20);
	assert_string_equal(name_at(st, X_BIAS + 0x1105), "a"); /* an mcount return address */
	assert_string_equal(name_at(st, X_BIAS + 0x111f), "a");
	symtabs_free(st);
}

static void lookup_past_end_is_null(void **state)
{
	struct symtabs *st = load_x("pastend", X_HEADER X_SYMS);

	(void)state;
	assert_null(name_at(st, X_BIAS + 0x1210)); /* c ends at 0x1210, d starts at 0x1300 */
	assert_null(name_at(st, X_BIAS + 0x10ff)); /* before the first symbol */
	assert_null(name_at(st, 0x1234));	   /* outside every mapping */
	assert_null(name_at(st, 0x7ffff7fc1010));  /* [vdso] is not a module */
	symtabs_free(st);
}

static void lookup_size0_symbol_extends_to_next(void **state)
{
	struct symtabs *st = load_x("size0", X_HEADER X_SYMS);

	(void)state;
	assert_string_equal(name_at(st, X_BIAS + 0x1120), "b");
	assert_string_equal(name_at(st, X_BIAS + 0x11ff), "b");
	assert_string_equal(name_at(st, X_BIAS + 0x2fff),
			    "last"); /* up to the end of its segment */
	assert_null(name_at(st, X_BIAS + 0x3000));
	symtabs_free(st);
}

static void lookup_prefers_global_alias(void **state)
{
	struct symtabs *st = load_x("alias", X_HEADER X_SYMS);

	(void)state;
	assert_string_equal(name_at(st, X_BIAS + 0x1200), "c");
	symtabs_free(st);
}

static void lookup_repeated_returns_same_entry(void **state)
{
	struct symtabs *st = load_x("repeat", X_HEADER X_SYMS);
	const struct sym *s1 = symtabs_lookup(st, 100, 1, X_BIAS + 0x1301);

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_ptr_equal(symtabs_lookup(st, 100, 1, X_BIAS + 0x1301), s1);
	assert_string_equal(s1->name, "d");
	symtabs_free(st);
}

static void lookup_unsorted_sym_file(void **state)
{
	char text[65536], *p = text;
	struct symtabs *st;

	(void)state;
	p += sprintf(p, "%s", X_HEADER);
	for (unsigned i = 0; i < 500; i++) { /* addresses in a scrambled order */
		unsigned k = (i * 347) % 500;

		p += sprintf(p, "%x 8 T fn%u\n", 0x1000 + k * 16, k);
	}
	st = load_x("unsorted", text);
	for (unsigned k = 0; k < 500; k += 7) {
		char want[16];

		snprintf(want, sizeof(want), "fn%u", k);
		assert_string_equal(name_at(st, X_BIAS + 0x1000 + k * 16 + 3), want);
		assert_null(name_at(st, X_BIAS + 0x1000 + k * 16 + 8));
	}
	symtabs_free(st);
}

/* Aliases scrambled among other symbols (the order of a hashed .dynsym): each address keeps the
 * name the priority rules pick, and a size-0 winner takes the size of the alias after it. */
static void lookup_unsorted_aliases_pick_by_priority(void **state)
{
	static const char *const lines[] = {
		"1200 0 T __c\n",	 "1400 0 T zz\n",  "1200 10 t c_local\n",
		"1200 0 W c_weak\n",	 "1400 20 t aa\n", "1200 8 T c\n",
		"1600 4 t _st\n",	 "1600 4 t st\n",  "1800 10 i ifn\n",
		"1800 10 t ifn_local\n",
	};
	char text[65536], *p = text;
	struct symtabs *st;

	(void)state;
	p += sprintf(p, "%s", X_HEADER);
	for (unsigned i = 0; i < 300; i++) { /* between them, others in a scrambled order */
		unsigned k = (i * 97) % 300;

		p += sprintf(p, "%x 8 T fn%u\n", 0x2000 + k * 16, k);
		if (i % 30 == 0)
			p += sprintf(p, "%s", lines[i / 30]);
	}
	st = load_x("unsorted-aliases", text);
	assert_string_equal(name_at(st, X_BIAS + 0x1200), "c");
	assert_string_equal(name_at(st, X_BIAS + 0x1207), "c");
	assert_null(name_at(st, X_BIAS + 0x1208));
	assert_string_equal(name_at(st, X_BIAS + 0x141f), "zz"); /* aa's size */
	assert_null(name_at(st, X_BIAS + 0x1420));
	assert_string_equal(name_at(st, X_BIAS + 0x1600), "st");
	assert_string_equal(name_at(st, X_BIAS + 0x1800), "ifn");
	assert_string_equal(name_at(st, X_BIAS + 0x2000 + 250 * 16), "fn250");
	symtabs_free(st);
}

static void bias_uses_segment_of_mapping(void **state)
{
	/* lld-style layout: the text segment's p_vaddr is p_offset + 0x1000 */
	struct symtabs *st =
		load_x("lld", "# ftrace symbols 1\n# path: /fake/libx.so\n# type: dyn\n"
			      "# load: 0 0 800 800 r--\n# load: 1000 2000 2000 2000 r-x\n"
			      "2100 20 T in_text\n");

	(void)state;
	/* mapping start 0x7f0000000000 holds offset 0x1000 = vaddr 0x2000 */
	assert_string_equal(name_at(st, 0x7f0000000100), "in_text");
	symtabs_free(st);
}

static void bias_is_zero_for_exec(void **state)
{
	const char *dir = make_data("exec", "400000-401000 r--p 00000000 08:01 7 /fake/prog\n"
					    "401000-402000 r-xp 00001000 08:01 7 /fake/prog\n");
	struct symtabs *st;

	(void)state;
	write_data_file(dir, "sym/modules", "prog.sym /fake/prog\n");
	write_data_file(dir, "sym/prog.sym",
			"# ftrace symbols 1\n# path: /fake/prog\n# type: exec\n"
			"# load: 0 400000 800 800 r--\n# load: 1000 401000 100 100 r-x\n"
			"401010 10 T main\n");
	st = symtabs_load(dir);
	assert_string_equal(name_at(st, 0x401014), "main");
	symtabs_free(st);
}

static void sessions_with_different_bias_do_not_mix(void **state)
{
	struct symtabs *st;
	const char *dir = make_data("twosess", X_MAPS);

	(void)state;
	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER X_SYMS);
	write_data_file(dir, "200-5.maps",
			"7f0000000000-7f0000002000 r-xp 00000000 08:01 42 /fake/libx.so\n");
	st = symtabs_load(dir);
	/* the same address: offset 0x1100 of the mapping in 100-1, 0x100 in 200-5 */
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000100)->name, "a");
	assert_null(symtabs_lookup(st, 200, 5, 0x7f0000000100));
	assert_string_equal(symtabs_lookup(st, 200, 5, 0x7f0000001100)->name, "a");
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000100)->name, "a");
	symtabs_free(st);
}

/* dlopen libx, dlclose, dlopen liby at the same address, dlclose, dlopen libx: three copies. */
#define SWAP_MAPS                                                          \
	"# ftrace maps 1\n"                                                \
	"7f0000000000-7f0000002000 r-xp 00001000 08:01 42 /fake/libx.so\n" \
	"# ftrace maps 10\n"                                               \
	"7f0000000000-7f0000002000 r-xp 00001000 08:01 43 /fake/liby.so\n" \
	"# ftrace maps 20\n"                                               \
	"7f0000000000-7f0000002000 r-xp 00001000 08:01 42 /fake/libx.so\n" \
	"7f1000000000-7f1000002000 r-xp 00001000 08:01 44 /fake/libz.so\n"

static void maps_copies_name_each_call_from_its_time(void **state)
{
	const char *dir = make_data("copies", SWAP_MAPS);
	struct symtabs *st;
	uint64_t *ticks;
	size_t n;

	(void)state;
	write_data_file(dir, "sym/modules",
			"libx.so.sym /fake/libx.so\nliby.so.sym /fake/liby.so\nlibz.so.sym "
			"/fake/libz.so\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER "1100 20 T a_work\n");
	write_data_file(dir, "sym/liby.so.sym",
			"# ftrace symbols 1\n# path: /fake/liby.so\n# build-id: \n# type: dyn\n"
			"# load: 1000 1000 2000 2000 r-x\n1100 20 T b_work\n");
	write_data_file(dir, "sym/libz.so.sym",
			"# ftrace symbols 1\n# path: /fake/libz.so\n# build-id: \n# type: dyn\n"
			"# load: 1000 1000 2000 2000 r-x\n1100 20 T z_work\n");
	ticks = maps_copies(dir, 100, 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ticks[0], 10);
	assert_int_equal(ticks[1], 20);
	free(ticks);
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000100)->name, "a_work");
	assert_string_equal(symtabs_lookup(st, 100, 10, 0x7f0000000100)->name, "b_work");
	assert_string_equal(symtabs_lookup(st, 100, 20, 0x7f0000000100)->name, "a_work");
	/* libz's constructors ran inside dlopen, before the copy that shows it: the later copy */
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f1000000100)->name, "z_work");
	symtabs_free(st);
}

static void plt_names_override_the_alias(void **state)
{
	const char *dir = make_data("pltnames", X_MAPS "# ftrace plt 7f0000000200 c\n"
						       "# ftrace plt 7f0000000201 c_local\n");
	struct symtabs *st;

	(void)state;
	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER X_SYMS);
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000200)->name, "c");
	/* the second name called at that address is recorded one byte further */
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000201)->name, "c_local");
	assert_int_equal(symtabs_lookup(st, 100, 1, 0x7f0000000201)->addr, 0x7f0000000200);
	symtabs_free(st);
}

/* ---- bad input ---- */

static void corrupt_sym_lines_are_skipped(void **state)
{
	struct symtabs *st = load_x("corrupt", X_HEADER "1100 20 T a\n"
							"zzzz 10 T bad1\n"
							"1200 10 Q badtype\n"
							"1210\n"
							"1220 10 T\n"
							"\n"
							"1300 10 T d\n"
							"1400 1");

	(void)state;
	assert_string_equal(name_at(st, X_BIAS + 0x1100), "a");
	assert_string_equal(name_at(st, X_BIAS + 0x1300), "d");
	assert_null(name_at(st, X_BIAS + 0x1200));
	assert_null(name_at(st, X_BIAS + 0x1400));
	symtabs_free(st);
}

static void sym_without_magic_falls_back_and_fails_quietly(void **state)
{
	/* /fake/libx.so does not exist either: lookups find nothing, nothing crashes */
	struct symtabs *st = load_x("nomagic", "garbage\n1100 20 T a\n");

	(void)state;
	assert_non_null(st);
	assert_null(name_at(st, X_BIAS + 0x1100));
	assert_null(name_at(st, X_BIAS + 0x1100)); /* the failure is remembered */
	symtabs_free(st);
}

static void empty_and_truncated_sym_files(void **state)
{
	struct symtabs *st = load_x("empty", "");

	(void)state;
	assert_null(name_at(st, X_BIAS + 0x1100));
	symtabs_free(st);
	st = load_x("truncated", "# ftrace symbols 1\n# path: /fake/libx.so\n# load: 1000 10");
	assert_null(name_at(st, X_BIAS + 0x1100));
	symtabs_free(st);
}

static void corrupt_maps_lines_are_skipped(void **state)
{
	const char *dir = make_data(
		"badmaps", "garbage\n"
			   "7f0000000000-\n"
			   "7f0000000000-7e0000000000 r-xp 00001000 08:01 42 /fake/libx.so\n"
			   "7f0000000000-7f0000002000 r-xp\n"
			   "-- r-xp 0 0 0 /fake/libx.so\n"
			   "7f0000000000-7f0000002000 r-xp 00001000 08:01 42 /fake/libx.so\n"
			   "7f00000");
	struct symtabs *st;

	(void)state;
	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\nbroken-line\n../evil /x\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER X_SYMS);
	write_data_file(dir, "7-x.maps", "not a session file name\n");
	st = symtabs_load(dir);
	assert_non_null(st);
	assert_string_equal(name_at(st, X_BIAS + 0x1100), "a");
	symtabs_free(st);
}

static void missing_dir_and_null_table(void **state)
{
	(void)state;
	assert_null(symtabs_load(tpath("no-such-dir")));
	assert_null(symtabs_lookup(NULL, 1, 1, 0x1000));
	symtabs_free(NULL);
}

static void unknown_session_falls_back_to_same_program(void **state)
{
	const char *dir = make_data("fallback", X_MAPS);
	struct symtabs *st;

	(void)state;
	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER X_SYMS);
	/* 101 (no maps of its own) runs the same program as 100 */
	write_data_file(dir, "task", "0 start 100 1 /fake/libx.so\n9 fork 101 100 /fake/libx.so\n");
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 101, 8, X_BIAS + 0x1100)->name, "a");
	symtabs_free(st);
}

static void unknown_session_of_other_program_is_null(void **state)
{
	const char *dir = make_data("nofallback", X_MAPS);
	struct symtabs *st;

	(void)state;
	write_data_file(dir, "sym/modules", "libx.so.sym /fake/libx.so\n");
	write_data_file(dir, "sym/libx.so.sym", X_HEADER X_SYMS);
	write_data_file(dir, "task", "0 start 100 1 /fake/libx.so\n9 start 101 1 /fake/other\n");
	st = symtabs_load(dir);
	assert_null(symtabs_lookup(st, 101, 8, X_BIAS + 0x1100));
	symtabs_free(st);
}

/* ---- real ELF files: save and load ---- */

/* maps text placing ELF file `path` (a standard GNU ld layout) at `base`, as the loader would */
static void maps_for(char *buf, size_t size, const char *path, unsigned long long base)
{
	snprintf(buf, size,
		 "%llx-%llx r--p 00000000 08:01 9 %s\n"
		 "%llx-%llx r-xp 00001000 08:01 9 %s\n"
		 "%llx-%llx r--p 00002000 08:01 9 %s\n",
		 base, base + 0x1000, path, base + 0x1000, base + 0x2000, path, base + 0x2000,
		 base + 0x3000, path);
}

static void save_then_load_pie(void **state)
{
	char maps[2048];
	const char *dir;
	const struct sym *s;
	struct symtabs *st;
	uint64_t f1 = nm_addr(tpath("pg"), "f1"), helper = nm_addr(tpath("pg"), "helper");
	const uint64_t base = 0x555555554000ull;

	(void)state;
	NEED_CC();
	assert_true(f1 && helper);
	maps_for(maps, sizeof(maps), tpath("pg"), base);
	strcat(maps, "7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0 [vdso]\n"
		     "7ffff7f00000-7ffff7f01000 r-xp 00001000 08:01 3 /nowhere/libmcount.so\n");
	dir = make_data("savepie", maps);
	assert_int_equal(symbols_save(dir), 0);
	assert_int_equal(sh("grep -q '^# path: %s$' %s/sym/pg.sym", tpath("pg"), dir), 0);
	assert_int_equal(sh("grep -q ' P puts@plt$' %s/sym/pg.sym", dir), 0);
	assert_int_not_equal(sh("ls %s/sym | grep -q libmcount", dir), 0);
	st = symtabs_load(dir);
	s = symtabs_lookup(st, 100, 1, base + f1);
	assert_non_null(s);
	assert_string_equal(s->name, "f1"); /* over f1_weak and f1_local */
	assert_string_equal(s->module, "pg");
	assert_string_equal(symtabs_lookup(st, 100, 1, base + helper + 4)->name, "helper");
	symtabs_free(st);
}

static void sym_file_survives_binary_removal(void **state)
{
	char maps[2048];
	const char *dir;
	struct symtabs *st;
	uint64_t f1 = nm_addr(tpath("pg"), "f1");

	(void)state;
	NEED_CC();
	sh("cp %s %s", tpath("pg"), tpath("gone"));
	maps_for(maps, sizeof(maps), tpath("gone"), 0x555555554000ull);
	dir = make_data("gone-data", maps);
	assert_int_equal(symbols_save(dir), 0);
	sh("rm -f %s", tpath("gone"));
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x555555554000ull + f1)->name, "f1");
	symtabs_free(st);
}

static void missing_sym_falls_back_to_elf(void **state)
{
	char maps[2048];
	struct symtabs *st;
	uint64_t f1 = nm_addr(tpath("pg"), "f1");

	(void)state;
	NEED_CC();
	maps_for(maps, sizeof(maps), tpath("pg"), 0x555555554000ull);
	st = symtabs_load(make_data("nosym", maps)); /* the recorder was killed: no sym/ files */
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x555555554000ull + f1 + 1)->name, "f1");
	symtabs_free(st);
}

static void non_pie_executable_has_no_bias(void **state)
{
	char maps[512];
	struct symtabs *st;
	uint64_t f1 = nm_addr(tpath("nopie"), "f1");

	(void)state;
	NEED_CC();
	assert_true(f1 >= 0x400000);
	snprintf(maps, sizeof(maps),
		 "400000-401000 r--p 00000000 08:01 9 %s\n401000-402000 r-xp 00001000 08:01 9 %s\n",
		 tpath("nopie"), tpath("nopie"));
	st = symtabs_load(make_data("nopie-data", maps));
	assert_string_equal(symtabs_lookup(st, 100, 1, f1)->name, "f1");
	symtabs_free(st);
}

static void stripped_library_uses_dynsym(void **state)
{
	char maps[2048];
	const char *dir;
	struct symtabs *st;
	uint64_t lib_fn = nm_addr(tpath("libfix.so"), "lib_fn");
	const uint64_t base = 0x7f1234560000ull;

	(void)state;
	NEED_CC();
	assert_true(lib_fn != 0);
	assert_int_equal(nm_addr(tpath("libstripped.so"), "helper"), 0);
	maps_for(maps, sizeof(maps), tpath("libstripped.so"), base);
	dir = make_data("stripped", maps);
	assert_int_equal(symbols_save(dir), 0);
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 100, 1, base + lib_fn)->name, "lib_fn");
	symtabs_free(st);
}

static void same_basename_gets_distinct_sym_files(void **state)
{
	char maps[4096], more[2048];
	const char *dir;
	struct symtabs *st;
	uint64_t f1 = nm_addr(tpath("libfix.so"), "f1");
	uint64_t lib_fn = nm_addr(tpath("libfix.so"), "lib_fn");

	(void)state;
	NEED_CC();
	sh("mkdir -p %s %s && cp %s %s/libfoo.so && cp %s %s/libfoo.so", tpath("d1"), tpath("d2"),
	   tpath("libfix.so"), tpath("d1"), tpath("libstripped.so"), tpath("d2"));
	maps_for(maps, sizeof(maps), tpath("d1/libfoo.so"), 0x7f0000000000ull);
	maps_for(more, sizeof(more), tpath("d2/libfoo.so"), 0x7f1000000000ull);
	strcat(maps, more);
	dir = make_data("collide", maps);
	assert_int_equal(symbols_save(dir), 0);
	assert_int_equal(
		sh("test -f %s/sym/libfoo.so.sym && test -f %s/sym/libfoo.so-2.sym", dir, dir), 0);
	st = symtabs_load(dir);
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f0000000000ull + f1)->name, "f1");
	assert_string_equal(symtabs_lookup(st, 100, 1, 0x7f1000000000ull + lib_fn)->name, "lib_fn");
	symtabs_free(st);
}

static void save_without_maps_writes_empty_index(void **state)
{
	const char *dir = make_data("nomaps", NULL);

	(void)state;
	assert_int_equal(symbols_save(dir), 0);
	assert_int_equal(sh("test -f %s/sym/modules && ! test -s %s/sym/modules", dir, dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facts_pg_references_mcount),
		cmocka_unit_test(facts_fentry_references_fentry),
		cmocka_unit_test(facts_instrument_functions_references_cyg),
		cmocka_unit_test(facts_plain_program_is_uninstrumented),
		cmocka_unit_test(facts_shared_library_is_not_dynamic_program),
		cmocka_unit_test(facts_script_is_not_elf),
		cmocka_unit_test(facts_missing_file_fails_with_errno),
		cmocka_unit_test(lookup_at_start_and_inside),
		cmocka_unit_test(lookup_past_end_is_null),
		cmocka_unit_test(lookup_size0_symbol_extends_to_next),
		cmocka_unit_test(lookup_prefers_global_alias),
		cmocka_unit_test(lookup_unsorted_aliases_pick_by_priority),
		cmocka_unit_test(lookup_repeated_returns_same_entry),
		cmocka_unit_test(lookup_unsorted_sym_file),
		cmocka_unit_test(bias_uses_segment_of_mapping),
		cmocka_unit_test(bias_is_zero_for_exec),
		cmocka_unit_test(sessions_with_different_bias_do_not_mix),
		cmocka_unit_test(maps_copies_name_each_call_from_its_time),
		cmocka_unit_test(plt_names_override_the_alias),
		cmocka_unit_test(corrupt_sym_lines_are_skipped),
		cmocka_unit_test(sym_without_magic_falls_back_and_fails_quietly),
		cmocka_unit_test(empty_and_truncated_sym_files),
		cmocka_unit_test(corrupt_maps_lines_are_skipped),
		cmocka_unit_test(missing_dir_and_null_table),
		cmocka_unit_test(unknown_session_falls_back_to_same_program),
		cmocka_unit_test(unknown_session_of_other_program_is_null),
		cmocka_unit_test(save_then_load_pie),
		cmocka_unit_test(sym_file_survives_binary_removal),
		cmocka_unit_test(missing_sym_falls_back_to_elf),
		cmocka_unit_test(non_pie_executable_has_no_bias),
		cmocka_unit_test(stripped_library_uses_dynsym),
		cmocka_unit_test(same_basename_gets_distinct_sym_files),
		cmocka_unit_test(save_without_maps_writes_empty_index),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
