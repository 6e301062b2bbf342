/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/argspec.c: the -A/-R spec parser, the digest for libmcount, payload
 * decoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "argspec.h"
#include "trace_format.h"

static int add(struct argspec_set *set, const char *text, bool retval)
{
	char err[256];

	return argspec_add(set, text, retval, err, sizeof(err));
}

static void parse_accepts_items_and_formats(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	assert_int_equal(add(&set, "open@arg1/s,arg2/x32,retval/d32", false), 0);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.v[0].pattern, "open");
	assert_int_equal(set.v[0].n, 3);
	assert_int_equal(set.v[0].items[0].where, 1);
	assert_int_equal(set.v[0].items[0].fmt, 's');
	assert_int_equal(set.v[0].items[1].fmt, 'x');
	assert_int_equal(set.v[0].items[1].size, 4);
	assert_int_equal(set.v[0].items[2].where, 0);
	assert_int_equal(set.v[0].items[2].size, 4);
	argspec_free(&set);
}

static void parse_defaults_and_aliases(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	/* kept in argument order: integer arguments, then float ones */
	assert_int_equal(add(&set, "f*@arg6,fparg1,arg2/i16,arg3/c", false), 0);
	assert_int_equal(set.v[0].items[2].where, 6);
	assert_int_equal(set.v[0].items[2].fmt, 'd');
	assert_int_equal(set.v[0].items[2].size, 8);
	assert_false(set.v[0].items[2].sized);
	assert_int_equal(set.v[0].items[3].where, 0x81);
	assert_int_equal(set.v[0].items[3].fmt, 'f');
	assert_int_equal(set.v[0].items[0].fmt, 'd'); /* i is d */
	assert_int_equal(set.v[0].items[0].size, 2);
	assert_true(set.v[0].items[0].sized);
	assert_int_equal(set.v[0].items[1].size, 1);
	argspec_free(&set);
}

static void merge_keeps_the_first_item_of_each_place(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	/* -A calloc@arg2/x, then -a's prototype: arg2 is shown once, as the user asked */
	assert_int_equal(add(&set, "calloc@arg2/x", false), 0);
	assert_int_equal(add(&set, "calloc@arg1/u,arg2/u,retval/p", false), 0);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.v[0].n, 3);
	assert_int_equal(set.v[0].items[0].where, 1);
	assert_int_equal(set.v[0].items[1].where, 2);
	assert_int_equal(set.v[0].items[1].fmt, 'x');
	assert_int_equal(set.v[0].items[2].where, 0);
	argspec_free(&set);
}

static void parse_rejects_bad_specs(void **state)
{
	static const char *const bad[] = {
		"open",
		"@arg1",
		"open@",
		"open@arg0",
		"open@arg7",
		"open@fparg9",
		"open@arg1/q",
		"open@arg1/d12",
		"open@arg1/s32",
		"open@arg1/f",
		"open@retval/f8",
		"open@arg",
		"open@arg1x",
		"open@arg1/e",
		"f@arg1,arg2,arg3,arg4,arg5,arg6,fparg1,fparg2,fparg3",
	};
	struct argspec_set set = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(add(&set, bad[i], false), -1);
	assert_int_equal(set.n, 0);
}

static void parse_retval_spec_takes_only_retval(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	assert_int_equal(add(&set, "f@arg1", true), -1);
	assert_int_equal(add(&set, "f@retval/f32", true), 0);
	assert_int_equal(set.v[0].items[0].fmt, 'f');
	assert_int_equal(set.v[0].items[0].size, 4);
	argspec_free(&set);
}

static void digest_names_library_functions(void **state)
{
	struct argspec_set set = {0};
	char *env;

	(void)state;
	assert_int_equal(add(&set, "opendir@arg1/s,retval/p", false), 0);
	env = argspec_digest(&set, NULL);
	assert_string_equal(env, "Nopendir@a1s8,rp8;");
	free(env);
	argspec_free(&set);
}

static void digest_of_empty_set_is_null(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	assert_null(argspec_digest(&set, NULL));
}

static void auto_table_parses(void **state)
{
	struct argspec_set set = {0};

	(void)state;
	argspec_add_auto(&set);
	assert_true(set.n > 40);
	argspec_free(&set);
}

/* ---- payloads ---- */

static size_t fmt(const uint8_t *p, size_t n, char *buf)
{
	return argspec_format_args(p, n, buf, 256);
}

static void decode_int_string_pointer(void **state)
{
	/* arg1 int32 -3, arg2 "path", arg3 pointer 0 */
	const uint8_t p[] = {1, FT_ARG_INT | 2 << 4, 5, 2, FT_ARG_STR, 4, 'p', 'a', 't', 'h',
			     3, FT_ARG_PTR | 3 << 4, 0};
	char buf[256];

	(void)state;
	fmt(p, sizeof(p), buf);
	assert_string_equal(buf, "-3, \"path\", 0");
}

