/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/dwarfinfo.c: prototypes to -A specs, enums and their file, srcline tables. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "argspec.h"
#include "dwarfinfo.h"
#include "trace_format.h"

#include "testdir.h"

/* Compiled at test time with the compiler the tests run with: real DWARF, not a mock.
 * paint() must stay on line 11, alone (srclines_from_dwarf_and_saved_file). */
static const char prog_src[] =
	"enum color { RED, GREEN, BLUE = 4 };\n"
	"typedef enum { MODE_A = 1, MODE_B = 2, MODE_C = 8 } mode_t_;\n"
	"enum __attribute__((packed)) small { S0, S1 };\n"
	"struct pair { long a, b; };\n"
	"struct big { long v[4]; };\n"
	"int ints(signed char a, short b, int c, long d, unsigned char e, unsigned short f)\n"
	"{ return c; }\n"
	"unsigned long uints(unsigned int a, unsigned long b) { return b; }\n"
	"const char *strs(const char *s, char c, int *p, void *v) { return s; }\n"
	"double mixed(int a, double x, float y, long b) { return x; }\n"
	"enum color paint(enum color c, mode_t_ m, enum small s) { return c; }\n"
	"float retf(void) { return 1.5f; }\n"
	"int after_struct(int a, struct pair p, int b) { return a; }\n"
	"struct big make_big(int a, int b) { struct big r = { { a, b } }; return r; }\n"
	"int vararg(const char *fmt, ...) { return 0; }\n"
	"void nothing(void) { }\n"
	"_Bool flag(_Bool b) { return b; }\n"
	"int many(int a, int b, int c, int d, int e, int f, int g, double x) { return g; }\n"
	"int main(void) { return 0; }\n";

static char dir[64];
static char exe[128];

static int setup(void **state)
{
	char src[160], cmd[512];
	FILE *f;

	(void)state;
	strcpy(dir, "/tmp/ftrace-test-dwarf.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(src, sizeof(src), "%s/prog.c", dir);
	snprintf(exe, sizeof(exe), "%s/prog", dir);
	f = fopen(src, "w");
	if (!f || fputs(prog_src, f) < 0 || fclose(f) != 0)
		return -1;
	snprintf(
		cmd, sizeof(cmd),
		"cd %s && ${CC:-cc} -g -O0 -w -o prog prog.c && ${CC:-cc} -O0 -w -o nodwarf prog.c",
		dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return testdir_remove(dir) == 0 ? 0 : -1;
}

struct specs {
	char *v[64];
	unsigned n;
};

static void collect(void *ctx, const char *spec)
{
	struct specs *s = ctx;

	if (s->n < 64)
		s->v[s->n++] = strdup(spec);
}

/* The spec made for function name, or NULL. */
static const char *spec_of(const struct specs *s, const char *name)
{
	size_t n = strlen(name);

	for (unsigned i = 0; i < s->n; i++)
		if (!strncmp(s->v[i], name, n) && s->v[i][n] == '@')
			return s->v[i];
	return NULL;
}

static void specs_free(struct specs *s)
{
	for (unsigned i = 0; i < s->n; i++)
		free(s->v[i]);
}

static void auto_specs(struct specs *s, struct dwarf_enums *en)
{
	*s = (struct specs){.n = 0};
	*en = (struct dwarf_enums){0};
	assert_true(dwarf_auto_specs(exe, collect, s, en) > 0);
}

static void integers_of_each_size_and_sign(void **state)
{
	struct dwarf_enums en;
	struct specs s;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "ints"),
			    "ints@arg1/c,arg2/d16,arg3/d32,arg4/d,arg5/c,arg6/u16,retval/d32");
	assert_string_equal(spec_of(&s, "uints"), "uints@arg1/u32,arg2/u,retval/u");
	assert_string_equal(spec_of(&s, "flag"), "flag@arg1/u8,retval/u8");
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void char_pointers_are_strings_other_pointers_are_not(void **state)
{
	struct dwarf_enums en;
	struct specs s;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "strs"), "strs@arg1/s,arg2/c,arg3/p,arg4/p,retval/s");
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void floats_take_sse_registers_apart_from_integers(void **state)
{
	struct dwarf_enums en;
	struct specs s;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "mixed"),
			    "mixed@arg1/d32,fparg1/f,fparg2/f32,arg2/d,retval/f");
	assert_string_equal(spec_of(&s, "retf"), "retf@retval/f32");
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void enums_by_name_typedef_and_size(void **state)
{
	struct dwarf_enums en;
	struct specs s;
	const struct dwarf_enum *e;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "paint"),
			    "paint@arg1/e:color,arg2/e:mode_t_,arg3/e8:small,retval/e:color");
	e = dwarf_enums_get(&en, "color");
	assert_non_null(e);
	assert_int_equal(e->n, 3);
	assert_string_equal(e->names[2], "BLUE");
	assert_int_equal(e->values[2], 4);
	assert_non_null(dwarf_enums_get(&en, "mode_t_"));
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void struct_by_value_stops_the_spec(void **state)
{
	struct dwarf_enums en;
	struct specs s;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "after_struct"), "after_struct@arg1/d32,retval/d32");
	/* a struct returned in memory: its address is in rdi, a is in rsi */
	assert_string_equal(spec_of(&s, "make_big"), "make_big@arg2/d32,arg3/d32");
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void varargs_void_and_stack_arguments(void **state)
{
	struct dwarf_enums en;
	struct specs s;

	(void)state;
	auto_specs(&s, &en);
	assert_string_equal(spec_of(&s, "vararg"), "vararg@arg1/s,retval/d32");
	assert_null(spec_of(&s, "nothing"));
	/* g is on the stack; x still comes in xmm0 */
	assert_string_equal(
		spec_of(&s, "many"),
		"many@arg1/d32,arg2/d32,arg3/d32,arg4/d32,arg5/d32,arg6/d32,fparg1/f,retval/d32");
	specs_free(&s);
	dwarf_enums_clear(&en);
}

