/* SPDX-License-Identifier: MIT */
/* ftrace record: run a program with libmcount preloaded and finish its data directory. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "filter_record.h"
#include "argspec.h"
#include "clock.h"
#include "crash.h"
#include "dwarfinfo.h"
#include "ftrace.h"
#include "elfsyms.h"
#include "sched_attr.h"
#include "sched_record.h"
#include "symbols.h"
#include "symfile.h"
#include "tasks.h"
#include "trace_format.h"

/* What the CPU flags of /proc/cpuinfo say that matters to the recording, read once. */
struct cpu_flags {
	bool invariant_tsc; /* constant_tsc and nonstop_tsc: rdtsc is a usable clock */
	bool user_shstk;    /* the kernel offers user-space CET shadow stacks */
};

static struct cpu_flags cpu_flags_read(void)
{
	struct cpu_flags c = {false, false};
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192];

	if (!f)
		return c;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		c.invariant_tsc = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
		c.user_shstk = strstr(line, " user_shstk") != NULL;
		break;
	}
	fclose(f);
	return c;
}

/*
 * Finds PROG the way execvp would, so that checks and `info` name the real file; a name found
 * nowhere in PATH runs from the current directory, as uftrace does (`ftrace record prog`).
 */
static char *find_program(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, F_OK) == 0 ? realpath(prog, NULL) : NULL;
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? p : ".", prog);
		if (access(buf, X_OK) == 0)
			return realpath(buf, NULL);
		p += n + (p[n] == ':');
	}
	snprintf(buf, sizeof(buf), "./%s", prog);
	return access(buf, X_OK) == 0 ? realpath(buf, NULL) : NULL;
}

static void check_program(const char *prog, const char *path, bool force, char *build_id)
{
	struct elf_facts f;

	if (!path)
		die("cannot run '%s': No such file or directory", prog);
	if (access(path, X_OK) != 0)
		die("cannot run '%s': %s", prog, strerror(errno));
	if (elf_facts_read(path, &f) < 0 || !f.is_elf)
		return; /* a script: what it runs is checked by what gets recorded */
	strcpy(build_id, f.build_id);
	if (!f.dynamic)
		die("'%s' is statically linked: libmcount cannot be preloaded; rebuild it without "
		    "-static",
		    prog);
	if (!force && !f.mcount && !f.fentry && !f.cyg)
		die("'%s' is not instrumented: rebuild it with -pg, -pg -mfentry or "
		    "-finstrument-functions "
		    "(Rust: -Z instrument-mcount), or pass --force",
		    prog);
}

/* libmcount.so: --libmcount-path, else beside this ftrace (a build tree), else the install dir. */
static char *find_libmcount(const char *dir_opt)
{
	char self[PATH_MAX], buf[PATH_MAX + 32];
	ssize_t n;

	if (dir_opt) {
		snprintf(buf, sizeof(buf), "%s/libmcount.so", dir_opt);
		if (access(buf, R_OK) != 0)
			die("cannot use '%s': %s", buf, strerror(errno));
		return realpath(buf, NULL);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		snprintf(buf, sizeof(buf), "%s/libmcount.so", self);
		if (access(buf, R_OK) == 0)
			return realpath(buf, NULL);
	}
	snprintf(buf, sizeof(buf), "%s/libmcount.so", PKGLIBDIR);
	if (access(buf, R_OK) != 0)
		die("cannot find libmcount.so (looked beside ftrace and in '%s'); use "
		    "--libmcount-path",
		    PKGLIBDIR);
	return xstrdup(buf);
}

static bool is_trace_dir(const char *dir)
{
	char path[PATH_MAX], word[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, FT_INFO_FILE);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fscanf(f, "%31s", word) != 1)
		word[0] = '\0';
	fclose(f);
	return !strcmp(word, FT_INFO_MAGIC);
}

