/* SPDX-License-Identifier: MIT */
/* Unit tests for libmcount's stream writer: records written by the real libmcount code (buffer.c,
 * stream.h), read back through the analyser's reader, whose two decoders must agree on them. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "mcount.h"
#include "stream.h"
#include "trace_reader.h"

#include "testdir.h"

#define CHUNK	  FT_CHUNK_SIZE_MIN
#define MAXREC	  110000
#define ADDR_BASE 0x401000u

/* libmcount's hooks are not linked: the one assembly helper buffer.c needs runs fn directly */
void mc_call_saving_fp(void (*fn)(void *), void *arg)
{
	fn(arg);
}

/* init.c and signal.c are not linked either: one process, no alternate signal stack */
static uint8_t same_process = 1;
volatile uint8_t *mc_proc_mark = &same_process;

void mc_task_log_comm(pid_t tid) /* task.c reads /proc: not part of what is tested here */
{
	(void)tid;
}

void mc_process_changed(void)
{
}

void mc_altstack_init(struct mc_thread *t)
{
	(void)t;
}

static char dir[] = "/tmp/ftrace-test-buffer-XXXXXX";
static struct mc_thread th;
static struct mc_frame frames[64];
static uint64_t t0; /* the stream's first tick */

struct got {
	struct tr_rec rec[MAXREC];
	uint8_t data[MAXREC][16]; /* the first bytes of each record's payload or args */
	uint32_t len[MAXREC];	  /* and their length */
	int n, rc;
};

static struct got plain, staged;

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/ftrace-test-buffer-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	testdir_info(dir, CHUNK, NULL);
	memset(&mc_cfg, 0, sizeof(mc_cfg));
	strcpy(mc_cfg.dir, dir);
	mc_cfg.dir_len = (int)strlen(dir);
	mc_cfg.chunk_size = CHUNK;
	mc_cfg.max_depth = 64;
	mc_cfg.pid = getpid();
	mc_cfg.session = 1;
	mc_cfg.ready = true;
	memset(&th, 0, sizeof(th));
	th.frames = frames;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return testdir_remove(dir);
}

/* opens the thread's stream as its first hooked call would */
static void start(void)
{
	assert_true(mc_thread_start(&th));
	t0 = th.last_time;
}

/* a call entered at t0 + at, pushed on the shadow stack as mcount.c does */
static void enter(uint64_t at, uint64_t addr)
{
	mc_write_entry(&th, t0 + at, addr);
	th.frames[th.depth++] = (struct mc_frame){.addr = addr, .time = t0 + at};
}

static void leave(uint64_t at)
{
	mc_write_exit(&th, t0 + at);
	th.depth--;
}

static int pass_through(void *ctx, struct trace_reader *r, struct tr_thread *t, struct tr_rec *rec)
{
	(void)ctx;
	return trace_reader_pull(r, t, rec);
}

/* Reads the whole trace; a pass-through stage keeps the reader off its fast path (decode_run),
 * so every record goes through decode_one. */
static void read_trace(struct got *g, unsigned flags, bool slow)
{
	struct trace_reader *r = trace_reader_open(dir, flags);

	assert_non_null(r);
	if (slow)
		trace_reader_set_stage(r, pass_through, NULL, NULL);
	g->n = 0;
	while (g->n < MAXREC && (g->rc = trace_reader_next(r, &g->rec[g->n])) > 0) {
		struct tr_rec *x = &g->rec[g->n];
		const uint8_t *d = x->payload ? x->payload : x->args;
		uint32_t len = x->payload ? x->payload_len : x->args_len;

		g->len[g->n] = len;
		memset(g->data[g->n], 0, sizeof(g->data[0]));
		if (d)
			memcpy(g->data[g->n], d, len < 16 ? len : 16);
		/* pointers are valid only until the next record: data[] holds what they pointed to
		 */
		x->payload = x->args = x->retval = NULL;
		x->payload_len = x->args_len = x->retval_len = 0;
		g->n++;
	}
	trace_reader_close(r);
}

/* every field (not memcmp: the reader fills records from compound literals, padding is not
 * defined), payloads by content */