static void every_spec_parses_as_an_argument_spec(void **state)
{
	struct argspec_set set = {0};
	struct dwarf_enums en = {0};
	char err[256];
	int n;

	(void)state;
	n = argspec_add_dwarf(&set, exe, &en);
	assert_int_equal(n, 12); /* 13 functions, nothing() has nothing to show */
	assert_int_equal(set.n, (unsigned)n);
	for (unsigned i = 0; i < set.n; i++)
		assert_true(set.v[i].exe_only);
	/* a function with a spec already (-A) keeps it */
	argspec_free(&set);
	assert_int_equal(argspec_add(&set, "ints@arg1/x", false, err, sizeof(err)), 0);
	dwarf_enums_clear(&en);
	argspec_add_dwarf(&set, exe, &en);
	assert_string_equal(set.v[0].pattern, "ints");
	assert_int_equal(set.v[0].n, 1);
	assert_int_equal(set.v[0].items[0].fmt, 'x');
	argspec_free(&set);
	dwarf_enums_clear(&en);
}

static void no_dwarf_gives_no_specs(void **state)
{
	char path[160];
	struct dwarf_enums en = {0};
	struct specs s = {.n = 0};
	struct srctab t;

	(void)state;
	snprintf(path, sizeof(path), "%s/nodwarf", dir);
	assert_int_equal(dwarf_auto_specs(path, collect, &s, &en), -1);
	assert_int_equal(dwarf_auto_specs("/nonexistent", collect, &s, &en), -1);
	assert_int_equal(s.n, 0);
	assert_int_equal(srctab_read_dwarf(path, &t), -1);
}