/* A previous trace becomes DIR.old; anything that is not a trace is never touched. */
static void prepare_dir(const char *dir)
{
	struct stat st;
	char old[PATH_MAX];

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || !is_trace_dir(dir))
			die("'%s' exists and is not an ftrace data directory: not overwriting it "
			    "(use -d)",
			    dir);
		snprintf(old, sizeof(old), "%s.old", dir);
		if (stat(old, &st) == 0 && (!is_trace_dir(old) || remove_tree(old) != 0))
			die("cannot replace '%s': it is not an ftrace data directory", old);
		if (rename(dir, old) != 0)
			die("cannot rename '%s' to '%s': %s", dir, old, strerror(errno));
	}
	if (mkdir(dir, 0755) != 0)
		die("cannot create '%s': %s", dir, strerror(errno));
}

volatile pid_t record_child;

struct run {
	const char *prog_path;
	char build_id[41];
	char *libmcount;
	char absdir[PATH_MAX];
	bool tsc;
	struct cpu_flags cpu;
	struct clock_pair start, end;
	time_t started;
	pid_t pid;
	int status;
	char *args_env;	    /* FT_ENV_ARGS, from -A -R -a */
	struct stat dir_st; /* the data directory as created, before the program ran */
	dev_t info_dev;	    /* the info file written before the run */
	ino_t info_ino;
	struct dwarf_enums *enums;  /* the enums those specs name, for replay */
	struct sched_record *sched; /* context switches, while the program runs */
	char sched_info[300];	    /* info's "sched:" line */
	bool sched_per_thread;	    /* --sched-events=thread: each thread opens its own event */
	struct symsave *syms;	    /* symbols, saved from the first maps files on */
	int watch;		    /* inotify on the data directory, or -1 */
	unsigned watch_maps, watch_events;
};

static void setenv_number(const char *name, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", v);
	setenv(name, buf, 1);
}

/* Return-address hooks and a CET shadow stack cannot coexist: where the kernel offers user shadow
 * stacks, ask glibc not to enable them in the traced program (libmcount checks and warns too). */
static void disable_shadow_stack(void)
{
	const char *old = getenv("GLIBC_TUNABLES");
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s%sglibc.cpu.hwcaps=-SHSTK", old ? old : "",
		 old && *old ? ":" : "");
	setenv("GLIBC_TUNABLES", buf, 1);
}

static void child_environment(struct opts *o, struct run *r)
{
	const char *old = getenv("LD_PRELOAD");
	char *preload = xmalloc(strlen(r->libmcount) + (old ? strlen(old) : 0) + 2);

	sprintf(preload, "%s%s%s", r->libmcount, old && *old ? ":" : "", old && *old ? old : "");
	setenv("LD_PRELOAD", preload, 1);
	setenv(FT_ENV_DIR, r->absdir, 1);
	if (r->cpu.user_shstk)
		disable_shadow_stack();
	setenv(FT_ENV_CLOCK, r->tsc ? "tsc" : "mono", 1);
	filter_record_origin(r->start.tick); /* -r counts from here, as replay does */
	if (o->chunk_size)
		setenv_number(FT_ENV_CHUNK, o->chunk_size);
	if (o->max_stack)
		setenv_number(FT_ENV_DEPTH, o->max_stack);
	/* set, it also asks for the library calls of an uninstrumented executable (--force) */
	if (o->no_libcall || o->nest_libcall || o->force)
		setenv(FT_ENV_LIBCALL, o->no_libcall ? "0" : o->nest_libcall ? "2" : "1", 1);
	if (r->args_env)
		setenv(FT_ENV_ARGS, r->args_env, 1);
	if (o->flight)
		setenv_number(FT_ENV_FLIGHT, (unsigned long)o->flight);
	free(preload);
}

/*
 * Context switches (cmd/sched_record.h): opened on ourselves before the spawn, so the program
 * inherits them from its first instruction. Without permission, one line says so and the
 * recording goes on without them. FTRACE_NO_EVENT=1 in the environment is --no-event, for scripts
 * and test suites whose expected output must not depend on the scheduler.
 */
