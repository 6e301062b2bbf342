/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/filter.c: pattern and trigger parsing, name matching, time and range parsing.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "filter_record.h"

static char err[512];

static struct filter *one_rule(bool glob, int kind, const char *spec)
{
	struct filter *f = filter_new(glob);

	err[0] = '\0';
	assert_int_equal(filter_add(f, kind, spec, err, sizeof(err)), 0);
	return f;
}

static uint32_t flags_of(const struct filter *f, const char *name, const char *module)
{
	struct filter_match m;

	filter_match_name(f, name, module, &m);
	return m.flags;
}

static void plain_pattern_matches_the_whole_name_only(void **state)
{
	struct filter *f = one_rule(false, 'F', "parse");

	(void)state;
	assert_int_equal(flags_of(f, "parse", NULL), FR_FILTER);
	assert_int_equal(flags_of(f, "parse_args", NULL), 0);
	assert_int_equal(flags_of(f, "reparse", NULL), 0);
	filter_free(f);
}

static void regex_pattern_searches_the_name(void **state)
{
	struct filter *f = one_rule(false, 'N', "^std::.*sort");

	(void)state;
	assert_int_equal(flags_of(f, "std::__introsort_loop", NULL), FR_NOTRACE);
	assert_int_equal(flags_of(f, "mystd::sort", NULL), 0);
	filter_free(f);
}

static void glob_pattern_matches_the_whole_name(void **state)
{
	struct filter *f = one_rule(true, 'H', "lex*");

	(void)state;
	assert_int_equal(flags_of(f, "lexer_next", NULL), FR_HIDE);
	assert_int_equal(flags_of(f, "do_lex", NULL), 0);
	filter_free(f);
}

static void module_suffix_restricts_the_match(void **state)
{
	struct filter *f = one_rule(false, 'F', "malloc@libc");

	(void)state;
	assert_int_equal(flags_of(f, "malloc", "libc.so.6"), FR_FILTER);
	assert_int_equal(flags_of(f, "malloc", "libc-2.36.so"), FR_FILTER);
	assert_int_equal(flags_of(f, "malloc", "libcrypto.so.3"), 0);
	assert_int_equal(flags_of(f, "malloc", "prog"), 0);
	assert_int_equal(flags_of(f, "malloc", NULL), 0);
	filter_free(f);
}

