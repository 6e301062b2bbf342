/* SPDX-License-Identifier: MIT */
/* Processes and threads: exec keeps tracing the new image, vfork becomes fork, exits and thread
 * names are logged for the task tree. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "filter_table.h"
#include "mcount.h"

/*
 * `ftrace record` passes its settings to libmcount through the environment (FT_ENV_*, LD_PRELOAD).
 * A program may exec with an environment of its own making; the wrappers put our variables back so
 * the new image is traced into the same data directory. The entries are captured at start-up,
 * before the program can change its environment.
 */
static const char *const env_names[] = {
	"LD_PRELOAD", FT_ENV_DIR,     FT_ENV_CLOCK,  FT_ENV_CHUNK, FT_ENV_DEPTH,   FT_ENV_FLIGHT,
	FT_ENV_DEBUG, FT_ENV_LIBCALL, FT_ENV_FILTER, FT_ENV_ARGS,  MCF_ENV_ORIGIN,
};
#define NAMES (sizeof(env_names) / sizeof(env_names[0]))

static char *saved_env[NAMES];
static unsigned nsaved;
static char env_store[16384]; /* their copies: start-up must not call the program's malloc */

/* The name a thread has when nobody named it, as the readers see it: its executable's file name
 * (the kernel keeps 15 characters). */
static char default_name[16];
/* A thread name was logged in this process: a thread that later gets the same tid logs its own,
 * even the default, so that the earlier one's name is not taken for its own. */
static bool names_logged;

static void default_name_init(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base;

	exe[n > 0 ? n : 0] = '\0';
	base = strrchr(exe, '/');
	base = base && base[1] ? base + 1 : exe;
	n = (ssize_t)strnlen(base, sizeof(default_name) - 1);
	memcpy(default_name, base, (size_t)n);
	default_name[n] = '\0';
}

void mc_task_init(void)
{
	extern char **environ;
	size_t used = 0;

	default_name_init();
	for (char **e = environ; e && *e && nsaved < NAMES; e++)
		for (size_t i = 0; i < NAMES; i++) {
			size_t n = strlen(env_names[i]), len = strlen(*e) + 1;

			if (strncmp(*e, env_names[i], n) || (*e)[n] != '=')
				continue;
			if (used + len <= sizeof(env_store)) {
				saved_env[nsaved++] = memcpy(env_store + used, *e, len);
				used += len;
			}
			break;
		}
}

static bool has_name(char *const *envp, const char *entry)
{
	size_t n = strcspn(entry, "=") + 1;

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, entry, n))
			return true;
	return false;
}

/* envp plus whichever of our variables it lacks; the caller frees the array (not the strings). */
static char **traced_env(char *const *envp)
{
	size_t n = 0, k;
	char **out;

	while (envp && envp[n])
		n++;
	out = malloc((n + nsaved + 1) * sizeof(*out));
	if (!out)
		return NULL;
	memcpy(out, envp, n * sizeof(*out));
	k = n;
	for (unsigned i = 0; i < nsaved; i++)
		if (!has_name(envp, saved_env[i]))
			out[k++] = saved_env[i];
	out[k] = NULL;
	return out;
}

static void *real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

static void note_exec(const char *path)
{
	int guard = mc_th.guard;

	mc_th.guard = 1;
	mc_task_log_exec(path);
	mc_stream_trim(&mc_th);
	mc_sched_wait_taken();
	mc_th.guard = guard;
}

EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	static int (*fn)(const char *, char *const[], char *const[]);
	char **env = traced_env(envp);
	int rc;

	if (!fn)
		fn = real("execve");
	note_exec(path);
	rc = fn(path, argv, env ? env : envp);
	free(env);
	return rc;
}

EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	static int (*fn)(const char *, char *const[], char *const[]);
	char **env = traced_env(envp);
	int rc;

	if (!fn)
		fn = real("execvpe");
	note_exec(file);
	rc = fn(file, argv, env ? env : envp);
	free(env);
	return rc;
}

/* execv/execvp use environ, which still has our variables unless the program removed them */
EXPORT int execv(const char *path, char *const argv[])
{
	extern char **environ;

	return execve(path, argv, environ);
}

EXPORT int execvp(const char *file, char *const argv[])
{
	extern char **environ;

	return execvpe(file, argv, environ);
}

/* the execl family, rebuilt on the vector forms */
static char **collect_args(const char *arg0, va_list ap, char ***envp_out)
{
	size_t n = 1, cap = 16;
	char **argv = malloc(cap * sizeof(*argv)), *a;

	if (!argv)
		return NULL;
	argv[0] = (char *)arg0;
	do {
		a = va_arg(ap, char *);
		if (n + 1 >= cap) {
			char **bigger = realloc(argv, (cap *= 2) * sizeof(*argv));
			if (!bigger) {
				free(argv);
				return NULL;
			}
			argv = bigger;
		}
		argv[n++] = a;
	} while (a);
	if (envp_out)
		*envp_out = va_arg(ap, char **);
	return argv;
}

