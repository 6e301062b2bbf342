/* SPDX-License-Identifier: MIT */
/* Recording the traced threads' context switches from perf events, in `ftrace record`'s process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sched_attr.h"
#include "sched_record.h"
#include "schedlog.h"
#include "trace_format.h"
#include "util.h"

#define RING_PAGES   64u /* data pages per CPU (256 KiB): ~10,000 switches between two drains */
#define THREAD_PAGES 16u /* per thread (64 KiB): libmcount/sched.c's RING_BYTES */

struct ring {
	int fd;
	struct perf_event_mmap_page *page; /* the header page, then the data pages */
	uint8_t *data;
	uint64_t size; /* bytes of data, a power of two */
	int32_t tid;   /* per thread: whose it is */
};

struct sched_record {
	struct ring *rings;
	unsigned nrings, cap;
	bool per_thread;
	int sock, child_sock; /* per thread: where the threads' events come in; the program's end */
	char env[64];	      /* FT_ENV_SCHED for the program */
	int refused;	      /* per thread: the first errno a thread's perf_event_open gave */
	int fd;		      /* DIR/sched */
	char *path;
	uint64_t count, lost;
	struct ft_sched_rec buf[512]; /* written out when full */
	unsigned nbuf;
	bool failed; /* the file could not be written: said once */
};

static int perf_open(struct perf_event_attr *a, int cpu)
{
	return (int)syscall(SYS_perf_event_open, a, 0 /* this process, inherited by the program */,
			    cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Per CPU: disabled in ftrace itself; the program gets its inherited copies enabled at exec. */
static void attr_init(struct perf_event_attr *a)
{
	ft_sched_attr(a, RING_PAGES * 4096u / 4);
	a->disabled = 1;
	a->enable_on_exec = 1;
	a->inherit = 1;
}

static unsigned ring_pages(const struct sched_record *s)
{
	return s->per_thread ? THREAD_PAGES : RING_PAGES;
}

/* Maps the event fd as the next ring; fd is closed on failure. */
static int ring_map(struct sched_record *s, int fd, int32_t tid)
{
	size_t len = (1 + ring_pages(s)) * 4096u;
	struct ring *r;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (m == MAP_FAILED) {
		close(fd);
		return -1;
	}
	if (s->nrings == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->rings = xrealloc(s->rings, s->cap * sizeof(*s->rings));
	}
	if (s->per_thread)
		ft_sched_ring_mark_taken(m); /* the thread may unmap its own now */
	r = &s->rings[s->nrings++];
	*r = (struct ring){.fd = fd, .page = m, .data = (uint8_t *)m + 4096, .tid = tid};
	r->size = ring_pages(s) * 4096u;
	return 0;
}

static void ring_close(struct sched_record *s, struct ring *r)
{
	munmap(r->page, (1 + ring_pages(s)) * 4096u);
	close(r->fd);
}

static void why_errno(char *why, size_t size, int err)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int level = 0;

	if (err == EACCES || err == EPERM) {
		if (f && fscanf(f, "%d", &level) == 1)
			snprintf(why, size,
				 "perf_event_open: %s (kernel.perf_event_paranoid is %d)",
				 strerror(err), level);
		else
			snprintf(why, size, "perf_event_open: %s", strerror(err));
	} else {
		snprintf(why, size, "perf_event_open: %s", strerror(err));
	}
	if (f)
		fclose(f);
}

static void sched_free(struct sched_record *s)
{
	for (unsigned i = 0; i < s->nrings; i++)
		ring_close(s, &s->rings[i]);
	if (s->fd >= 0)
		close(s->fd);
	if (s->sock >= 0)
		close(s->sock);
	if (s->child_sock >= 0)
		close(s->child_sock);
	free(s->rings);
	free(s->path);
	free(s);
}

static int file_start(struct sched_record *s, const char *dir)
{
	struct ft_sched_header h = {.magic = FT_SCHED_MAGIC,
				    .version = FT_FORMAT_VERSION,
				    .rec_size = sizeof(struct ft_sched_rec)};

	s->path = xmalloc(strlen(dir) + sizeof(FT_SCHED_FILE) + 1);
	sprintf(s->path, "%s/%s", dir, FT_SCHED_FILE);
	/* read back at the end, to sort it */
	s->fd = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (s->fd < 0 || write(s->fd, &h, sizeof(h)) != (ssize_t)sizeof(h))
		return -1;
	return 0;
}

/* One ring per CPU that exists; CPUs that are offline cannot take an event and are skipped. */
static int open_per_cpu(struct sched_record *s)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	struct perf_event_attr a;
	int err = 0;

	attr_init(&a);
	for (long cpu = 0; cpu < ncpu; cpu++) {
		int fd = perf_open(&a, (int)cpu);

		if (fd < 0 && errno != ENODEV && errno != EINVAL)
			err = err ? err : errno;
		if (fd >= 0 && ring_map(s, fd, -1) < 0)
			err = err ? err : errno;
	}
	return err;
}