static void enum_spec_names_are_found_and_noted(void **state)
{
	struct argspec_set set = {0};
	struct dwarf_enums en = {0};
	char err[256];

	(void)state;
	assert_int_equal(
		argspec_add(&set, "pai*@arg2/e:mode_t_,retval/e:color", false, err, sizeof(err)),
		0);
	assert_int_equal(set.v[0].items[0].size, 4);
	assert_string_equal(set.v[0].items[0].ename, "mode_t_");
	argspec_note_enums(&set, exe, &en);
	assert_int_equal(en.nuses, 2);
	assert_non_null(dwarf_enum_for(&en, "paint", 2));
	assert_string_equal(dwarf_enum_for(&en, "paint", 0)->name, "color");
	assert_null(dwarf_enum_for(&en, "paint", 1));
	assert_null(dwarf_enum_for(&en, "ints", 2));
	argspec_free(&set);
	dwarf_enums_clear(&en);
}

static void enum_formats_names_and_flags(void **state)
{
	int64_t values[] = {1, 2, 8, -1};
	char *names[] = {"A", "B", "C", "NEG"};
	struct dwarf_enum e = {"m", 4, values, names};
	char buf[64];

	(void)state;
	assert_true(dwarf_enum_format(&e, 2, 4, buf, sizeof(buf)));
	assert_string_equal(buf, "B");
	assert_true(dwarf_enum_format(&e, 9, 4, buf, sizeof(buf)));
	assert_string_equal(buf, "A|C");
	assert_false(
		dwarf_enum_format(&e, 4, 4, buf, sizeof(buf))); /* no enumerator has that bit */
	assert_false(dwarf_enum_format(&e, 0, 4, buf, sizeof(buf)));
	/* compared modulo the item's size: 0xff of one byte is -1 */
	assert_true(dwarf_enum_format(&e, 0xff, 1, buf, sizeof(buf)));
	assert_string_equal(buf, "NEG");
	assert_false(dwarf_enum_format(&e, 3, 4, buf, 3)); /* "A|B" does not fit in 3 bytes */
}

static void enum_formats_masks(void **state)
{
	int64_t values[] = {1, 0xff, 0xff00};
	char *names[] = {"ONE", "LOW", "HIGH"};
	struct dwarf_enum e = {"masks", 3, values, names};
	char buf[64];

	(void)state;
	assert_true(dwarf_enum_format(&e, 0xffff, 4, buf, sizeof(buf)));
	assert_string_equal(buf, "LOW|HIGH"); /* not 65535 */
	assert_true(dwarf_enum_format(&e, 0xff01, 4, buf, sizeof(buf)));
	assert_string_equal(buf, "HIGH|ONE");
	assert_false(dwarf_enum_format(&e, 0x10001, 4, buf, sizeof(buf))); /* 0x10000 unnamed */
}

static void enums_file_round_trip(void **state)
{
	struct dwarf_enums en = {0}, back;
	const char *const want[] = {"color"};
	char *text, *again;

	(void)state;
	assert_int_equal(dwarf_enums_find(exe, want, 1, &en), 1);
	dwarf_enums_use(&en, "pa*t", 1, "color");
	text = dwarf_enums_text(&en);
	assert_string_equal(
		text, "ftrace-enums 1\nenum color 3\n0 RED\n1 GREEN\n4 BLUE\nuse 1 color pa*t\n");
	assert_int_equal(dwarf_enums_parse(text, &back), 0);
	again = dwarf_enums_text(&back);
	assert_string_equal(text, again);
	free(text);
	free(again);
	dwarf_enums_clear(&en);
	dwarf_enums_clear(&back);
}

static void enums_file_rejects_corrupt_text(void **state)
{
	static const char *const bad[] = {
		"",
		"ftrace-enums 2\n",
		"ftrace-enums 1\nenum color 3\n0 RED\n",
		"ftrace-enums 1\nenum color 1\nRED 0\n",
		"ftrace-enums 1\nuse 9 color f\n",
		"ftrace-enums 1\nuse 1 color\n",
		"ftrace-enums 1\ngarbage\n",
		"ftrace-enums 1\nenum color 18446744073709551615\n",
	};
	struct dwarf_enums en;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		en.n = 99;
		assert_int_equal(dwarf_enums_parse(bad[i], &en), -1);
		assert_int_equal(en.n, 0);
	}
}