static void sched_start(struct opts *o, struct run *r)
{
	const char *env = getenv("FTRACE_NO_EVENT");
	char why[256];

	if (o->no_event || (env && *env && strcmp(env, "0"))) {
		snprintf(r->sched_info, sizeof(r->sched_info), "no (%s)",
			 o->no_event ? "--no-event" : "FTRACE_NO_EVENT");
		return;
	}
	r->sched_per_thread = o->sched_events && !strcmp(o->sched_events, "thread");
	r->sched = sched_record_open(o->dir, r->sched_per_thread, why, sizeof(why));
	if (!r->sched) {
		warn("context switches are not recorded: %s", why);
		snprintf(r->sched_info, sizeof(r->sched_info), "no (%s)", why);
	}
}

/*
 * Symbols are saved while the program runs, from the maps file that libmcount writes when the
 * program starts: an inotify watch on the data directory says when it was closed, and its modules
 * (the program, libc, the loader...) are read and saved while the program goes on, instead of after
 * it (for a short program, these milliseconds are most of what `record` adds to its run). Every
 * close of a file in the directory wakes the recorder, so the watch is dropped after that first
 * maps file (or a few other closes): later processes, exec and dlopen are saved after the run.
 */
#define WATCH_MAPS   1	/* maps files whose modules are saved during the run */
#define WATCH_EVENTS 16 /* closes of any file seen before the watch is dropped */

static void watch_start(struct run *r, const char *dir)
{
	r->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (r->watch >= 0 &&
	    inotify_add_watch(r->watch, dir, IN_CLOSE_WRITE | IN_ONLYDIR | IN_DONT_FOLLOW) < 0) {
		close(r->watch);
		r->watch = -1;
	}
}

static void watch_stop(struct run *r)
{
	if (r->watch >= 0)
		close(r->watch);
	r->watch = -1;
}

/* The maps files closed since the last call: their new modules are saved now. */
static void watch_read(struct run *r)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t len;

	while (r->watch >= 0 && (len = read(r->watch, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			size_t n = ev->len ? strlen(ev->name) : 0;

			p += sizeof(*ev) + ev->len;
			r->watch_events++;
			if (n > 5 && !strcmp(ev->name + n - 5, ".maps")) {
				symsave_maps(r->syms, ev->name);
				r->watch_maps++;
			}
		}
		if (r->watch_maps >= WATCH_MAPS || r->watch_events >= WATCH_EVENTS)
			watch_stop(r);
	}
}

/*
 * While the program runs: drains the context-switch rings (woken when one is a quarter full) and
 * saves the symbols of the maps files that appear, until the program ends.
 */