/*
 * Per thread: the threads open their events (libmcount/sched.c) and send them over a socket
 * pair; a probe on ourselves tells now whether the kernel allows it. The socket is a connected
 * pair, so the kernel's limit on queued datagrams does not apply, only the buffer's size.
 */
static int open_per_thread(struct sched_record *s)
{
	struct perf_event_attr a;
	int sv[2], fd;
	struct stat st;

	ft_sched_attr(&a, 4096);
	a.disabled = 1;
	fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return errno;
	s->sock = sv[0];
	s->child_sock = sv[1];
	/* the program's end survives its exec; ours does not */
	if (fcntl(sv[1], F_SETFD, 0) < 0 || fstat(sv[1], &st) < 0 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0)
		return errno;
	snprintf(s->env, sizeof(s->env), "%d:%llu", sv[1], (unsigned long long)st.st_ino);
	return 0;
}

struct sched_record *sched_record_open(const char *dir, bool per_thread, char *why, size_t why_size)
{
	struct sched_record *s = xcalloc(1, sizeof(*s));
	int err;

	s->fd = s->sock = s->child_sock = -1;
	s->per_thread = per_thread;
	err = per_thread ? open_per_thread(s) : open_per_cpu(s);
	if ((!per_thread && !s->nrings) || err) {
		why_errno(why, why_size, err ? err : ENODEV);
		sched_free(s);
		return NULL;
	}
	if (file_start(s, dir) < 0) {
		snprintf(why, why_size, "cannot write '%s/%s': %s", dir, FT_SCHED_FILE,
			 strerror(errno));
		sched_free(s);
		return NULL;
	}
	return s;
}

const char *sched_record_env(const struct sched_record *s)
{
	return s->per_thread ? s->env : NULL;
}

void sched_record_spawned(struct sched_record *s)
{
	if (s->child_sock >= 0)
		close(s->child_sock);
	s->child_sock = -1;
}

unsigned sched_record_pollfds(struct sched_record *s, struct pollfd *fds, unsigned max)
{
	unsigned n = 0;

	if (s->sock >= 0 && max)
		fds[n++] = (struct pollfd){.fd = s->sock, .events = POLLIN};
	for (unsigned i = 0; i < s->nrings && n < max; i++)
		fds[n++] = (struct pollfd){.fd = s->rings[i].fd, .events = POLLIN};
	return n;
}

static void buf_flush(struct sched_record *s)
{
	size_t len = s->nbuf * sizeof(s->buf[0]);

	if (s->nbuf && !s->failed && write(s->fd, s->buf, len) != (ssize_t)len) {
		warn("cannot write '%s': %s: context switches are missing from here on", s->path,
		     errno ? strerror(errno) : "short write");
		s->failed = true;
	}
	s->nbuf = 0;
}

static void rec_add(struct sched_record *s, uint32_t tid, uint64_t ns, uint16_t misc)
{
	struct ft_sched_rec *r = &s->buf[s->nbuf++];

	r->ns = ns;
	r->tid = tid;
	r->flags = (misc & PERF_RECORD_MISC_SWITCH_OUT ? FT_SCHED_OUT : 0) |
		   (misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT ? FT_SCHED_PREEMPT : 0);
	s->count++;
	if (s->nbuf == sizeof(s->buf) / sizeof(s->buf[0]))
		buf_flush(s);
}

/*
 * One record, copied out of the ring (it may wrap). SWITCH: the sample id (pid, tid, time)
 * follows the header; SWITCH_CPU_WIDE has the other task's pid and tid first. LOST: id, count.
 */
static void record_one(struct sched_record *s, const uint8_t *p, uint32_t size)
{
	struct perf_event_header h;
	uint32_t ids[2];
	uint64_t v[2];
	size_t off = sizeof(h);

	memcpy(&h, p, sizeof(h));
	if (h.type == PERF_RECORD_LOST && size >= off + sizeof(v)) {
		memcpy(v, p + off, sizeof(v));
		s->lost += v[1];
		return;
	}
	if (h.type == PERF_RECORD_SWITCH_CPU_WIDE)
		off += 8;
	else if (h.type != PERF_RECORD_SWITCH)
		return;
	if (size < off + sizeof(ids) + sizeof(v[0]))
		return;
	memcpy(ids, p + off, sizeof(ids));
	memcpy(&v[0], p + off + sizeof(ids), sizeof(v[0]));
	rec_add(s, ids[1], v[0], h.misc);
}

