/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/tasks.c: the one task-log parser, line by line and per process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tasks.h"
#include "trace_format.h"

/* A data directory whose task log is text. */
static char *dir_with_log(const char *text)
{
	char *dir = strdup("/tmp/test_tasks.XXXXXX"), path[128];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, FT_TASK_FILE);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return dir;
}

static void dir_free(char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, FT_TASK_FILE);
	unlink(path);
	rmdir(dir);
	free(dir);
}

struct seen {
	char lines[16][160];
	unsigned n;
};

static void record_line(void *ctx, const struct task_line *l)
{
	struct seen *s = ctx;

	assert_true(s->n < 16);
	snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%llu %d %u %u [%s]%s",
		 (unsigned long long)l->tick, (int)l->kind, l->pid, l->arg, l->text,
		 l->sig ? " sig" : "");
}

static void each_line_splits_every_kind(void **state)
{
	char *dir = dir_with_log("10 start 100 1 /bin/prog\n"
				 "11 cmdline 100 prog -x 3\n"
				 "12 thread 100 101\n"
				 "13 fork 200 100 /bin/prog\n"
				 "14 exec 200 /bin/other\n"
				 "15 exit 200 3\n"
				 "16 stop 100 101 2 stack too deep\n"
				 "17 signal 100 101 11 0x4 5 4011a0,401200\n"
				 "18 lost 100 7\n"
				 "19 signal 300\n"
				 "20 end 100\n");
	struct seen s = {.n = 0};

	(void)state;
	assert_int_equal(task_log_each(dir, record_line, &s), 0);
	assert_int_equal(s.n, 11);
	assert_string_equal(s.lines[0], "10 0 100 1 [/bin/prog]");
	assert_string_equal(s.lines[1], "11 2 100 0 [prog -x 3]");
	assert_string_equal(s.lines[2], "12 3 100 101 []");
	assert_string_equal(s.lines[3], "13 1 200 100 [/bin/prog]");
	assert_string_equal(s.lines[4], "14 4 200 0 [/bin/other]");
	assert_string_equal(s.lines[5], "15 5 200 3 []");
	assert_string_equal(s.lines[6], "16 6 100 101 [stack too deep]");
	assert_string_equal(s.lines[7], "17 7 100 0 [] sig");
	assert_string_equal(s.lines[8], "18 8 100 7 []");
	/* a signal line with only its pid still says the process died; sig is NULL */
	assert_string_equal(s.lines[9], "19 7 300 0 []");
	assert_string_equal(s.lines[10], "20 9 100 0 []");
	dir_free(dir);
}

static void malformed_and_unknown_lines_are_skipped(void **state)
{
	char *dir = dir_with_log("x start 1 2 /a\n"
				 "20 start one 2 /a\n"
				 "21 thread 5\n"
				 "22 someday 1 2 3\n"
				 "23\n"
				 "\n"
				 "24 exit 9 0"); /* the last line has no newline: still read */
	struct seen s = {.n = 0};

	(void)state;
	assert_int_equal(task_log_each(dir, record_line, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.lines[0], "24 5 9 0 []");
	dir_free(dir);
}

static void missing_log_is_minus_one(void **state)
{
	struct seen s = {.n = 0};
	struct task_log log;

	(void)state;
	assert_int_equal(task_log_each("/nonexistent/ftrace.data", record_line, &s), -1);
	assert_int_equal(s.n, 0);
	assert_int_equal(task_log_load("/nonexistent/ftrace.data", &log), -1);
	assert_int_equal(log.n, 0);
}

static void load_gathers_processes(void **state)
{
	char *dir = dir_with_log("10 start 100 1 /bin/prog\n"
				 "11 cmdline 100 prog -x\n"
				 "12 thread 100 100\n"
				 "13 fork 200 100 /bin/prog\n"
				 "14 thread 200 200\n"
				 "15 start 200 100 /usr/bin/other\n"
				 "16 thread 200 200\n"
				 "17 exit 200 3\n"
				 "18 stop 100 100 2 out of memory\n"
				 "19 signal 100 100 11 0x4 5 4011a0\n"
				 "20 lost 100 7\n"
				 "21 lost 200 2\n");
	struct task_log log;
	struct task *t;

	(void)state;
	assert_int_equal(task_log_load(dir, &log), 0);
	assert_int_equal(log.n, 2);
	t = task_log_find(&log, 100);
	assert_non_null(t);
	assert_false(t->forked);
	assert_string_equal(t->exe, "/bin/prog");
	assert_string_equal(t->cmdline, "prog -x");
	assert_int_equal(t->exit_code, -1);
	assert_int_equal(t->signo, 11);
	t = task_log_find(&log, 200);
	assert_non_null(t);
	assert_true(t->forked);
	assert_int_equal(t->ppid, 100);
	assert_string_equal(t->images, "prog -> other");
	assert_int_equal(t->ntids, 1); /* the same thread in its exec'd image counts once */
	assert_int_equal(t->exit_code, 3);
	assert_int_equal(log.nsigs, 1);
	assert_int_equal(log.sigs[0].addr, 4);
	assert_int_equal(log.sigs[0].session, 5);
	assert_string_equal(log.sigs[0].frames, "4011a0");
	assert_int_equal(log.lost, 9);
	assert_int_equal(log.nstops, 1);
	assert_string_equal(log.stops[0], "pid 100 tid 100: out of memory");
	task_log_free(&log);
	dir_free(dir);
}

/* A process's program is the base name of its last image: exec'd, forked, unknown. */
static void program_is_the_last_image(void **state)
{
	char *dir = dir_with_log("10 start 100 1 /bin/prog\n"
				 "11 fork 200 100 /bin/prog\n"
				 "12 start 200 100 /usr/bin/other\n"
				 "13 start 300 100 plain\n");
	struct task_log log;

	(void)state;
	assert_int_equal(task_log_load(dir, &log), 0);
	assert_string_equal(task_log_program(&log, 100), "prog");
	assert_string_equal(task_log_program(&log, 200), "other");
	assert_string_equal(task_log_program(&log, 300), "plain");
	assert_null(task_log_program(&log, 400));
	task_log_free(&log);
	dir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_line_splits_every_kind),
		cmocka_unit_test(malformed_and_unknown_lines_are_skipped),
		cmocka_unit_test(missing_log_is_minus_one),
		cmocka_unit_test(load_gathers_processes),
		cmocka_unit_test(program_is_the_last_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
