/* SPDX-License-Identifier: MIT */
/* The task log's writer: one function per kind of line (common/task_log.h has the format). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcount.h"
#include "task_log.h"

/* Appends one line "<tick> <keyword> <fmt...>\n" at line + n (of size bytes, n < size - 1), cut to
 * fit; returns the new length. */
static size_t task_vformat(char *line, size_t size, size_t n, const char *keyword, const char *fmt,
			   va_list ap)
{
	int m = snprintf(line + n, size - n, "%llu %s ", (unsigned long long)mc_clock(), keyword);

	n += m < 0 ? 0 : (size_t)m;
	if (n < size - 1) {
		m = vsnprintf(line + n, size - n - 1, fmt, ap);
		n += m < 0 ? 0 : (size_t)m;
	}
	if (n > size - 2)
		n = size - 2;
	line[n++] = '\n';
	return n;
}

static __attribute__((format(printf, 5, 6))) size_t
task_format(char *line, size_t size, size_t n, const char *keyword, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	n = task_vformat(line, size, n, keyword, fmt, ap);
	va_end(ap);
	return n;
}

/* Whole lines, one write() with O_APPEND: lines from many processes never interleave. */
static void task_write(const char *lines, size_t n)
{
	struct stat st;
	int fd;

	/* never through a link */
	fd = mc_open_data_stat(FT_TASK_FILE, O_WRONLY | O_APPEND | O_CREAT, &st);
	if (fd < 0)
		return;
	if (!mc_fsize_allows((uint64_t)st.st_size + (uint64_t)n)) {
		/* past RLIMIT_FSIZE the write would kill the program with SIGXFSZ */
	} else if (write(fd, lines, n) != (ssize_t)n) {
		/* nothing sensible to do: the task log is best effort, the streams are not */
	}
	close(fd);
}

static __attribute__((format(printf, 2, 3))) void task_line(const char *keyword, const char *fmt,
							    ...)
{
	char line[4096];
	va_list ap;
	size_t n;

	if (!mc_cfg.ready)
		return;
	va_start(ap, fmt);
	n = task_vformat(line, sizeof(line), 0, keyword, fmt, ap);
	va_end(ap);
	task_write(line, n);
}

static void exe_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
}

/* The command line, arguments separated by spaces (info shows it); false when unreadable. */
static bool read_cmdline(char *buf, size_t size)
{
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return true;
}

/* A new process image: its start and its command line, in one write (one open of the file), or,
 * in a fork child, its fork. */
void mc_task_log_image(bool forked, pid_t ppid)
{
	char exe[4096], args[2048], lines[4096 + 2048 + 128];
	size_t n;

	if (!mc_cfg.ready)
		return;
	exe_path(exe, sizeof(exe));
	n = task_format(lines, sizeof(lines), 0, forked ? FT_TL_FORK : FT_TL_START, "%d %d %s",
			(int)mc_cfg.pid, (int)ppid, exe);
	if (!forked && read_cmdline(args, sizeof(args)))
		n = task_format(lines, sizeof(lines), n, FT_TL_CMDLINE, "%d %s", (int)mc_cfg.pid,
				args);
	task_write(lines, n);
}

void mc_task_log_thread(pid_t tid)
{
	task_line(FT_TL_THREAD, "%d %d", (int)mc_cfg.pid, (int)tid);
}

void mc_task_log_exec(const char *path)
{
	task_line(FT_TL_EXEC, "%d %s", (int)mc_cfg.pid, path ? path : "?");
}

void mc_task_log_exit(int code)
{
	task_line(FT_TL_EXIT, "%d %d", (int)mc_cfg.pid, code);
}

void mc_task_log_end(void)
{
	task_line(FT_TL_END, "%d", (int)mc_cfg.pid);
}

/* why: an FT_STOP_* reason; text: what a person reads */
void mc_task_log_stop(pid_t tid, int why, const char *text)
{
	task_line(FT_TL_STOP, "%d %d %d %s", (int)mc_cfg.pid, (int)tid, why, text);
}

void mc_task_log_name(pid_t tid, const char *name)
{
	task_line(FT_TL_NAME, "%d %d %.15s", (int)mc_cfg.pid, (int)tid, name);
}

void mc_task_log_lost(uint64_t calls)
{
	task_line(FT_TL_LOST, "%d %llu", (int)mc_cfg.pid, (unsigned long long)calls);
}

/* The hex digits of a, without 0x. */
static char *put_hex(char *p, uint64_t a)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int k = 0;

	do
		tmp[k++] = hex[a & 15];
	while ((a >>= 4) && k < 16);
	while (k)
		*p++ = tmp[--k];
	return p;
}

/* A fatal signal in t: the line names the open frames, innermost first, so `ftrace record` can
 * print the call path at the crash without reading the whole trace. */
void mc_task_log_signal(const struct mc_thread *t, int sig, uint64_t addr)
{
	char frames[FT_FATAL_FRAMES_MAX * 17 + 1], *p = frames;
	uint32_t n = 0;

	for (uint32_t i = t->depth; i > 0 && n < FT_FATAL_FRAMES_MAX; i--, n++) {
		if (n)
			*p++ = ',';
		p = put_hex(p, t->frames[i - 1].addr);
	}
	*p = '\0';
	task_line(FT_TL_SIGNAL, "%d %d %d 0x%llx %llu %s", (int)mc_cfg.pid, (int)t->tid, sig,
		  (unsigned long long)addr, (unsigned long long)mc_cfg.session, n ? frames : "-");
}
