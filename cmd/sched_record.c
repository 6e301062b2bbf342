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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sched_record.h"
#include "schedlog.h"
#include "trace_format.h"
#include "util.h"

#define RING_PAGES 64u /* data pages per CPU (256 KiB): ~10,000 switches between two drains */

struct ring {
	int fd;
	struct perf_event_mmap_page *page; /* the header page, then the data pages */
	uint8_t *data;
	uint64_t size; /* bytes of data, a power of two */
};

struct sched_record {
	struct ring *rings;
	unsigned nrings;
	int fd; /* DIR/sched */
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

/*
 * A dummy software event that counts nothing and samples nothing: context_switch alone makes the
 * kernel write PERF_RECORD_SWITCH records, stamped (sample_id_all) with the thread and the time, on
 * CLOCK_MONOTONIC like the trace's clock-sync pairs. Disabled in ftrace itself; the program gets
 * its inherited copies enabled at exec.
 */
static void attr_init(struct perf_event_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_DUMMY;
	a->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a->sample_id_all = 1;
	a->context_switch = 1;
	a->disabled = 1;
	a->enable_on_exec = 1;
	a->inherit = 1;
	a->exclude_kernel = 1; /* nothing is sampled; allowed at perf_event_paranoid 2 */
	a->exclude_hv = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = RING_PAGES * 4096u / 4;
}

static int ring_open(struct ring *r, struct perf_event_attr *a, int cpu)
{
	size_t len = (1 + RING_PAGES) * 4096u;
	void *m;

	r->fd = perf_open(a, cpu);
	if (r->fd < 0)
		return -1;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (m == MAP_FAILED) {
		close(r->fd);
		return -1;
	}
	r->page = m;
	r->data = (uint8_t *)m + 4096;
	r->size = RING_PAGES * 4096u;
	return 0;
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
	for (unsigned i = 0; i < s->nrings; i++) {
		munmap(s->rings[i].page, (1 + RING_PAGES) * 4096u);
		close(s->rings[i].fd);
	}
	if (s->fd >= 0)
		close(s->fd);
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
struct sched_record *sched_record_open(const char *dir, char *why, size_t why_size)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	struct sched_record *s = xcalloc(1, sizeof(*s));
	struct perf_event_attr a;
	int err = 0;

	s->fd = -1;
	attr_init(&a);
	s->rings = xcalloc(ncpu > 0 ? (size_t)ncpu : 1, sizeof(*s->rings));
	for (long cpu = 0; cpu < ncpu; cpu++) {
		if (ring_open(&s->rings[s->nrings], &a, (int)cpu) == 0)
			s->nrings++;
		else if (errno != ENODEV && errno != EINVAL)
			err = err ? err : errno;
	}
	if (!s->nrings || err) {
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

unsigned sched_record_pollfds(struct sched_record *s, struct pollfd *fds, unsigned max)
{
	unsigned n = 0;

	for (; n < s->nrings && n < max; n++)
		fds[n] = (struct pollfd){.fd = s->rings[n].fd, .events = POLLIN};
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

void sched_record_drain(struct sched_record *s)
{
	for (unsigned i = 0; i < s->nrings; i++)
		ring_drain(s, &s->rings[i]);
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
	for (unsigned i = 0; i < s->nrings; i++) {
		munmap(s->rings[i].page, (1 + RING_PAGES) * 4096u);
		close(s->rings[i].fd);
	}
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