static void wait_draining(struct opts *o, struct run *r)
{
	struct pollfd fds[1026];
	int pidfd = (int)syscall(SYS_pidfd_open, r->pid, 0);
	siginfo_t si;

	for (;;) {
		/* per thread, the rings come and go */
		unsigned n = r->sched ? sched_record_pollfds(r->sched, fds, 1024) : 0;

		if (r->watch >= 0)
			fds[n++] = (struct pollfd){.fd = r->watch, .events = POLLIN};
		if (pidfd >= 0)
			fds[n++] = (struct pollfd){.fd = pidfd, .events = POLLIN};
		si.si_pid = 0;
		if (waitid(P_PID, (id_t)r->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 &&
		    errno != EINTR)
			die("cannot wait for '%s': %s", o->argv[0], strerror(errno));
		if (si.si_pid == r->pid)
			break;
		/* without a pidfd (kernel < 5.3) the end of the program is seen within 10 ms */
		poll(fds, n, pidfd >= 0 ? -1 : 10);
		if (r->sched)
			sched_record_drain(r->sched);
		watch_read(r);
	}
	watch_stop(r);
	if (pidfd >= 0)
		close(pidfd);
}

static void sched_stop(struct run *r)
{
	struct sched_summary sum;

	if (!r->sched)
		return;
	sched_record_finish(r->sched, &sum);
	r->sched = NULL;
	snprintf(r->sched_info, sizeof(r->sched_info), "yes (%s: %llu switches, %llu lost)",
		 r->sched_per_thread ? "per thread" : "per CPU", (unsigned long long)sum.switches,
		 (unsigned long long)sum.lost);
	if (sum.lost)
		warn("%llu context switches were lost (the recorder could not keep up): off-CPU "
		     "times are incomplete",
		     (unsigned long long)sum.lost);
}

/*
 * The program is started by spawn_program (cmd/spawn.c: vfork + execve). Its environment is set
 * here, in ours: nothing after this reads it.
 */
static void write_info(struct opts *o, struct run *r, const char *state);

static void run_program(struct opts *o, struct run *r)
{
	extern char **environ;

	sched_start(o, r);
	watch_start(r, o->dir);
	r->started = time(NULL);
	r->start = clock_pair_read(r->tsc);
	child_environment(o, r);
	if (r->sched && sched_record_env(r->sched))
		setenv(FT_ENV_SCHED, sched_record_env(r->sched), 1);
	r->pid = spawn_program(r->prog_path, o->argv, environ);
	if (r->pid < 0) {
		int err = errno;

		remove_tree(o->dir); /* nothing ran: no trace, as for a program that is not found */
		die("cannot run '%s': %s", o->argv[0], strerror(err));
	}
	if (r->sched)
		sched_record_spawned(r->sched);
	/* what only the recorder needs is made while the program starts: "recording" is now known
	 * with its pid, and sym/ is made for the symbols */
	write_info(o, r, "recording");
	r->syms = symsave_start(o->dir);
	if (!r->syms)
		watch_stop(r);
	/* ^C goes to the whole foreground group: let the program decide, and finish the trace after
	 * it */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	record_child = r->pid;
	if (r->sched || r->watch >= 0)
		wait_draining(o, r);
	while (waitpid(r->pid, &r->status, 0) < 0)
		if (errno != EINTR)
			die("cannot wait for '%s': %s", o->argv[0], strerror(errno));
	record_child = 0;
	sched_stop(r);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	/* both clock pairs are read within ~50 ns: over 200 us that is already a 0.03% rate error
	 */
	while (clock_mono_ns() - r->start.ns < 200000)
		;
	r->end = clock_pair_read(r->tsc);
}

static void format_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by SIG%s%s", sigabbrev_np(WTERMSIG(status)) ?: "?",
			 WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(buf, size, "unknown %d", status);
}

/*
 * info is written before the run ("state: recording") and again after it: the second time in place,
 * when it is still the very file written the first time (one creation less: on this kind of machine
 * creating a file is ~40 us). Anything else under that name (a link, a FIFO the program planted)
 * is replaced by a new file, as the first time.
 */
static FILE *info_open(const char *path, struct run *r)
{
	int fd = r->info_ino ? open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC) : -1;
	struct stat st;
	FILE *f;

	if (fd >= 0 &&
	    (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	     st.st_dev != r->info_dev || st.st_ino != r->info_ino || ftruncate(fd, 0) != 0)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		return fopen_new(path);
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

static void write_info(struct opts *o, struct run *r, const char *state)
{
	char path[PATH_MAX], date[64], status[64];
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o->dir, FT_INFO_FILE);
	f = info_open(path, r);
	if (!f)
		die("cannot write '%s': %s", path, strerror(errno));
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&r->started));
	format_status(r->status, status, sizeof(status));
	fprintf(f, "%s %d\n", FT_INFO_MAGIC, FT_FORMAT_VERSION);
	fprintf(f, "endian: little\n");
	fprintf(f, "state: %s\n", state);
	fprintf(f, "cmdline:");
	for (int i = 0; i < o->argc; i++)
		fprintf(f, " %s", o->argv[i]);
	fprintf(f, "\nexe: %s\n", r->prog_path);
	fprintf(f, "build-id: %s\n", r->build_id);
	fprintf(f, "recorded: %s\n", date);
	fprintf(f, "pid: %d\n", (int)r->pid);
	fprintf(f, "clock: %s\n", r->tsc ? "tsc" : "mono");
	fprintf(f, "clock-sync: %llu %llu %llu %llu\n", (unsigned long long)r->start.tick,
		(unsigned long long)r->start.ns, (unsigned long long)r->end.tick,
		(unsigned long long)r->end.ns);
	if (!strcmp(state, "complete")) {
		fprintf(f, "exit-status: %s\n", status);
		fprintf(f, "exit-code: %d\n",
			WIFEXITED(r->status) ? WEXITSTATUS(r->status) : 128 + WTERMSIG(r->status));
		fprintf(f, "elapsed-ns: %llu\n", (unsigned long long)(r->end.ns - r->start.ns));
	}
	fprintf(f, "chunk-size: %u\n", ft_chunk_size(o->chunk_size, o->flight));
	fprintf(f, "max-stack: %u\n", o->max_stack ? o->max_stack : FT_MAX_STACK_DEFAULT);
	fprintf(f, "libcall: %s\n", o->no_libcall ? "no" : "yes");
	if (r->sched_info[0])
		fprintf(f, "sched: %s\n", r->sched_info);
	if (o->flight)
		fprintf(f, "flight: %llu\n", o->flight);
	if (fstat(fileno(f), &st) == 0) {
		r->info_dev = st.st_dev;
		r->info_ino = st.st_ino;
	}
	if (fclose(f) != 0)
		die("cannot write '%s': %s", path, strerror(errno));
}