static void decode_string_flags(void **state)
{
	const uint8_t cut[] = {1, FT_ARG_STR | FT_ARG_CUT, 2, 'a', '"'};
	const uint8_t null[] = {1, FT_ARG_STR | FT_ARG_NULL};
	const uint8_t bad[] = {1, FT_ARG_STR | FT_ARG_BAD, 0x10};
	char buf[256];

	(void)state;
	fmt(cut, sizeof(cut), buf);
	assert_string_equal(buf, "\"a\\\"...\"");
	fmt(null, sizeof(null), buf);
	assert_string_equal(buf, "NULL");
	fmt(bad, sizeof(bad), buf);
	assert_string_equal(buf, "<unreadable 0x10>");
}

static void decode_float_hex_char_uint(void **state)
{
	uint8_t p[32] = {0x81, FT_ARG_FLOAT | 3 << 4};
	double d = 2.5;
	size_t n = 10;
	char buf[256];

	(void)state;
	memcpy(p + 2, &d, 8);
	p[n++] = 2, p[n++] = FT_ARG_HEX | 3 << 4, p[n++] = 0xff, p[n++] = 0x01;
	p[n++] = 3, p[n++] = FT_ARG_CHAR, p[n++] = 'A';
	p[n++] = 4, p[n++] = FT_ARG_UINT | 3 << 4, p[n++] = 7;
	fmt(p, n, buf);
	assert_string_equal(buf, "2.5, 0xff, 'A', 7");
}

static void chars_print_as_c_escapes(void **state)
{
	const uint8_t p[] = {1, FT_ARG_CHAR, 0,	   2, FT_ARG_CHAR, '\n', 3, FT_ARG_CHAR, '\'',
			     4, FT_ARG_CHAR, 0x7f, 5, FT_ARG_STR,  3,	 0, '\t',	 '\''};
	char buf[256];

	(void)state;
	fmt(p, sizeof(p), buf);
	assert_string_equal(buf, "'\\0', '\\n', '\\'', '\\x7f', \"\\0\\t'\"");
}

static void decode_corrupt_payloads(void **state)
{
	const uint8_t runs_past[] = {1, FT_ARG_STR, 9, 'a'};
	const uint8_t bad_varint[] = {1, FT_ARG_INT, 0x80, 0x80};
	const uint8_t unknown_type[] = {1, 0x0f, 1, 2, FT_ARG_INT, 2};
	const uint8_t lone_byte[] = {1, FT_ARG_INT, 2, 7};
	const uint8_t short_float[] = {0x81, FT_ARG_FLOAT | 3 << 4, 1, 2};
	char buf[256];

	(void)state;
	fmt(runs_past, sizeof(runs_past), buf);
	assert_string_equal(buf, "<corrupt>");
	fmt(bad_varint, sizeof(bad_varint), buf);
	assert_string_equal(buf, "<corrupt>");
	fmt(unknown_type, sizeof(unknown_type), buf);
	assert_string_equal(buf, "<corrupt>");
	fmt(lone_byte, sizeof(lone_byte), buf);
	assert_string_equal(buf, "1, <corrupt>");
	fmt(short_float, sizeof(short_float), buf);
	assert_string_equal(buf, "<corrupt>");
}

static void decode_never_overflows_the_buffer(void **state)
{
	uint8_t p[300] = {1, FT_ARG_STR, 0xa0, 0x02}; /* a 288-byte string */
	char buf[16];

	(void)state;
	memset(p + 4, 'x', 288);
	memset(buf, 0, sizeof(buf));
	assert_true(argspec_format_args(p, 292, buf, sizeof(buf)) <= 15);
	assert_int_equal(buf[15], '\0');
	assert_int_equal(argspec_format_args(p, 292, buf, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_accepts_items_and_formats),
		cmocka_unit_test(parse_defaults_and_aliases),
		cmocka_unit_test(merge_keeps_the_first_item_of_each_place),
		cmocka_unit_test(parse_rejects_bad_specs),
		cmocka_unit_test(parse_retval_spec_takes_only_retval),
		cmocka_unit_test(digest_names_library_functions),
		cmocka_unit_test(digest_of_empty_set_is_null),
		cmocka_unit_test(auto_table_parses),
		cmocka_unit_test(decode_int_string_pointer),
		cmocka_unit_test(decode_string_flags),
		cmocka_unit_test(chars_print_as_c_escapes),
		cmocka_unit_test(decode_float_hex_char_uint),
		cmocka_unit_test(decode_corrupt_payloads),
		cmocka_unit_test(decode_never_overflows_the_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