static void bad_regex_is_an_error_naming_the_pattern(void **state)
{
	struct filter *f = filter_new(false);

	(void)state;
	assert_int_equal(filter_add(f, 'F', "foo(", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid pattern 'foo('"));
	assert_null(strchr(err, '\n'));
	assert_int_equal(filter_add(f, 'N', "", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid pattern ''"));
	assert_int_equal(filter_add(f, 'F', "main@", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'main@'"));
	assert_false(filter_active(f));
	filter_free(f);
}

static void trigger_actions_are_parsed(void **state)
{
	struct filter *f = one_rule(false, 'T', "parse@depth=2,trace_off,backtrace,time=5us");
	struct filter_match m;

	(void)state;
	filter_match_name(f, "parse", NULL, &m);
	assert_int_equal(m.flags, FR_DEPTH | FR_TRACE_OFF | FR_BACKTRACE | FR_TIME);
	assert_int_equal(m.depth, 2);
	assert_true(m.time == 5000);
	filter_free(f);
}

static void trigger_takes_a_module_token(void **state)
{
	struct filter *f = one_rule(false, 'T', "run@prog,finish");

	(void)state;
	assert_int_equal(flags_of(f, "run", "prog"), FR_FINISH);
	assert_int_equal(flags_of(f, "run", "other"), 0);
	filter_free(f);
}

static void uftrace_action_spellings_are_actions_not_modules(void **state)
{
	struct filter *f = one_rule(false, 'T', "b@filter,backtrace");
	struct filter_match m;

	(void)state;
	assert_int_equal(flags_of(f, "b", "prog"), FR_FILTER | FR_BACKTRACE);
	assert_int_equal(filter_add(f, 'T', "c@trace-on", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'T', "d@traceoff", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'T', "e@trace,hide", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'F', "g@depth=1", err, sizeof(err)), 0);
	assert_int_equal(flags_of(f, "c", NULL), FR_TRACE_ON);
	assert_int_equal(flags_of(f, "d", NULL), FR_TRACE_OFF);
	assert_int_equal(flags_of(f, "e", NULL), FR_TRACE | FR_HIDE);
	filter_match_name(f, "g", NULL, &m);
	assert_int_equal(m.flags, FR_FILTER | FR_DEPTH);
	assert_int_equal(m.depth, 1);
	filter_free(f);
}

static void the_later_of_filter_and_notrace_wins(void **state)
{
	struct filter *f = one_rule(false, 'N', "bar2$");

	(void)state;
	assert_int_equal(filter_add(f, 'F', "bar2$", err, sizeof(err)), 0);
	assert_int_equal(flags_of(f, "bar2", NULL), FR_FILTER);
	assert_int_equal(filter_add(f, 'N', "^bar", err, sizeof(err)), 0);
	assert_int_equal(flags_of(f, "bar2", NULL), FR_NOTRACE);
	filter_free(f);
}

static void bad_triggers_are_errors_naming_the_trigger(void **state)
{
	static const char *const bad[] = {"parse",
					  "parse@",
					  "parse@depth=0",
					  "parse@depth=x",
					  "parse@time=5parsecs",
					  "parse@color=red",
					  "parse@libx,liby",
					  "parse@if:arg1==1",
					  "parse@read=pmu-cycle",
					  "(@depth=1"};
	struct filter *f = filter_new(false);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[64];

		err[0] = '\0';
		assert_int_equal(filter_add(f, 'T', bad[i], err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "'%s'", bad[i]);
		assert_non_null(strstr(err, want));
	}
	assert_false(filter_active(f));
	filter_free(f);
}

static void rules_merge_and_the_smallest_depth_wins(void **state)
{
	struct filter *f = one_rule(false, 'T', "a.*@depth=3");
	struct filter_match m;

	(void)state;
	assert_int_equal(filter_add(f, 'T', "abc@depth=1", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'F', "abc", err, sizeof(err)), 0);
	filter_match_name(f, "abc", NULL, &m);
	assert_int_equal(m.flags, FR_DEPTH | FR_FILTER);
	assert_int_equal(m.depth, 1);
	filter_match_name(f, "axe", NULL, &m);
	assert_int_equal(m.depth, 3);
	assert_true(filter_active(f));
	assert_int_equal(filter_rule_flags(f), FR_DEPTH | FR_FILTER);
	filter_free(f);
}

static void times_take_units(void **state)
{
	uint64_t ns = 0;

	(void)state;
	assert_int_equal(filter_parse_time("5us", &ns), 0);
	assert_true(ns == 5000);
	assert_int_equal(filter_parse_time("1.5ms", &ns), 0);
	assert_true(ns == 1500000);
	assert_int_equal(filter_parse_time("200ns", &ns), 0);
	assert_true(ns == 200);
	assert_int_equal(filter_parse_time("2s", &ns), 0);
	assert_true(ns == 2000000000ull);
	assert_int_equal(filter_parse_time("100", &ns), 0);
	assert_true(ns == 100);
	assert_int_equal(filter_parse_time("", &ns), -1);
	assert_int_equal(filter_parse_time("-5us", &ns), -1);
	assert_int_equal(filter_parse_time("5 us", &ns), -1);
	assert_int_equal(filter_parse_time("5usec", &ns), -1);
	assert_int_equal(filter_parse_time("us", &ns), -1);
}

static void ranges_have_open_ends(void **state)
{
	uint64_t a, b;

	(void)state;
	assert_int_equal(filter_parse_range("1ms~2ms", &a, &b), 0);
	assert_true(a == 1000000 && b == 2000000);
	assert_int_equal(filter_parse_range("~2ms", &a, &b), 0);
	assert_true(a == 0 && b == 2000000);
	assert_int_equal(filter_parse_range("3us~", &a, &b), 0);
	assert_true(a == 3000 && b == UINT64_MAX);
	assert_int_equal(filter_parse_range("2ms~1ms", &a, &b), -1);
	assert_int_equal(filter_parse_range("2ms", &a, &b), -1);
	assert_int_equal(filter_parse_range("1~2~3", &a, &b), -1);
}

static void settings_alone_make_a_filter_active(void **state)
{
	struct filter *f = filter_new(false);

	(void)state;
	assert_false(filter_active(f));
	filter_set_depth(f, 2);
	assert_true(filter_active(f));
	filter_free(f);
	f = filter_new(false);
	filter_set_disabled(f, true);
	assert_true(filter_active(f));
	filter_free(f);
}

/* Writes the record-time table of f for this test program; returns the header's flags. */
static unsigned table_of(const struct filter *f, char *text, size_t size)
{
	char path[] = "/tmp/test_filter.XXXXXX", exe[PATH_MAX];
	int fd = mkstemp(path);
	unsigned flags = 0;
	FILE *in;
	size_t n;

	assert_true(fd >= 0);
	close(fd);
	/* the program's real name: its module name is test_filter */
	assert_non_null(realpath("/proc/self/exe", exe));
	assert_true(filter_write_table(f, exe, path, DEMANGLE_SIMPLE, false, false) >= 0);
	in = fopen(path, "r");
	assert_non_null(in);
	n = fread(text, 1, size - 1, in);
	text[n] = '\0';
	fclose(in);
	unlink(path);
	assert_non_null(strstr(text, "\nflags "));
	sscanf(strstr(text, "\nflags ") + 7, "%x", &flags);
	return flags;
}

static void table_header_carries_time_range_and_clock_rate(void **state)
{
	struct filter *f = filter_new(false);
	char text[8192];
	uint64_t from, to;

	(void)state;
	filter_set_time(f, 5000);
	assert_int_equal(filter_parse_range("1ms~2ms", &from, &to), 0);
	filter_set_range(f, from, to);
	table_of(f, text, sizeof(text));
	assert_non_null(strstr(text, MCF_MAGIC " 3\n"));
	assert_non_null(strstr(text, "\ntime 5000\n"));
	assert_non_null(strstr(text, "\nrange 1000000 2000000\n"));
	assert_non_null(strstr(text, "\nhz 1000000000\n")); /* no TSC: ticks are ns */
	filter_free(f);
}

/* the library functions this test program imports (mkstemp, unlink, fopen) get plt lines */
static void table_names_the_imports_that_plt_and_module_rules_match(void **state)
{
	struct filter *f = filter_new(false);
	char text[16384];

	(void)state;
	assert_int_equal(filter_add(f, 'F', "mkstemp@plt", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'N', "unlink@libc", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'N', "fopen@test_filter", err, sizeof(err)), 0);
	assert_int_equal(filter_add(f, 'T', "^fopen$@trace_off", err, sizeof(err)), 0);
	table_of(f, text, sizeof(text));
	assert_non_null(strstr(text, "\nplt mkstemp * 1 0 0\n"));
	assert_non_null(strstr(text, "\nplt unlink libc 2 0 0\n"));
	/* the program's own module names none of its library calls; a plain pattern names them */
	assert_null(strstr(text, "\nplt fopen * 2 "));
	assert_null(strstr(text, "\nplt fopen test_filter"));
	assert_non_null(strstr(text, "\nplt fopen * 40 0 0\n"));
	filter_free(f);
}

static void table_flags_say_which_exits_take_calls_back(void **state)
{
	struct filter *f = filter_new(false);
	char text[8192];

	(void)state;
	assert_int_equal(table_of(f, text, sizeof(text)) &
				 (MCF_HAS_TIME | MCF_HAS_CALLER | MCF_HAS_RANGE),
			 0);
	assert_int_equal(filter_add(f, 'T', "main@time=1us", err, sizeof(err)), 0);
	assert_int_equal(table_of(f, text, sizeof(text)) & (MCF_HAS_TIME | MCF_HAS_CALLER),
			 MCF_HAS_TIME);
	assert_int_equal(filter_add(f, 'C', "main", err, sizeof(err)), 0);
	assert_int_equal(table_of(f, text, sizeof(text)) & (MCF_HAS_TIME | MCF_HAS_CALLER),
			 MCF_HAS_TIME | MCF_HAS_CALLER);
	/* main is in this program: its line carries -C and time= (1000 ns) */
	assert_non_null(strstr(text, " 208 0 1000\n"));
	filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_pattern_matches_the_whole_name_only),
		cmocka_unit_test(regex_pattern_searches_the_name),
		cmocka_unit_test(glob_pattern_matches_the_whole_name),
		cmocka_unit_test(module_suffix_restricts_the_match),
		cmocka_unit_test(bad_regex_is_an_error_naming_the_pattern),
		cmocka_unit_test(trigger_actions_are_parsed),
		cmocka_unit_test(trigger_takes_a_module_token),
		cmocka_unit_test(uftrace_action_spellings_are_actions_not_modules),
		cmocka_unit_test(the_later_of_filter_and_notrace_wins),
		cmocka_unit_test(bad_triggers_are_errors_naming_the_trigger),
		cmocka_unit_test(rules_merge_and_the_smallest_depth_wins),
		cmocka_unit_test(times_take_units),
		cmocka_unit_test(ranges_have_open_ends),
		cmocka_unit_test(settings_alone_make_a_filter_active),
		cmocka_unit_test(table_header_carries_time_range_and_clock_rate),
		cmocka_unit_test(table_flags_say_which_exits_take_calls_back),
		cmocka_unit_test(table_names_the_imports_that_plt_and_module_rules_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