/* After the run: was anything recorded at all? An empty trace gets an explanation, not silence. */
static bool has_streams(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d)))
		found = strstr(e->d_name, ".dat") != NULL;
	closedir(d);
	return found;
}

/*
 * The dynamic loader runs a set-uid or set-gid program in secure mode (AT_SECURE): it ignores
 * LD_PRELOAD with a path, so libmcount never loads. Returns "uid" or "gid" when that is why nothing
 * was recorded, else NULL.
 */
static const char *preload_ignored(const char *path)
{
	struct stat st;

	if (!path || stat(path, &st) != 0)
		return NULL;
	if ((st.st_mode & S_ISUID) && st.st_uid != geteuid())
		return "uid";
	if ((st.st_mode & S_ISGID) && st.st_gid != getegid())
		return "gid";
	return NULL;
}

/* After the run: nothing was recorded at all. An empty trace gets an explanation, not silence. */
static void explain_empty(struct opts *o, struct run *r)
{
	const char *set_id = preload_ignored(r->prog_path);

	if (WIFSIGNALED(r->status))
		warn("no function calls were recorded before '%s' was killed by SIG%s", o->argv[0],
		     sigabbrev_np(WTERMSIG(r->status)) ?: "?"); /* a hang, not a missing -pg */
	else if (set_id)
		warn("nothing was recorded: '%s' is set-%s, so the loader ignored the preload of "
		     "libmcount (trace a copy that is not set-%s)",
		     o->argv[0], set_id, set_id);
	else
		warn("no function calls were recorded: is '%s' built with -pg, -pg -mfentry or "
		     "-finstrument-functions?",
		     o->argv[0]);
}

/*
 * DIR/counters, written at full size before the run so that libmcount can count what it loses
 * with no descriptor and no disk space to spare (common/trace_format.h). A disk already full is
 * said here, before the program runs.
 */
static void counters_create(const char *dir)
{
	char path[PATH_MAX];
	static char page[FT_COUNTERS_SIZE];
	struct ft_counters *c = (struct ft_counters *)page;
	int fd;

	c->magic = FT_COUNTERS_MAGIC;
	c->version = FT_FORMAT_VERSION;
	snprintf(path, sizeof(path), "%s/%s", dir, FT_COUNTERS_FILE);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, page, sizeof(page)) != (ssize_t)sizeof(page) || close(fd) != 0)
		warn("cannot write '%s': %s: losses will not be counted", path, strerror(errno));
}

/* What stopped tracing early and how much was lost, said once at the end of the run. */
static void report_stops(struct opts *o, struct run *r)
{
	struct ft_counters c;
	char what[512], when[64] = "";
	uint64_t dt = r->end.tick - r->start.tick;

	if (counters_load(o->dir, &c) < 0 || !counters_describe(&c, what, sizeof(what)))
		return;
	if (c.first_stop_time > r->start.tick && dt) {
		double s = (double)(c.first_stop_time - r->start.tick) / (double)dt *
			   (double)(r->end.ns - r->start.ns) / 1e9;

		snprintf(when, sizeof(when), ", first after %.3f s (%s)", s,
			 strerror((int)c.first_stop_errno));
	}
	warn("%s%s: the trace in '%s' is incomplete", what, when, o->dir);
}

