/* SPDX-License-Identifier: MIT */
/* libmcount start-up and shutdown: the order in which its services start, fork and process exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mcount.h"
#include "record_filter.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* A new process image (start or fork child): its own session, maps and task line. */
static void process_start(pid_t ppid, bool forked)
{
	mc_cfg.pid = getpid();
	mc_cfg.session = mc_clock();
	mc_save_maps();
	mc_task_log_image(forked, ppid);
}

static uint8_t mark_before_init = 1;
HIDDEN volatile uint8_t *mc_proc_mark = &mark_before_init;

/* The page that a child forked without our handler sees zeroed (kernels before 4.14: no such
 * page, and such a child is not told apart). */
static void proc_mark_init(void)
{
	uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	if (madvise(p, 4096, MADV_WIPEONFORK) != 0) {
		munmap(p, 4096);
		return;
	}
	p[0] = 1;
	mc_proc_mark = p;
}

/* fork: the child keeps the parent's shadow stack (its frames will return in the child) but needs a
 * stream of its own; the inherited mapping of the parent's chunk must never be written. */
static void atfork_child(void)
{
	struct mc_thread *t = &mc_th;
	pid_t parent = mc_cfg.pid;

	*mc_proc_mark = 1;

	if (t->map)
		munmap(t->map, mc_cfg.chunk_size);
	t->map = NULL;
	t->chunk = NULL;
	mc_stream_pool_drain(false); /* the parent's, which it goes on using */
	mc_sched_forked();
	t->seq = 0;
	t->lost = 0;
	t->inherited = t->depth;
	t->state = (t->state == MC_TRACING || t->state == MC_UNINIT) ? MC_UNINIT : t->state;
	process_start(parent, true);
}

/* A raw clone child found by mc_check_process(): what the fork handler would have done, then the
 * stream it would have opened on its next record. */
static void process_changed_cb(void *arg)
{
	struct mc_thread *t = arg;
	bool tracing = t->state == MC_TRACING;
	int saved = errno;

	atfork_child();
	if (tracing)
		mc_thread_start(t);
	errno = saved;
}

void mc_process_changed(void)
{
	int guard = mc_th.guard;

	mc_th.guard = 1;
	mc_call_saving_fp(process_changed_cb, &mc_th);
	mc_th.guard = guard;
}

/*
 * A CET shadow stack makes every hijacked return fatal (#CP): the hardware compares the return
 * address with its own copy. `ftrace record` disables it through GLIBC_TUNABLES; if it is still on,
 * say so once and record nothing through mcount/__fentry__ rather than kill the program. Read from
 * /proc/self/status, not asked of arch_prctl(ARCH_SHSTK_STATUS): a seccomp filter inherited through
 * exec may allow open and read but not that arch_prctl.
 */
static void check_shadow_stack(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	const char *p;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strstr(buf, "x86_Thread_features:");
	if (!p || !strstr(p, "shstk") || strchr(p, '\n') < strstr(p, "shstk"))
		return;
	mc_cfg.no_hijack = true;
	mc_task_log_stop(getpid(), FT_STOP_IO,
			 "CET shadow stack active: -pg/-mfentry calls cannot be traced");
	static const char msg[] =
		"ftrace: CET shadow stack is active: -pg/-mfentry calls are not traced; run with "
		"GLIBC_TUNABLES=glibc.cpu.hwcaps=-SHSTK or rebuild with -finstrument-functions\n";
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to say */
	}
}

/*
 * The guard is up during start-up: what it calls may enter instrumented code (the program's own
 * -pg malloc), whose mcount must return at once rather than wait for the pthread_once in progress
 * on this very thread. Start-up itself never allocates: the program's allocator may be the one
 * whose first call is starting us.
 */
static void init_once_fn(void)
{
	int saved = errno, guard = mc_th.guard;

	mc_th.guard = 1;

	mc_config_read();
	if (mc_cfg.ready) {
		mc_threads_init();
		mc_sched_init();
		pthread_atfork(NULL, NULL, atfork_child);
		proc_mark_init();
		mc_counters_map();
		process_start(getppid(), false);
		check_shadow_stack();
		mc_signals_init();
		mc_unwind_init();
		mc_task_init();
		mc_args_init();
		mc_filter_init(); /* the PLT slots take their rules from the table */
		mc_plthook_init();
	}
	mc_th.guard = guard;
	errno = saved;
}

/* Returns once start-up is complete, whichever thread ran it. */
void mc_init(void)
{
	pthread_once(&init_once, init_once_fn);
}

__attribute__((constructor)) static void libmcount_ctor(void)
{
	mc_init();
}

/* Runs after the program's own destructors: the main thread's stream is closed here. */
__attribute__((destructor)) static void libmcount_dtor(void)
{
	uint64_t lost;

	mc_check_process();
	mc_plthook_rescan(); /* a dlopen with no library call after it: its object still needs the
				maps */
	mc_thread_finish(&mc_th, FT_AB_EXIT);
	mc_stream_pool_drain(true);
	mc_task_log_end(); /* threads still blocked stop here */
	mc_sched_wait_taken();
	lost = __atomic_load_n(&mc_lost_unreported, __ATOMIC_RELAXED);
	if (lost)
		mc_task_log_lost(lost);
}
