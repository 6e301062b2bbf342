/* SPDX-License-Identifier: MIT */
/* libmcount start-up and shutdown: settings from the environment, task log, memory maps, fork and
 * exit. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mcount.h"

HIDDEN struct mc_config mc_cfg;
static pthread_key_t thread_key;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

uint64_t mc_clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static unsigned long env_number(const char *name, unsigned long def, unsigned long min,
				unsigned long max)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	v = strtoul(s, &end, 10);
	if (*end || v < min || v > max)
		return def;
	return v;
}

/* Appending n bytes to fd stays within RLIMIT_FSIZE (no SIGXFSZ). */
static bool fits(int fd, size_t n)
{
	struct stat st;

	return fstat(fd, &st) != 0 || mc_fsize_allows((uint64_t)st.st_size + n);
}

/* One line, one write() with O_APPEND: lines from many processes never interleave. */
void mc_task_log(const char *fmt, ...)
{
	char line[4096];
	int fd, n, m;
	va_list ap;

	if (!mc_cfg.ready)
		return;
	n = snprintf(line, sizeof(line), "%llu ", (unsigned long long)mc_clock());
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n += m < 0 ? 0 : m;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fd = mc_open_data(FT_TASK_FILE, O_WRONLY | O_APPEND | O_CREAT);
	if (fd < 0)
		return;
	if (!fits(fd, (size_t)n)) {
		/* past RLIMIT_FSIZE the write would kill the program with SIGXFSZ */
	} else if (write(fd, line, (size_t)n) != n) {
		/* nothing sensible to do: the task log is best effort, the streams are not */
	}
	close(fd);
}

/*
 * Appends a copy of /proc/self/maps to <pid>-<session>.maps, after a line with the tick it was
 * taken at: the analyser names a call from the copy that held when it was made (dlopen A, dlclose,
 * dlopen B may load B where A was).
 */
void mc_save_maps(void)
{
	char buf[8192];
	int in, out, n;
	ssize_t got;

	in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return;
	out = mc_maps_open();
	if (out >= 0) {
		n = snprintf(buf, sizeof(buf), FT_MAPS_MARK "%llu\n",
			     (unsigned long long)mc_clock());
		if (fits(out, (size_t)n) && write(out, buf, (size_t)n) == n)
			while ((got = read(in, buf, sizeof(buf))) > 0)
				if (!fits(out, (size_t)got) || write(out, buf, (size_t)got) != got)
					break;
		mc_plthook_names(out); /* a fork child's file needs them too */
		mc_save_vdso(); /* its functions are mapped as "[vdso]": no file to read later */
		close(out);
	}
	close(in);
}

/* <pid>-<session>.maps of this process image, open for appending; -1 on failure. */
int mc_maps_open(void)
{
	char name[64];

	snprintf(name, sizeof(name), "%d-%llu.maps", (int)mc_cfg.pid,
		 (unsigned long long)mc_cfg.session);
	return mc_open_data(name, O_WRONLY | O_APPEND | O_CREAT);
}

static void exe_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
}

/* The command line, arguments separated by spaces, for the task log (info shows it). */
static void log_cmdline(void)
{
	char buf[2048];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	mc_task_log("cmdline %d %s", (int)mc_cfg.pid, buf);
}

/* A new process image (start or fork child): its own session, maps and task line. */
static void process_start(pid_t ppid, const char *how)
{
	char exe[4096];

	mc_cfg.pid = getpid();
	mc_cfg.session = mc_clock();
	mc_save_maps();
	exe_path(exe, sizeof(exe));
	mc_task_log("%s %d %d %s", how, (int)mc_cfg.pid, (int)ppid, exe);
	if (!strcmp(how, "start"))
		log_cmdline();
}

static void thread_exit(void *arg)
{
	mc_thread_finish(arg, FT_AB_EXIT);
	mc_altstack_fini(arg);
	mc_frames_release(arg);
}

HIDDEN void mc_thread_register(void)
{
	pthread_setspecific(thread_key, &mc_th);
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

	if (t->chunk)
		munmap(t->chunk, mc_cfg.chunk_size);
	t->chunk = NULL;
	t->seq = 0;
	t->lost = 0;
	t->inherited = t->depth;
	t->state = (t->state == MC_TRACING || t->state == MC_UNINIT) ? MC_UNINIT : t->state;
	process_start(parent, "fork");
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

/* A flight ring of `bytes` per thread: at least two chunks, so one is always complete. */
static void flight_config(unsigned long bytes)
{
	if (!bytes)
		return;
	mc_cfg.ring_chunks = (uint32_t)(bytes / mc_cfg.chunk_size);
	if (mc_cfg.ring_chunks < 2)
		mc_cfg.ring_chunks = 2;
}

static void read_config(void)
{
	const char *dir = getenv(FT_ENV_DIR), *clock = getenv(FT_ENV_CLOCK);
	unsigned long flight;

	if (!dir || !*dir || strlen(dir) >= sizeof(mc_cfg.dir))
		return;
	strcpy(mc_cfg.dir, dir);
	mc_cfg.dir_len = (int)strlen(dir);
	mc_cfg.use_tsc = clock && !strcmp(clock, "tsc");
	flight = env_number(FT_ENV_FLIGHT, 0, 0, 1ul << 40);
	mc_cfg.chunk_size = ft_chunk_size(env_number(FT_ENV_CHUNK, 0, 0, ~0ul), flight);
	mc_cfg.max_depth = (uint32_t)env_number(FT_ENV_DEPTH, FT_MAX_STACK_DEFAULT, 8, 1u << 20);
	flight_config(flight);
	mc_cfg.ready = true;
}

/*
 * A CET shadow stack makes every hijacked return fatal (#CP): the hardware compares the return
 * address with its own copy. `ftrace record` disables it through GLIBC_TUNABLES; if it is still on,
 * say so once and record nothing through mcount/__fentry__ rather than kill the program.
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
	mc_task_log("stop %d %d %d CET shadow stack active: -pg/-mfentry calls cannot be traced",
		    (int)getpid(), (int)getpid(), FT_STOP_IO);
	static const char msg[] =
		"ftrace: CET shadow stack is active: -pg/-mfentry calls are not traced; run with "
		"GLIBC_TUNABLES=glibc.cpu.hwcaps=-SHSTK or rebuild with -finstrument-functions\n";
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to say */
	}
}

static void init_once_fn(void)
{
	int saved = errno;

	read_config();
	if (mc_cfg.ready) {
		pthread_key_create(&thread_key, thread_exit);
		pthread_atfork(NULL, NULL, atfork_child);
		proc_mark_init();
		mc_counters_map();
		process_start(getppid(), "start");
		check_shadow_stack();
		mc_signals_init();
		mc_unwind_init();
		mc_task_init();
		mc_args_init();
		mc_plthook_init();
	}
	errno = saved;
}

/*
 * The guard is up during start-up: what it calls may enter instrumented code (the program's own
 * -pg malloc), whose mcount must return at once rather than wait for the pthread_once in progress
 * on this very thread. Start-up itself never allocates: the program's allocator may be the one
 * whose first call is starting us.
 */
void mc_init(void)
{
	int guard = mc_th.guard;

	mc_th.guard = 1;
	pthread_once(&init_once, init_once_fn);
	mc_th.guard = guard;
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
	mc_task_log("end %d", (int)mc_cfg.pid); /* threads still blocked stop here */
	lost = __atomic_load_n(&mc_lost_unreported, __ATOMIC_RELAXED);
	if (lost)
		mc_task_log("lost %d %llu", (int)mc_cfg.pid, (unsigned long long)lost);
}