/* The bytes the streams of a data directory take. */
static unsigned long long streams_size(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	unsigned long long bytes = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".dat") &&
		    !fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			bytes += (unsigned long long)st.st_blocks * 512;
	closedir(d);
	return bytes;
}

/*
 * Where the trace went, how much there is and what to run next: only for a person at a terminal,
 * since scripts want record to be quiet. Losses and early stops are said by report_stops, always.
 */
static void record_summary(const struct opts *o)
{
	struct task_log log;
	unsigned threads = 0;
	unsigned long long kib;

	if (!isatty(STDERR_FILENO) || o->cmd_bit != CMD_RECORD || task_log_load(o->dir, &log) < 0)
		return;
	for (unsigned i = 0; i < log.n; i++)
		threads += log.v[i].ntids;
	kib = (streams_size(o->dir) + 1023) / 1024;
	if (threads)
		fprintf(stderr,
			"ftrace: recorded %u thread%s of %u process%s into '%s' (%llu KiB); next: "
			"ftrace replay%s%s (or report, graph, info)\n",
			threads, threads > 1 ? "s" : "", log.n, log.n > 1 ? "es" : "", o->dir, kib,
			strcmp(o->dir, FT_DEFAULT_DIR) ? " -d " : "",
			strcmp(o->dir, FT_DEFAULT_DIR) ? o->dir : "");
	task_log_free(&log);
}

/* One line that says how the program died and where: the first thing a user wants after a crash. */
static void report_crash(struct opts *o, struct run *r)
{
	char line[4096], status[64], where[3000] = "";
	struct task_log log;
	struct fatal_signal *pick = NULL;
	int sig = WTERMSIG(r->status);

	/* the signal that killed the traced program itself, else the first one of any process */
	task_log_load(o->dir, &log);
	for (unsigned i = 0; i < log.nsigs; i++)
		if (!pick || (log.sigs[i].pid == r->pid && pick->pid != r->pid))
			pick = &log.sigs[i];
	if (pick && pick->sig == sig)
		fatal_signal_where(o->dir, pick, o->demangle, where, sizeof(where));
	task_log_free(&log);
	/* "(core dumped)" goes last: the address belongs next to the signal, the path after both */
	format_status(r->status & ~WCOREFLAG, status, sizeof(status));
	snprintf(line, sizeof(line), "%s %s%s", o->argv[0], status, where);
	if (WCOREDUMP(r->status)) {
		size_t len = strlen(line);

		snprintf(line + len, sizeof(line) - len, " (core dumped)");
	}
	error("%s", line);
}

/*
 * The digested -A/-R/-a specs go to libmcount as a file in the data directory, named by
 * FT_ENV_ARGS="@path": -a on a big program makes thousands of them, more than exec() accepts in one
 * environment string.
 */
static void args_to_file(struct run *r)
{
	char path[PATH_MAX + 16], *env;
	FILE *f;

	if (!r->args_env)
		return;
	snprintf(path, sizeof(path), "%s/%s", r->absdir, FT_ARGS_FILE);
	f = fopen_new(path);
	if (!f || fputs(r->args_env, f) == EOF || fclose(f) != 0)
		die("cannot write '%s': %s", path, strerror(errno));
	env = xmalloc(strlen(path) + 2);
	sprintf(env, "@%s", path);
	free(r->args_env);
	r->args_env = env;
}

/*
 * The traced program knows the data directory and may have moved it and put a link in its place,
 * or replaced sym/ with a link to a directory of the user's: nothing is written through either.
 */
