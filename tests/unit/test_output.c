/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/output.c's buffer: items longer than the buffer are written whole. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"

/* Everything written to fd from the start, NUL-terminated; *len is its length. */
static char *written(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char *s = malloc((size_t)end + 1);

	assert_non_null(s);
	assert_int_equal(pread(fd, s, (size_t)end, 0), end);
	s[end] = '\0';
	*len = (size_t)end;
	return s;
}

/* One line of a name 'n' long between "a(" and ")\n", the way replay formats a call. */
static void put_line(struct out *o, char c, size_t n)
{
	char *p = out_begin(o, n + 16);

	p = PUT_LIT(p, "a(");
	memset(p, c, n);
	p += n;
	p = PUT_LIT(p, ")\n");
	out_end(o, p);
}

/* A line of 3 x OUT_SIZE between two short ones: all three whole and in order (the buffer once
 * dropped a line longer than itself). */
static void long_item_is_written_whole(void **state)
{
	int fd = memfd_create("out", 0);
	size_t big = 3 * (size_t)OUT_SIZE, len;
	struct out o;
	char *s;

	(void)state;
	assert_true(fd >= 0);
	out_init(&o, fd);
	put_line(&o, 'x', 10);
	put_line(&o, 'y', big);
	put_line(&o, 'z', 10);
	assert_int_equal(out_close(&o), 0);
	s = written(fd, &len);
	assert_int_equal(len, 3 * 4 + 20 + big);
	assert_memory_equal(s, "a(xxxxxxxxxx)\na(", 16);
	for (size_t i = 0; i < big; i++)
		if (s[16 + i] != 'y')
			fail_msg("byte %zu of the long item is '%c'", i, s[16 + i]);
	assert_string_equal(s + 16 + big, ")\na(zzzzzzzzzz)\n");
	free(s);
	close(fd);
}

/* Items of exactly the buffer's size, after a partly filled buffer, flush it and fit. */
static void item_of_buffer_size_fits(void **state)
{
	int fd = memfd_create("out", 0);
	size_t len;
	struct out o;
	char *s, *p;

	(void)state;
	assert_true(fd >= 0);
	out_init(&o, fd);
	out_str(&o, "head\n", 5);
	p = out_begin(&o, OUT_SIZE);
	assert_ptr_equal(p, o.buf); /* the buffer was flushed to make room */
	memset(p, 'q', OUT_SIZE);
	out_end(&o, p + OUT_SIZE);
	assert_int_equal(out_close(&o), 0);
	s = written(fd, &len);
	assert_int_equal(len, 5 + OUT_SIZE);
	assert_memory_equal(s, "head\nqqq", 8);
	assert_int_equal(s[len - 1], 'q');
	free(s);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_item_is_written_whole),
		cmocka_unit_test(item_of_buffer_size_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