static void ring_drain(struct sched_record *s, struct ring *r)
{
	uint64_t head = __atomic_load_n(&r->page->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->page->data_tail;
	uint8_t tmp[256];

	while (tail < head) {
		struct perf_event_header h;
		uint64_t off = tail & (r->size - 1);

		for (unsigned i = 0; i < sizeof(h); i++)
			((uint8_t *)&h)[i] = r->data[(off + i) & (r->size - 1)];
		if (h.size < sizeof(h) || h.size > head - tail)
			break; /* never happens with a sane kernel: give up on this ring's rest */
		if (h.size <= sizeof(tmp)) {
			for (unsigned i = 0; i < h.size; i++)
				tmp[i] = r->data[(off + i) & (r->size - 1)];
			record_one(s, tmp, h.size);
		}
		tail += h.size;
	}
	__atomic_store_n(&r->page->data_tail, head, __ATOMIC_RELEASE);
}

/* a thread's ring whose thread has exited: nothing more will come */
static bool ring_done(const struct ring *r)
{
	struct pollfd p = {.fd = r->fd, .events = POLLIN};

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP);
}

/* After an exec the thread's new image opens a second event: the first one goes on. */
static bool thread_has_ring(struct sched_record *s, int32_t tid)
{
	for (unsigned i = 0; i < s->nrings; i++)
		if (s->rings[i].tid == tid && !ring_done(&s->rings[i]))
			return true;
	return false;
}

/* The events the threads sent since the last time; a refusal is said once. */
static void threads_accept(struct sched_record *s)
{
	struct ft_sched_hello hello;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {&hello, sizeof(hello)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};

	for (;;) {
		struct cmsghdr *c;
		int fd = -1;

		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		if (recvmsg(s->sock, &msg, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(hello))
			break;
		c = CMSG_FIRSTHDR(&msg);
		if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(fd));
		if (fd < 0) {
			if (!s->refused && hello.err)
				warn("context switches of thread %d are not recorded: "
				     "perf_event_open: %s",
				     hello.tid, strerror(hello.err));
			s->refused = s->refused ? s->refused : hello.err;
		} else if (thread_has_ring(s, hello.tid)) {
			close(fd);
		} else if (ring_map(s, fd, hello.tid) < 0) {
			warn("context switches of thread %d are not recorded: mmap: %s", hello.tid,
			     strerror(errno));
		}
	}
}

/* the rings of threads that have exited, drained one last time */
static void threads_reap(struct sched_record *s)
{
	unsigned k = 0;

	for (unsigned i = 0; i < s->nrings; i++) {
		if (ring_done(&s->rings[i])) {
			ring_drain(s, &s->rings[i]);
			ring_close(s, &s->rings[i]);
		} else {
			s->rings[k++] = s->rings[i];
		}
	}
	s->nrings = k;
}

void sched_record_drain(struct sched_record *s)
{
	if (s->per_thread)
		threads_accept(s);
	for (unsigned i = 0; i < s->nrings; i++)
		ring_drain(s, &s->rings[i]);
	if (s->per_thread)
		threads_reap(s);
	buf_flush(s);
}

/* The rings come per CPU; readers want each thread's switches together, in time order. */
static int file_sort(struct sched_record *s)
{
	struct ft_sched_header h = {.magic = FT_SCHED_MAGIC,
				    .version = FT_FORMAT_VERSION,
				    .rec_size = sizeof(struct ft_sched_rec),
				    .flags = FT_SCHED_SORTED,
				    .lost = s->lost};
	size_t len = s->count * sizeof(struct ft_sched_rec);
	struct ft_sched_rec *recs = len ? xmalloc(len) : NULL;
	int rc = 0;

	if (len && pread(s->fd, recs, len, sizeof(h)) != (ssize_t)len)
		rc = -1;
	if (!rc && len) {
		qsort(recs, s->count, sizeof(*recs), sched_rec_cmp);
		if (pwrite(s->fd, recs, len, sizeof(h)) != (ssize_t)len)
			rc = -1;
	}
	if (!rc && pwrite(s->fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		rc = -1;
	free(recs);
	return rc;
}

int sched_record_finish(struct sched_record *s, struct sched_summary *sum)
{
	int rc = 0;

	sched_record_drain(s);
	for (unsigned i = 0; i < s->nrings; i++)
		ring_close(s, &s->rings[i]);
	s->nrings = 0;
	if (s->failed || file_sort(s) < 0) {
		if (!s->failed)
			warn("cannot sort '%s': %s: replay sorts it each time", s->path,
			     strerror(errno));
		rc = -1;
	}
	*sum = (struct sched_summary){.switches = s->count, .lost = s->lost};
	sched_free(s);
	return rc;
}