static bool dir_still_ours(const char *dir, struct run *r)
{
	char sym[PATH_MAX];
	struct stat st;

	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_dev != r->dir_st.st_dev ||
	    st.st_ino != r->dir_st.st_ino) {
		warn("'%s' was replaced while the program ran: nothing more is written to it", dir);
		return false;
	}
	snprintf(sym, sizeof(sym), "%s/%s", dir, FT_SYM_DIR);
	if (lstat(sym, &st) != 0 || !S_ISDIR(st.st_mode)) {
		if ((unlink(sym) != 0 && errno != ENOENT) || mkdir(sym, 0755) != 0)
			warn("cannot create '%s': %s", sym, strerror(errno));
		/* what was saved during the run went to the one that is gone: all of it again */
		symsave_free(r->syms);
		r->syms = symsave_start(dir);
	}
	return true;
}

struct srcline_ctx {
	const char *dir;
	int rc;
};

static void save_srclines(void *ctx, const char *path, const char *symfile)
{
	struct srcline_ctx *c = ctx;

	if (dwarf_save_srclines(c->dir, path, symfile) < 0)
		c->rc = -1;
}

/* After the run: symbols, source lines, the final info, and what the user must know. */
static void finish_dir(struct opts *o, struct run *r)
{
	struct srcline_ctx sc = {o->dir, 0};

	if (!r->syms || symsave_finish(r->syms) < 0)
		warn("symbols could not be saved in '%s': replay will read the binaries", o->dir);
	if (r->syms)
		symsave_each_dwarf(r->syms, save_srclines, &sc);
	if (sc.rc < 0 || dwarf_save_enums(o->dir, r->enums) < 0)
		warn("source lines or enums could not be saved in '%s': replay will read the "
		     "binaries",
		     o->dir);
	write_info(o, r, "complete");
	if (!has_streams(o->dir))
		explain_empty(o, r);
	report_stops(o, r);
	record_summary(o);
}

int cmd_record(struct opts *o)
{
	struct run r = {.status = 0};
	struct filter_config fc = opts_filter_config(o);
	struct argspec_config ac;

	r.prog_path = find_program(o->argv[0]);
	check_program(o->argv[0], r.prog_path, o->force, r.build_id);
	r.libmcount = find_libmcount(o->libmcount_path);
	ac = (struct argspec_config){o->arg_specs, o->narg_specs, o->ret_specs, o->nret_specs,
				     o->auto_args};
	r.args_env = argspec_env(&ac, r.prog_path, &r.enums); /* -a reads the DWARF here, first */
	r.cpu = cpu_flags_read();
	r.tsc = o->clock ? !strcmp(o->clock, "tsc") : r.cpu.invariant_tsc;
	if (o->clock && r.tsc && !r.cpu.invariant_tsc)
		warn("the TSC of this machine is not invariant: times may drift across CPUs");
	filter_free(filter_from_config(&fc)); /* a bad pattern dies before anything is created */
	if (o->sched_events && strcmp(o->sched_events, "cpu") && strcmp(o->sched_events, "thread"))
		die("invalid --sched-events '%s': cpu or thread", o->sched_events);
	prepare_dir(o->dir);
	if (!realpath(o->dir, r.absdir) || lstat(o->dir, &r.dir_st) != 0)
		die("cannot resolve '%s': %s", o->dir, strerror(errno));
	counters_create(o->dir);
	args_to_file(&r);
	/* live gives --tid to its replay; record alone cannot use it */
	if (o->tid && o->cmd_bit == CMD_RECORD)
		warn("--tid applies when reading the trace: thread ids are not known before the "
		     "program "
		     "runs (give it to replay)");
	filter_setup_record(&fc, r.prog_path, r.absdir, r.tsc);
	debug(DBG_RECORD, "running '%s' with %s", r.prog_path, r.libmcount);
	run_program(o, &r);
	if (dir_still_ours(o->dir, &r))
		finish_dir(o, &r);
	symsave_free(r.syms);
	free(r.libmcount);
	free(r.args_env);
	dwarf_enums_free(r.enums);
	free((char *)r.prog_path);
	if (WIFSIGNALED(r.status)) {
		report_crash(o, &r);
		return 128 + WTERMSIG(r.status);
	}
	return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 1;
}