#define EXECL_WRAPPER(name, call, with_env)                            \
	EXPORT int name(const char *path, const char *arg, ...)        \
	{                                                              \
		extern char **environ;                                 \
		char **envp = environ, **argv;                         \
		va_list ap;                                            \
		int rc;                                                \
		va_start(ap, arg);                                     \
		argv = collect_args(arg, ap, with_env ? &envp : NULL); \
		va_end(ap);                                            \
		if (!argv)                                             \
			return -1;                                     \
		rc = call(path, argv, envp);                           \
		free(argv);                                            \
		return rc;                                             \
	}

EXECL_WRAPPER(execl, execve, 0)
EXECL_WRAPPER(execle, execve, 1)
EXECL_WRAPPER(execlp, execvpe, 0)

typedef int (*spawn_fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			const posix_spawnattr_t *, char *const[], char *const[]);

static int spawn(const char *name, pid_t *pid, const char *path,
		 const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
		 char *const argv[], char *const envp[])
{
	spawn_fn fn = (spawn_fn)real(name);
	char **env = traced_env(envp);
	int rc = fn(pid, path, fa, attr, argv, env ? env : envp);

	free(env);
	return rc;
}

EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn("posix_spawn", pid, path, fa, attr, argv, envp);
}

EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn("posix_spawnp", pid, file, fa, attr, argv, envp);
}

/* A vfork child borrows its parent's memory, shadow stack and stream included: writing to them
 * would corrupt the parent's trace. A vfork child may only exec or _exit, so fork is a faithful
 * stand-in. */
EXPORT pid_t vfork(void)
{
	return fork();
}

/* _exit skips destructors: close this thread's stream here, frames open are ended by the exit. */
EXPORT __attribute__((noreturn)) void _exit(int code)
{
	static void (*fn)(int);

	if (!fn)
		fn = real("_exit");
	mc_th.guard = 1;
	mc_check_process();
	mc_thread_finish(&mc_th, FT_AB_EXIT);
	mc_task_log_exit(code);
	mc_sched_wait_taken();
	fn(code);
	__builtin_unreachable();
}

EXPORT __attribute__((noreturn)) void exit(int code)
{
	static void (*fn)(int);

	if (!fn)
		fn = real("exit");
	mc_check_process();
	mc_task_log_exit(code);
	fn(code);
	__builtin_unreachable();
}

/* ---- thread names: "name <pid> <tid> <comm>" lines; the last one of a thread wins ---- */

static void log_name(pid_t tid, const char *name)
{
	int guard = mc_th.guard;

	names_logged = true;
	mc_th.guard = 1;
	mc_task_log_name(tid, name);
	mc_th.guard = guard;
}

/* The kernel's name of thread tid (its comm), without the newline; false when unreadable. */
static bool read_comm(pid_t tid, char name[16])
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, name, 15);
	close(fd);
	if (n <= 0)
		return false;
	name[n] = '\0';
	name[strcspn(name, "\n")] = '\0';
	return true;
}

/*
 * The calling thread ends (or the process): its name as it is then, whatever named it. A thread
 * of the default name needs no line (readers show the default), unless its tid had a name before:
 * thousands of short threads then write one line each, not two.
 */
void mc_task_log_comm(pid_t tid)
{
	char name[17] = "";

	/* the raw call: prctl() here would be our own wrapper, which logs */
	if (syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0) != 0 && !read_comm(tid, name))
		return;
	name[16] = '\0';
	if (tid != mc_cfg.pid && !names_logged && !strcmp(name, default_name))
		return;
	log_name(tid, name);
}

/* pthread_setname_np on another thread: which tid it is is not public, so the threads that now
 * bear the name are logged (one more line for a thread that already had it does no harm). */
static void log_threads_named(const char *name)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	char comm[16];

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && read_comm((pid_t)atoi(e->d_name), comm) &&
		    !strncmp(comm, name, 15))
			log_name((pid_t)atoi(e->d_name), comm);
	closedir(d);
}

/* Names are logged when given, so that a program killed later keeps them. */
EXPORT int pthread_setname_np(pthread_t thread, const char *name)
{
	static int (*fn)(pthread_t, const char *);
	int rc;

	if (!fn)
		fn = real("pthread_setname_np");
	rc = fn(thread, name);
	if (rc == 0 && pthread_equal(thread, pthread_self()))
		log_name(gettid(), name);
	else if (rc == 0)
		log_threads_named(name);
	return rc;
}

EXPORT int prctl(int option, ...)
{
	static int (*fn)(int, ...);
	unsigned long a[4];
	va_list ap;
	int rc;

	if (!fn)
		fn = real("prctl");
	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	rc = fn(option, a[0], a[1], a[2], a[3]);
	if (rc == 0 && option == PR_SET_NAME && a[0])
		log_name(gettid(), (const char *)a[0]);
	return rc;
}