static bool same_rec(const struct tr_rec *x, const struct tr_rec *y)
{
	return x->time == y->time && x->duration == y->duration && x->addr == y->addr &&
	       x->pid == y->pid && x->tid == y->tid && x->depth == y->depth && x->type == y->type &&
	       x->abandon == y->abandon && x->inherited == y->inherited && x->event == y->event &&
	       x->session == y->session && x->payload_len == y->payload_len &&
	       x->args_len == y->args_len && x->retval_len == y->retval_len &&
	       !x->payload == !y->payload && !x->args == !y->args && !x->retval == !y->retval &&
	       (!x->payload_len || !memcmp(x->payload, y->payload, x->payload_len)) &&
	       (!x->args_len || !memcmp(x->args, y->args, x->args_len)) &&
	       (!x->retval_len || !memcmp(x->retval, y->retval, x->retval_len));
}

static void same(const struct got *a, const struct got *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->rc, b->rc);
	for (int i = 0; i < a->n; i++) {
		assert_true(same_rec(&a->rec[i], &b->rec[i]));
		assert_int_equal(a->len[i], b->len[i]);
		assert_memory_equal(a->data[i], b->data[i], sizeof(a->data[i]));
	}
}

/* Both decoders, with and without leaf folding and merging, read the same records; `plain` holds
 * the unfolded read for the case to check. */
static void read_both_ways(void)
{
	static const unsigned flags[] = {TR_FOLD_LEAF, TR_NO_MERGE, TR_FOLD_LEAF | TR_NO_MERGE, 0};

	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		read_trace(&plain, flags[i], false);
		read_trace(&staged, flags[i], true);
		same(&plain, &staged);
	}
	assert_int_equal(plain.rc, 0);
}

static void check(int i, unsigned type, uint64_t addr, uint32_t depth)
{
	assert_true(i < plain.n);
	assert_int_equal(plain.rec[i].type, type);
	if (type != TR_EVENT)
		assert_int_equal(plain.rec[i].addr, addr);
	assert_int_equal(plain.rec[i].depth, depth);
}

/* ---- cases ---- */

static void calls_and_durations_read_back(void **state)
{
	(void)state;
	start();
	enter(100, ADDR_BASE);
	enter(250, ADDR_BASE + 0x40);
	leave(400);
	enter(500, ADDR_BASE - 0x1000); /* a negative address delta */
	leave(700);
	leave(1000);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	assert_int_equal(plain.n, 6);
	check(0, TR_ENTRY, ADDR_BASE, 0);
	check(1, TR_ENTRY, ADDR_BASE + 0x40, 1);
	check(2, TR_EXIT, ADDR_BASE + 0x40, 1);
	assert_int_equal(plain.rec[2].duration, 150);
	check(3, TR_ENTRY, ADDR_BASE - 0x1000, 1);
	check(4, TR_EXIT, ADDR_BASE - 0x1000, 1);
	assert_int_equal(plain.rec[4].duration, 200);
	check(5, TR_EXIT, ADDR_BASE, 0);
	assert_int_equal(plain.rec[5].duration, 900);
	assert_int_equal(plain.rec[5].time - plain.rec[0].time, 900);
}

/* another CPU's clock a few ticks behind: the stream never goes back in time */
static void clock_going_back_is_clamped(void **state)
{
	(void)state;
	start();
	enter(1000, ADDR_BASE);
	leave(900);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	assert_int_equal(plain.n, 2);
	check(1, TR_EXIT, ADDR_BASE, 0);
	assert_int_equal(plain.rec[1].duration, 0);
}

static void events_and_arguments_read_back(void **state)
{
	static const uint8_t args[] = {1, FT_ARG_INT, 6}; /* a1 = 3 (zigzag) */
	static const uint8_t bt[] = {2, 0x81, 0x20, 0x82, 0x20};
	uint64_t sig[3] = {11, 0x1234, 0};

	(void)state;
	start();
	enter(100, ADDR_BASE);
	mc_emit_attached(&th, FT_EV_ARGS, args, sizeof(args));
	mc_emit_payload(&th, t0 + 150, FT_EV_BACKTRACE, bt, sizeof(bt));
	mc_emit_event(&th, t0 + 200, FT_EV_SIGNAL, sig, 3);
	leave(300);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	check(0, TR_ENTRY, ADDR_BASE, 0);
	assert_int_equal(plain.len[0], sizeof(args));
	assert_memory_equal(plain.data[0], args, sizeof(args));
	check(1, TR_EVENT, 0, 1);
	assert_int_equal(plain.rec[1].event, FT_EV_BACKTRACE);
	assert_int_equal(plain.len[1], sizeof(bt));
	assert_memory_equal(plain.data[1], bt, sizeof(bt));
	assert_int_equal(plain.rec[1].time - plain.rec[0].time, 50);
	check(2, TR_EVENT, 0, 1);
	assert_int_equal(plain.rec[2].event, FT_EV_SIGNAL);
	assert_int_equal(plain.data[2][0], 11);
	check(3, TR_EXIT, ADDR_BASE, 0);
	assert_int_equal(plain.rec[3].duration, 200);
}

