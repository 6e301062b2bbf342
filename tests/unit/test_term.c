/* SPDX-License-Identifier: MIT */
/* Unit tests for cmd/term.c and the coloured duration of cmd/output.c: --color and NO_COLOR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"
#include "term.h"

static const char *duration(uint64_t ns, bool color)
{
	static char buf[64];

	*put_duration_color(buf, ns, color) = '\0';
	return buf;
}

static void microseconds_are_plain(void **state)
{
	(void)state;
	assert_string_equal(duration(999999, true), "999.999 us");
}

static void milliseconds_are_yellow(void **state)
{
	(void)state;
	assert_string_equal(duration(1000000, true), TERM_YELLOW "  1.000 ms" TERM_RESET);
	assert_string_equal(duration(999999999, true), TERM_YELLOW "999.999 ms" TERM_RESET);
}

static void seconds_and_more_are_alarming(void **state)
{
	(void)state;
	assert_string_equal(duration(1000000000, true), TERM_ALARM "  1.000  s" TERM_RESET);
	assert_string_equal(duration(1200000000000ull, true), TERM_ALARM " 20.000  m" TERM_RESET);
}

static void no_color_is_the_plain_column(void **state)
{
	(void)state;
	assert_string_equal(duration(2000000000, false), "  2.000  s");
}

static void always_and_never_ignore_no_color(void **state)
{
	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_true(term_color_wanted("always"));
	assert_false(term_color_wanted("never"));
	assert_false(term_color_wanted("auto"));
	assert_false(term_color_wanted(NULL));
	unsetenv("NO_COLOR");
}

static void auto_is_off_when_stdout_is_no_terminal(void **state)
{
	(void)state;
	if (isatty(STDOUT_FILENO))
		skip();
	setenv("NO_COLOR", "", 1);		 /* empty: does not count */
	assert_false(term_color_wanted("auto")); /* cmocka's stdout here is a file or pipe */
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(microseconds_are_plain),
		cmocka_unit_test(milliseconds_are_yellow),
		cmocka_unit_test(seconds_and_more_are_alarming),
		cmocka_unit_test(no_color_is_the_plain_column),
		cmocka_unit_test(always_and_never_ignore_no_color),
		cmocka_unit_test(auto_is_off_when_stdout_is_no_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