static void srclines_from_dwarf_and_saved_file(void **state)
{
	struct srctab t, back;
	char file[160], *module;
	const struct srcline *l = NULL;
	size_t found = 0;

	(void)state;
	assert_int_equal(srctab_read_dwarf(exe, &t), 0);
	assert_int_equal(t.n, 13);
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].line == 11) {
			l = &t.v[i];
			found++;
		}
	assert_int_equal(found, 1);		/* paint, the only function on line 11 */
	assert_string_equal(l->file, "prog.c"); /* relative to the compilation directory */
	snprintf(file, sizeof(file), "%s/prog.srcline", dir);
	assert_int_equal(srctab_write(&t, exe, file), 0);
	assert_int_equal(srctab_read_file(file, &back, &module), 0);
	assert_string_equal(module, exe);
	assert_int_equal(back.n, t.n);
	assert_int_equal(srctab_find(&back, l->addr)->line, 11);
	assert_null(srctab_find(&back, l->addr + 1));
	free(module);
	srctab_free(&t);
	srctab_free(&back);
}

static void srcline_file_skips_malformed_lines(void **state)
{
	struct srctab t;
	char file[160], *module;
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/bad.srcline", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(DWARF_SRCLINE_MAGIC "\n# path: /x\n10 5 a.c\nzz 1 b.c\n20 0 c.c\n30 7\n40 9 d.c\n",
	      f);
	fclose(f);
	assert_int_equal(srctab_read_file(file, &t, &module), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(srctab_find(&t, 0x40)->line, 9);
	free(module);
	srctab_free(&t);
	f = fopen(file, "w");
	fputs("not a table\n", f);
	fclose(f);
	assert_int_equal(srctab_read_file(file, &t, &module), -1);
}

static void enum_items_decode_to_names(void **state)
{
	struct dwarf_enums en = {0};
	const char *const want[] = {"color"};
	/* arg1: ENUM of 4 bytes, value 4 (zigzag 8); arg2: ENUM, value 7 (no name) */
	const uint8_t items[] = {1, FT_ARG_ENUM | 2 << 4, 8, 2, FT_ARG_ENUM | 2 << 4, 14};
	char buf[128];

	(void)state;
	assert_int_equal(dwarf_enums_find(exe, want, 1, &en), 1);
	dwarf_enums_use(&en, "paint", 1, "color");
	dwarf_enums_use(&en, "paint", 2, "color");
	argspec_format_named(&en, "paint", items, sizeof(items), buf, sizeof(buf));
	assert_string_equal(buf, "BLUE, 7");
	argspec_format_named(&en, "other", items, sizeof(items), buf, sizeof(buf));
	assert_string_equal(buf, "4, 7");
	argspec_format_named(NULL, NULL, items, sizeof(items), buf, sizeof(buf));
	assert_string_equal(buf, "4, 7");
	dwarf_enums_clear(&en);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers_of_each_size_and_sign),
		cmocka_unit_test(char_pointers_are_strings_other_pointers_are_not),
		cmocka_unit_test(floats_take_sse_registers_apart_from_integers),
		cmocka_unit_test(enums_by_name_typedef_and_size),
		cmocka_unit_test(struct_by_value_stops_the_spec),
		cmocka_unit_test(varargs_void_and_stack_arguments),
		cmocka_unit_test(every_spec_parses_as_an_argument_spec),
		cmocka_unit_test(no_dwarf_gives_no_specs),
		cmocka_unit_test(enum_spec_names_are_found_and_noted),
		cmocka_unit_test(enum_formats_names_and_flags),
		cmocka_unit_test(enum_formats_masks),
		cmocka_unit_test(enums_file_round_trip),
		cmocka_unit_test(enums_file_rejects_corrupt_text),
		cmocka_unit_test(srclines_from_dwarf_and_saved_file),
		cmocka_unit_test(srcline_file_skips_malformed_lines),
		cmocka_unit_test(enum_items_decode_to_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