/* a fork child's first chunk names the frames it inherited (a CONTEXT event): their exits read as
 * exits of those frames */
static void inherited_frames_close_in_the_child(void **state)
{
	(void)state;
	th.frames[0] = (struct mc_frame){.addr = ADDR_BASE, .time = 5};
	th.frames[1] = (struct mc_frame){.addr = ADDR_BASE + 0x80, .time = 7};
	th.depth = th.inherited = 2;
	start();
	enter(100, ADDR_BASE + 0x100);
	leave(200);
	leave(300);
	leave(400);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	assert_int_equal(plain.n, 6);
	check(0, TR_ENTRY, ADDR_BASE, 0); /* the reader opens them first */
	check(1, TR_ENTRY, ADDR_BASE + 0x80, 1);
	check(2, TR_ENTRY, ADDR_BASE + 0x100, 2);
	check(3, TR_EXIT, ADDR_BASE + 0x100, 2);
	check(4, TR_EXIT, ADDR_BASE + 0x80, 1);
	check(5, TR_EXIT, ADDR_BASE, 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(plain.rec[i].inherited, i != 2 && i != 3);
}

/* enough calls for many chunks: each continues the stack of the one before */
static void calls_span_chunks(void **state)
{
	const int calls = 50000;
	int i;

	(void)state;
	start();
	enter(1, ADDR_BASE);
	for (i = 0; i < calls; i++) {
		enter(10 + 10 * (uint64_t)i, ADDR_BASE + 0x10 * (uint64_t)(i % 700));
		leave(15 + 10 * (uint64_t)i);
	}
	leave(20 + 10 * (uint64_t)calls);
	assert_true(th.seq >= 3);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	assert_int_equal(plain.n, 2 * calls + 2);
	for (i = 0; i < calls; i++) {
		check(1 + 2 * i, TR_ENTRY, ADDR_BASE + 0x10 * (uint64_t)(i % 700), 1);
		check(2 + 2 * i, TR_EXIT, ADDR_BASE + 0x10 * (uint64_t)(i % 700), 1);
		assert_int_equal(plain.rec[2 + 2 * i].duration, 5);
	}
	check(2 * calls + 1, TR_EXIT, ADDR_BASE, 0);
}

/* frames still open when the thread ends are closed by one ABANDON event, with the reason */
static void open_frames_are_abandoned_at_finish(void **state)
{
	(void)state;
	start();
	enter(100, ADDR_BASE);
	enter(200, ADDR_BASE + 0x40);
	mc_thread_finish(&th, FT_AB_EXIT);
	read_both_ways();
	assert_int_equal(plain.n, 4);
	check(2, TR_EXIT, ADDR_BASE + 0x40, 1);
	assert_int_equal(plain.rec[2].abandon, FT_AB_EXIT);
	check(3, TR_EXIT, ADDR_BASE, 0);
	assert_int_equal(plain.rec[3].abandon, FT_AB_EXIT);
}

static struct mc_thread th2;
static struct mc_frame frames2[64];

/* a thread that starts after the first one ended, makes one call and ends */
static void *second_thread(void *arg)
{
	uint64_t t;

	(void)arg;
	th2 = (struct mc_thread){.frames = frames2};
	if (!mc_thread_start(&th2))
		return NULL;
	t = th2.last_time;
	mc_write_entry(&th2, t + 10, ADDR_BASE + 0x80);
	mc_write_exit(&th2, t + 20);
	mc_thread_retire(&th2);
	return &th2;
}

static int count_streams(void)
{
	char cmd[700];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c '\\.dat$'", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* A thread that starts after another ended continues its stream (no new file): its chunk follows
 * the ended thread's, with its own tid; the file is renamed first, so that a thread that gets the
 * ended one's tid later starts a file of its own. */
static void ended_threads_stream_is_continued(void **state)
{
	char named[600], taken[600];
	struct stat st;
	pthread_t p;
	void *ret;

	(void)state;
	start();
	enter(10, ADDR_BASE);
	leave(20);
	mc_thread_retire(&th);
	snprintf(named, sizeof(named), "%s/%d.dat", dir, (int)th.tid);
	snprintf(taken, sizeof(taken), "%s/%d-%d.dat", dir, (int)th.tid, (int)getpid());
	assert_int_not_equal(access(named, F_OK), 0);
	assert_int_equal(access(taken, F_OK), 0);
	assert_int_equal(pthread_create(&p, NULL, second_thread, NULL), 0);
	assert_int_equal(pthread_join(p, &ret), 0);
	assert_non_null(ret);
	assert_true(th2.taken);
	assert_int_equal(th2.file_tid, th.tid);
	assert_int_not_equal(th2.tid, th.tid);
	mc_stream_pool_drain(true); /* the process ends: the file is cut after the last record */
	assert_int_equal(stat(taken, &st), 0);
	assert_int_equal(st.st_size, 4096);
	assert_int_equal(count_streams(), 1);
	read_both_ways();
	assert_int_equal(plain.n, 4);
	check(0, TR_ENTRY, ADDR_BASE, 0);
	check(1, TR_EXIT, ADDR_BASE, 0);
	assert_int_equal(plain.rec[1].tid, th.tid);
	check(2, TR_ENTRY, ADDR_BASE + 0x80, 0);
	check(3, TR_EXIT, ADDR_BASE + 0x80, 0);
	assert_int_equal(plain.rec[3].tid, th2.tid);
	assert_int_equal(plain.rec[3].duration, 10);
}

/* ---- any data directory: `test_buffer DIR...` (the e2e cases run it on every trace they record)
 */

/* Reads dir with both decoders in lockstep: 0 when they agree record by record. */
static int compare_decoders(const char *path, unsigned flags)
{
	struct trace_reader *fast = trace_reader_open(path, flags), *slow;
	struct tr_rec x, y;
	unsigned long n = 0;
	int a, b;

	if (!fast)
		return 1;
	slow = trace_reader_open(path, flags);
	if (!slow) {
		trace_reader_close(fast);
		return 1;
	}
	trace_reader_set_stage(slow, pass_through, NULL, NULL);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	do {
		a = trace_reader_next(fast, &x);
		b = trace_reader_next(slow, &y);
		n++;
	} while (a > 0 && b > 0 && same_rec(&x, &y));
	trace_reader_close(fast);
	trace_reader_close(slow);
	if (a != b || a > 0) {
		fprintf(stderr,
			"test_buffer: '%s' (flags %#x): the decoders disagree at record %lu "
			"(fast: %d type %u addr %#llx time %llu, slow: %d type %u addr %#llx time "
			"%llu)\n",
			path, flags, n, a, x.type, (unsigned long long)x.addr,
			(unsigned long long)x.time, b, y.type, (unsigned long long)y.addr,
			(unsigned long long)y.time);
		return 1;
	}
	printf("%s (flags %#x): %lu records agree\n", path, flags, n - 1);
	return 0;
}

static int compare_dirs(int argc, char **argv)
{
	static const unsigned flags[] = {0, TR_FOLD_LEAF, TR_NO_MERGE, TR_FOLD_LEAF | TR_NO_MERGE};
	int bad = 0;

	for (int i = 1; i < argc; i++)
		for (unsigned f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
			bad |= compare_decoders(argv[i], flags[f]);
	return bad;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(calls_and_durations_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(clock_going_back_is_clamped, setup, teardown),
		cmocka_unit_test_setup_teardown(events_and_arguments_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(inherited_frames_close_in_the_child, setup,
						teardown),
		cmocka_unit_test_setup_teardown(calls_span_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(open_frames_are_abandoned_at_finish, setup,
						teardown),
		cmocka_unit_test_setup_teardown(ended_threads_stream_is_continued, setup, teardown),
	};

	if (argc > 1)
		return compare_dirs(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
