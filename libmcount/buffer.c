/* SPDX-License-Identifier: MIT */
/* Per-thread streams: <tid>.dat grown chunk by chunk, each chunk a MAP_SHARED window of the file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stream.h"

/* this thread's state: shadow stack and stream (defined with the stream, which everything uses) */
HIDDEN __thread struct mc_thread mc_th __attribute__((tls_model("initial-exec")));

/* room kept at the end of a chunk for a STOP or LOST event after the last record */
#define CHUNK_MARGIN 64
/*
 * Bytes of a thread's first chunk reserved on disk at once, the rest when it is needed: most
 * threads make few calls. They are written (zeros) rather than fallocated: on ext4, trimming a file
 * whose dirty page lies in a fallocated (unwritten) extent waits for that page to reach the disk,
 * milliseconds per thread, which made short threads 20 times dearer than untraced.
 */
#define FIRST_RESERVE 4096u

/*
 * Every file libmcount writes is opened here, by name in the data directory, following no link
 * (open_no_links): the traced program knows FTRACE_DIR and may plant a symbolic link, a hard link or
 * a FIFO in place of a file (or of the directory) to make us write elsewhere. Only a regular file
 * with one link is written; anything else fails with ELOOP.
 */
int mc_open_data(const char *name, int flags)
{
	struct stat st;

	return mc_open_data_stat(name, flags, &st);
}

/*
 * The directory first (O_PATH, never through a link), then the name in it. Not openat2() with
 * RESOLVE_NO_SYMLINKS, one system call less: a program whose seccomp filter (its own, or inherited
 * through exec from a sandboxing parent) allows openat but not the newer openat2 could be killed
 * by it, and the tracer must never break the program.
 */
static int open_no_links(const char *name, int flags)
{
	int fd, dfd = open(mc_cfg.dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (dfd < 0)
		return -1;
	fd = openat(dfd, name, flags, 0644);
	close(dfd);
	return fd;
}

/* The same, with the file's status in *st (an appender's size, without another fstat). */
int mc_open_data_stat(const char *name, int flags, struct stat *st)
{
	int fd = open_no_links(name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_nlink > 1)) {
		close(fd);
		errno = ELOOP;
		return -1;
	}
	return fd;
}

HIDDEN struct ft_counters *mc_counters;

/* Maps DIR/counters, which `ftrace record` wrote at full size: from here on, losses and stops are
 * counted with no descriptor and no disk space needed. Not there (an old recorder): not counted. */
void mc_counters_map(void)
{
	struct stat st;
	void *p = MAP_FAILED;
	int fd = mc_open_data_stat(FT_COUNTERS_FILE, O_RDWR, &st);

	if (fd < 0)
		return;
	if (st.st_size >= FT_COUNTERS_SIZE)
		p = mmap(NULL, FT_COUNTERS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p != MAP_FAILED && ((struct ft_counters *)p)->magic == FT_COUNTERS_MAGIC)
		mc_counters = p;
	else if (p != MAP_FAILED)
		munmap(p, FT_COUNTERS_SIZE);
}

/* A thread's tracing stopped for reason (FT_STOP_*), with errno err. */
static void count_stop(int reason, int err)
{
	struct ft_counters *c = mc_counters;
	uint64_t zero = 0;

	if (!c)
		return;
	__atomic_add_fetch(&c->stops[(unsigned)reason % FT_STOP_REASONS], 1, __ATOMIC_RELAXED);
	if (__atomic_compare_exchange_n(&c->first_stop_time, &zero, mc_clock() | 1, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		c->first_stop_reason = (uint32_t)reason;
		c->first_stop_errno = (uint32_t)err;
	}
}

static void count_lost(uint64_t n)
{
	if (mc_counters && n)
		__atomic_add_fetch(&mc_counters->lost, n, __ATOMIC_RELAXED);
}

static void chunk_unmap(struct mc_thread *t)
{
	if (t->map)
		munmap(t->map, mc_cfg.chunk_size);
	t->map = NULL;
	t->chunk = NULL;
}

/* <tid>.dat, or <tid>-<pid>.dat for a stream that threads of process pid took over (see
 * stream_pool_put) */
static void stream_name(char name[48], pid_t file_tid, bool taken)
{
	if (taken)
		snprintf(name, 48, "%d-%d.dat", (int)file_tid, (int)mc_cfg.pid);
	else
		snprintf(name, 48, "%d.dat", (int)file_tid);
}

static int stream_open(const struct mc_thread *t, int flags)
{
	char name[48];

	stream_name(name, t->file_tid, t->taken);
	return mc_open_data(name, flags);
}

/*
 * Growing a file past RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the program: every
 * write of ours that can grow a file asks first. The program may lower the limit at any time, so
 * the limit is read each time (a chunk or a task line, never on the fast path).
 */
bool mc_fits(int fd, size_t n)
{
	struct stat st;

	return fstat(fd, &st) != 0 || mc_fsize_allows((uint64_t)st.st_size + n);
}

bool mc_fsize_allows(uint64_t end)
{
	struct rlimit rl;

	return getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	       end <= (uint64_t)rl.rlim_cur;
}

/*
 * The data must reach the file even when the program is killed, so the buffer is the file:
 * fallocate reserves the space (a full disk fails here, not as SIGBUS later), mmap maps it. No
 * descriptor stays open between chunks: thousands of threads must not exhaust the program's file
 * descriptors, and a program that closes every descriptor it did not open must not break the trace.
 * The first chunk of a thread is not prefaulted: most threads of a big program make few calls.
 */
/* Reserves [off, off + len) of the file on disk, by writing zeros when small (a first chunk's
 * start, see FIRST_RESERVE); 0 or an errno. A filesystem without fallocate gets the size alone
 * (where a full disk can only show as SIGBUS). */
static int space_reserve(int fd, uint64_t off, uint64_t len)
{
	static const uint8_t zeros[4096];
	struct stat st;

	if (len <= 16 * sizeof(zeros)) { /* len is a whole number of pages */
		for (uint64_t done = 0; done < len; done += sizeof(zeros)) {
			ssize_t n = pwrite(fd, zeros, sizeof(zeros), (off_t)(off + done));

			if (n != (ssize_t)sizeof(zeros))
				return n < 0 ? errno : ENOSPC;
		}
		return 0;
	}
	if (fallocate(fd, 0, (off_t)off, (off_t)len) == 0)
		return 0;
	if (errno != EOPNOTSUPP)
		return errno;
	if (fstat(fd, &st) == 0 && (uint64_t)st.st_size >= off + len)
		return 0;
	return ftruncate(fd, (off_t)(off + len)) == 0 ? 0 : errno;
}

/* What a thread's first chunk reserves: enough for the frames it inherited (a CONTEXT event of up
 * to 20 bytes a frame, which may take half the reservation), the whole chunk in a ring. */
static uint32_t first_reserve(const struct mc_thread *t)
{
	/* a fork child's inherited frames: in the same reservation, its CONTEXT event comes first */
	uint64_t want = FIRST_RESERVE + (uint64_t)t->inherited * 40;

	if (t->seq || mc_cfg.ring_chunks || want >= mc_cfg.chunk_size)
		return mc_cfg.chunk_size;
	return (uint32_t)((want + 4095) & ~4095ull);
}

/* Where this thread's stream continues: after an exec the same tid appends to what the previous
 * image wrote, at the next chunk boundary. */
static void stream_resume(struct mc_thread *t, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_size > 0)
		t->next_off = ((uint64_t)st.st_size + mc_cfg.chunk_size - 1) / mc_cfg.chunk_size *
			      mc_cfg.chunk_size;
	else
		t->next_off = 0;
	if (mc_cfg.ring_chunks)
		t->next_off %= (uint64_t)mc_cfg.ring_chunks * mc_cfg.chunk_size;
}

/* Maps the next chunk (first: the thread's first, which also finds where its stream continues);
 * t->reserved is set to what was reserved on disk. */
static struct ft_chunk_header *chunk_map(struct mc_thread *t, int *err, bool first)
{
	void *p = MAP_FAILED;
	int fd = stream_open(t, O_RDWR | O_CREAT);
	uint32_t want;
	struct stat st;

	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	if (first)
		stream_resume(t, fd);
	want = first_reserve(t);
	if (!mc_fsize_allows(t->next_off + mc_cfg.chunk_size)) {
		*err = EFBIG;
		goto out;
	}
	*err = space_reserve(fd, t->next_off, want);
	/* the rest of a partly reserved chunk is a hole, never written before it is reserved */
	if (!*err && want < mc_cfg.chunk_size && fstat(fd, &st) == 0 &&
	    (uint64_t)st.st_size < t->next_off + mc_cfg.chunk_size &&
	    ftruncate(fd, (off_t)(t->next_off + mc_cfg.chunk_size)) != 0)
		*err = errno;
	if (*err)
		goto out;
	p = mmap(NULL, mc_cfg.chunk_size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | (t->seq ? MAP_POPULATE : 0), fd, (off_t)t->next_off);
	if (p == MAP_FAILED) {
		*err = errno;
	} else {
		chunk_unmap(t);
		t->map = p;
		t->reserved = want;
	}
out:
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* The rest of a partly reserved chunk: false (and *err) when the disk cannot give it. */
static bool chunk_grow(struct mc_thread *t, int *err)
{
	int fd = stream_open(t, O_RDWR);
	uint64_t off = t->next_off - mc_cfg.chunk_size; /* not a ring: next_off never wrapped */

	if (fd < 0) {
		*err = errno;
		return false;
	}
	*err = space_reserve(fd, off + t->reserved, mc_cfg.chunk_size - t->reserved);
	close(fd);
	if (*err)
		return false;
	t->reserved = mc_cfg.chunk_size;
	t->limit = t->map + t->reserved;
	t->end = t->limit - CHUNK_MARGIN - FT_RECORD_MAX;
	return true;
}

static void chunk_init(struct mc_thread *t, struct ft_chunk_header *h)
{
	*h = (struct ft_chunk_header){
		.magic = FT_CHUNK_MAGIC,
		.version = FT_FORMAT_VERSION,
		.header_size = sizeof(*h),
		.endian = FT_ENDIAN_MARK,
		.chunk_size = mc_cfg.chunk_size,
		.seq = t->seq++,
		.pid = (uint32_t)mc_cfg.pid,
		.tid = (uint32_t)t->tid,
		.base_time = t->last_time,
		.lost = t->lost,
		.depth = t->depth,
		.flags = mc_cfg.ring_chunks ? FT_CHUNK_RING : 0,
		.session = mc_cfg.session,
	};
	t->chunk = h;
	t->wp = (uint8_t *)(h + 1);
	t->limit = t->map + t->reserved;
	t->end = t->limit - CHUNK_MARGIN - FT_RECORD_MAX;
	t->last_addr = 0;
}

/* A chunk of its own was mapped at next_off (not one following another thread's). */
static void chunk_advance(struct mc_thread *t)
{
	t->next_off += mc_cfg.chunk_size;
	if (mc_cfg.ring_chunks && t->next_off >= (uint64_t)mc_cfg.ring_chunks * mc_cfg.chunk_size)
		t->next_off = 0;
}

static unsigned varint_len(uint64_t v)
{
	unsigned n = 1;

	while (v >>= 7)
		n++;
	return n;
}

/* The innermost n open frames, for a reader that starts here: a fork child's inherited frames, or
 * the stack at the start of a flight-ring chunk. Bounded so it always fits the chunk. */
static void emit_context(struct mc_thread *t, uint32_t n)
{
	uint64_t len;
	uint8_t *p;

	if (n > (t->reserved / 2) / 20)
		n = (t->reserved / 2) / 20;
	len = varint_len(n);
	for (uint32_t i = t->depth - n; i < t->depth; i++)
		len += varint_len(t->frames[i].time) + varint_len(t->frames[i].addr);
	p = mc_put_event_header(t->wp, mc_ticks(t->chunk->base_time, t->last_time), FT_EV_CONTEXT,
				len);
	p = ft_put_varint(p, n);
	for (uint32_t i = t->depth - n; i < t->depth; i++) {
		p = ft_put_varint(p, t->frames[i].time);
		p = ft_put_varint(p, t->frames[i].addr);
	}
	t->wp = p;
	t->chunk->used = (uint32_t)(p - (uint8_t *)(t->chunk + 1));
	t->inherited = 0;
}

/* Moves the stream to a fresh chunk; on failure tracing stops for this thread, the old chunk stays.
 */
bool mc_chunk_next(struct mc_thread *t)
{
	int err = 0;
	struct ft_chunk_header *h;

	if (t->reserved < mc_cfg.chunk_size) {
		/* a first chunk reserved in part: the same chunk, with room to its end */
		if (chunk_grow(t, &err))
			return true;
		goto fail;
	}
	h = chunk_map(t, &err, false);
	if (!h)
		goto fail;
	chunk_init(t, h);
	chunk_advance(t);
	/* a ring's oldest chunk may be all that is left: it names the frames that were open */
	if (mc_cfg.ring_chunks && t->depth)
		emit_context(t, t->depth);
	return true;
fail:
	mc_stop(t,
		err == ENOSPC	? FT_STOP_NOSPACE
		: err == ENOMEM ? FT_STOP_NOMEM
		: err == EFBIG	? FT_STOP_FSIZE
				: FT_STOP_IO,
		err);
	return false;
}

static void chunk_next_cb(void *arg)
{
	mc_chunk_next(arg);
}

bool mc_chunk_next_saving_fp(struct mc_thread *t)
{
	mc_call_saving_fp(chunk_next_cb, t);
	return t->state == MC_TRACING;
}

/* room an event's header needs, at most, besides its payload */
#define EVENT_HEADER_MAX 30

/* Writes an event where the stream is, which the caller made sure there is room for. */
static __attribute__((optimize("no-tree-loop-distribute-patterns"))) void
write_event(struct mc_thread *t, uint64_t now, unsigned type, const uint8_t *payload, size_t len)
{
	uint64_t d = mc_ticks(t->last_time, now);
	uint8_t *p = mc_put_event_header(t->wp, d, type, len);

	/* not memcpy: libc's uses SSE registers, which may hold the traced function's arguments or
	 * return value here */
	for (size_t i = 0; i < len; i++)
		*p++ = payload[i];
	t->wp = p;
	t->last_time = d ? now : t->last_time;
	t->chunk->used = (uint32_t)(p - (uint8_t *)(t->chunk + 1));
}

void mc_emit_payload(struct mc_thread *t, uint64_t now, unsigned type, const uint8_t *payload,
		     size_t len)
{
	mc_check_process();
	if (!t->chunk)
		return;
	if (t->wp + len + EVENT_HEADER_MAX > t->limit && !mc_chunk_next_saving_fp(t))
		return;
	write_event(t, now, type, payload, len);
}

void mc_emit_event(struct mc_thread *t, uint64_t now, unsigned type, const uint64_t *vals,
		   unsigned n)
{
	uint8_t payload[10 * 8], *q = payload;

	if (n > 8)
		return;
	for (unsigned i = 0; i < n; i++)
		q = ft_put_varint(q, vals[i]);
	mc_emit_payload(t, now, type, payload, (size_t)(q - payload));
}

void mc_emit_attached(struct mc_thread *t, unsigned type, const uint8_t *payload, size_t len)
{
	if (t->state != MC_TRACING || !t->chunk || t->wp + len + 16 > t->end)
		return;
	write_event(t, t->last_time, type, payload, len);
}

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Shadow stacks of threads that ended, for new threads to take: a program that starts thousands
 * of short threads maps a few, not thousands. */
#define FRAMES_POOL 16
static struct mc_frame *frames_pool[FRAMES_POOL];

static bool frames_alloc(struct mc_thread *t)
{
	size_t size = (size_t)mc_cfg.max_depth * sizeof(struct mc_frame);
	void *p = NULL;

	for (unsigned i = 0; i < FRAMES_POOL && !p; i++)
		if (frames_pool[i])
			p = __atomic_exchange_n(&frames_pool[i], NULL, __ATOMIC_ACQUIRE);
	if (!p)
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	t->frames = p;
	/* the first frames need no alternate signal stack (mc_thread_deepen) */
	t->max_depth = mc_cfg.max_depth > ALTSTACK_DEPTH ? ALTSTACK_DEPTH : mc_cfg.max_depth;
	return true;
}

/* At thread exit, with no frame open (none can return through it any more): into the pool, or
 * kept by the thread as before when the pool is full. */
void mc_frames_release(struct mc_thread *t)
{
	struct mc_frame *none = NULL;

	if (!t->frames || t->depth)
		return;
	for (unsigned i = 0; i < FRAMES_POOL; i++)
		if (__atomic_compare_exchange_n(&frames_pool[i], &none, t->frames, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
			t->frames = NULL;
			return;
		} else {
			none = NULL;
		}
}

/* A thread went ALTSTACK_DEPTH frames deep: now it gets its alternate signal stack, and the real
 * depth limit. */
void mc_thread_deepen(struct mc_thread *t)
{
	t->max_depth = mc_cfg.max_depth;
	if (t->state == MC_TRACING)
		mc_altstack_init(t);
}

/*
 * Streams of threads that ended, for new threads of the process to continue: a program that
 * starts thousands of short threads creates a few files, not thousands (creating a file is most
 * of what a thread's start costs on ext4, and unmapping a chunk makes every CPU flush its TLB).
 * A new thread's chunk follows the ended thread's last one in its space (FT_CHUNK_FOLLOWED) and
 * names its own tid; when that space is full it goes on in the next chunk of the same file.
 */
#define STREAM_POOL 16
/* a stream is pooled only with this much room left after its last record */
#define POOL_ROOM (sizeof(struct ft_chunk_header) + CHUNK_MARGIN + FT_RECORD_MAX + 1024)

enum { SLOT_FREE, SLOT_BUSY, SLOT_FULL };

struct pooled_stream {
	int state; /* SLOT_*: a thread claims a slot (FREE or FULL -> BUSY) before touching it */
	uint8_t *map;
	struct ft_chunk_header *last; /* the last chunk, which the next one follows */
	uint64_t next_off;
	uint32_t reserved;
	pid_t file_tid;
};

static struct pooled_stream stream_pool[STREAM_POOL];

static void stream_cut(struct mc_thread *t);

static bool slot_claim(struct pooled_stream *s, int from)
{
	return __atomic_compare_exchange_n(&s->state, &from, SLOT_BUSY, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static void slot_set(struct pooled_stream *s, int state)
{
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
}

static uint8_t *follower_at(const struct ft_chunk_header *h)
{
	return (uint8_t *)h + (FT_FOLLOWER_OFFSET(0, h->header_size, h->used));
}

/*
 * A taken stream is renamed <tid>-<pid>.dat first: a later thread that gets the ended thread's
 * tid (tids are reused, after 32768 on some systems) opens <tid>.dat and must find a new file,
 * not this one whose space is still being written. RENAME_NOREPLACE: never over another file.
 */
static bool stream_rename(struct mc_thread *t)
{
	char from[48], to[48];
	int dfd = open(mc_cfg.dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), rc;

	if (dfd < 0)
		return false;
	stream_name(from, t->file_tid, false);
	stream_name(to, t->file_tid, true);
	rc = renameat2(dfd, from, dfd, to, RENAME_NOREPLACE);
	close(dfd);
	if (rc != 0)
		return false;
	t->taken = true;
	return true;
}

/* At thread exit, a cleanly closed stream with room left: into the pool (false: not taken). */
static bool stream_pool_put(struct mc_thread *t)
{
	struct ft_chunk_header *h = t->chunk;

	if (mc_cfg.ring_chunks || !h || follower_at(h) + POOL_ROOM > t->map + mc_cfg.chunk_size)
		return false;
	for (unsigned i = 0; i < STREAM_POOL; i++) {
		struct pooled_stream *s = &stream_pool[i];

		if (s->state != SLOT_FREE || !slot_claim(s, SLOT_FREE))
			continue;
		if (!t->taken && !stream_rename(t)) {
			slot_set(s, SLOT_FREE);
			return false;
		}
		*s = (struct pooled_stream){.state = SLOT_BUSY,
					    .map = t->map,
					    .last = h,
					    .next_off = t->next_off,
					    .reserved = t->reserved,
					    .file_tid = t->file_tid};
		slot_set(s, SLOT_FULL);
		t->map = NULL;
		t->chunk = NULL;
		return true;
	}
	return false;
}

/* Makes sure the first bytes of a follower at h are reserved on disk: 0 or an errno. */
static int follower_reserve(struct mc_thread *t, const uint8_t *h)
{
	uint64_t want = ((uint64_t)(h - t->map) + FIRST_RESERVE + 4095) & ~4095ull;
	int fd, err;

	if (want > mc_cfg.chunk_size)
		want = mc_cfg.chunk_size;
	if (want <= t->reserved)
		return 0;
	fd = stream_open(t, O_RDWR);
	if (fd < 0)
		return errno;
	err = space_reserve(fd, t->next_off - mc_cfg.chunk_size + t->reserved, want - t->reserved);
	close(fd);
	if (!err)
		t->reserved = (uint32_t)want;
	return err;
}

/* A new thread continues an ended thread's stream, if one is pooled: its first chunk, or NULL. */
static struct ft_chunk_header *stream_pool_take(struct mc_thread *t)
{
	struct pooled_stream got;
	struct ft_chunk_header *h;
	unsigned i;

	if (mc_cfg.ring_chunks || t->inherited)
		return NULL;
	for (i = 0; i < STREAM_POOL; i++)
		if (stream_pool[i].state == SLOT_FULL && slot_claim(&stream_pool[i], SLOT_FULL))
			break;
	if (i == STREAM_POOL)
		return NULL;
	got = stream_pool[i];
	slot_set(&stream_pool[i], SLOT_FREE);
	t->map = got.map;
	t->next_off = got.next_off;
	t->reserved = got.reserved;
	t->file_tid = got.file_tid;
	t->taken = true;
	h = (struct ft_chunk_header *)follower_at(got.last);
	if (follower_reserve(t, (uint8_t *)h) != 0) {
		/* no room on disk for it: the previous thread's chunk stays as it ended */
		chunk_unmap(t);
		t->file_tid = t->tid;
		t->taken = false;
		return NULL;
	}
	chunk_init(t, h);
	__atomic_fetch_or(&got.last->flags, FT_CHUNK_FOLLOWED, __ATOMIC_RELEASE);
	return h;
}

/* Exec or process end: the pooled streams' files are cut after their last record (trim), as a
 * thread's exit does. A fork child (no trim) only forgets its parent's. */
void mc_stream_pool_drain(bool trim)
{
	for (unsigned i = 0; i < STREAM_POOL; i++) {
		struct pooled_stream *s = &stream_pool[i];
		struct mc_thread t;

		if (!trim) {
			if (s->state == SLOT_FULL)
				munmap(s->map, mc_cfg.chunk_size);
			*s = (struct pooled_stream){.state = SLOT_FREE};
			continue;
		}
		if (s->state != SLOT_FULL || !slot_claim(s, SLOT_FULL))
			continue;
		t = (struct mc_thread){.map = s->map,
				       .wp = follower_at(s->last),
				       .next_off = s->next_off,
				       .file_tid = s->file_tid,
				       .taken = true};
		slot_set(s, SLOT_FREE);
		stream_cut(&t);
	}
}

/* The first event of a thread: frames, file, first chunk, task log line. */
bool mc_thread_start(struct mc_thread *t)
{
	int err = 0;
	struct ft_chunk_header *h;

	if (!mc_cfg.ready)
		return false;
	t->tid = gettid_raw();
	if (!t->frames && !frames_alloc(t)) {
		t->state = MC_DONE;
		return false;
	}
	t->last_time = mc_clock();
	t->file_tid = t->tid;
	t->taken = false;
	h = stream_pool_take(t);
	if (!h && (h = chunk_map(t, &err, true)) != NULL) {
		chunk_init(t, h);
		chunk_advance(t);
	}
	if (!h) {
		bool transient = err == EMFILE || err == ENFILE || err == ENOMEM || err == EINTR;
		int reason = err == ENOSPC   ? FT_STOP_NOSPACE
			     : err == EFBIG  ? FT_STOP_FSIZE
			     : err == ENOMEM ? FT_STOP_NOMEM
					     : FT_STOP_IO;

		char why[200];

		/* either way its calls are counted as lost, and its exit adds them up; a transient
		 * failure is retried, so only a final one counts as a stop */
		if (!transient)
			count_stop(reason, err);
		t->state = transient ? MC_WAITING : MC_STOPPED;
		snprintf(why, sizeof(why), "cannot start stream: %s", strerror(err));
		mc_task_log_stop(t->tid, reason, why);
		return false;
	}
	if (t->inherited)
		emit_context(t, t->inherited);
	if (t->lost) /* calls made while the stream could not start */
		mc_emit_event(t, t->last_time, FT_EV_LOST, &t->lost, 1);
	t->state = MC_TRACING;
	mc_task_log_thread(t->tid);
	mc_sched_thread_open(t->tid);
	return true;
}

/*
 * Before an exec: the new image appends to this thread's file at the next chunk boundary, so the
 * unused tail of the current chunk would stay allocated for good (a megabyte per forked-then-exec'd
 * child). Punching it out keeps the file size, so the mapping stays valid if the exec fails.
 */
void mc_stream_trim(struct mc_thread *t)
{
	uint64_t used, from;
	int fd;

	mc_stream_pool_drain(true);
	if (t->state != MC_TRACING || !t->chunk || mc_cfg.ring_chunks)
		return;
	used = (uint64_t)(t->wp - t->map);
	from = (used + 4095) & ~4095ull;
	if (from >= mc_cfg.chunk_size)
		return;
	fd = stream_open(t, O_RDWR);
	if (fd < 0)
		return;
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)(t->next_off - mc_cfg.chunk_size + from),
		      (off_t)(mc_cfg.chunk_size - from)) != 0) {
		/* not supported here: the tail stays allocated, nothing else changes */
	}
	close(fd);
}

/* Tracing cannot go on (disk full, no memory): say why in the stream and the task log, keep
 * running. */
void mc_stop(struct mc_thread *t, int reason, int err)
{
	uint8_t payload[10];
	size_t len = (size_t)(ft_put_varint(payload, (uint64_t)reason) - payload);

	if (t->state != MC_TRACING)
		return;
	/* into the chunk's margin: no new chunk, which may be what failed */
	if (t->chunk && t->wp + 16 <= t->limit)
		write_event(t, t->last_time, FT_EV_STOP, payload, len);
	t->state = MC_STOPPED;
	count_stop(reason, err);
	mc_task_log_stop(t->tid, reason, strerror(err));
}

HIDDEN uint64_t mc_lost_unreported;

/*
 * The stream ends: unmapped, the file cut after the last record. Page aligned: cutting inside the
 * last written page would make ext4 write that page out and wait for it (ordered truncate),
 * milliseconds per thread on a busy disk. A file that grew past this chunk's space (not ours any
 * more) is left as it is.
 */
static void stream_cut(struct mc_thread *t)
{
	uint64_t end = t->next_off - mc_cfg.chunk_size + (uint64_t)(t->wp - t->map);
	struct stat st;
	int fd;

	chunk_unmap(t);
	if (mc_cfg.ring_chunks)
		return;
	fd = stream_open(t, O_RDWR);
	if (fd < 0)
		return;
	end = (end + 4095) & ~4095ull;
	if (fstat(fd, &st) == 0 && (uint64_t)st.st_size <= t->next_off &&
	    ftruncate(fd, (off_t)end) != 0) {
		/* the zero tail is harmless: readers stop at `used` */
	}
	close(fd);
}

static void thread_finish(struct mc_thread *t, int reason, bool retire);

void mc_thread_finish(struct mc_thread *t, int reason)
{
	thread_finish(t, reason, false);
}

/* A thread exits (its key's destructor): its stream may go to the pool for the next thread. */
void mc_thread_retire(struct mc_thread *t)
{
	thread_finish(t, FT_AB_EXIT, true);
}

/* The thread or process ends: close open frames as abandoned, mark the chunk, trim the file. */
static void thread_finish(struct mc_thread *t, int reason, bool retire)
{
	bool clean = t->state == MC_TRACING;

	struct ft_chunk_header *h;

	mc_check_process(); /* a raw clone child must not close its parent's chunk */
	if (t->state == MC_WAITING && t->lost) {
		/* last chance to say how many calls went unrecorded: in a stream, else in the task
		 * log */
		t->state = MC_UNINIT;
		if (!mc_thread_start(t)) {
			__atomic_add_fetch(&mc_lost_unreported, t->lost, __ATOMIC_RELAXED);
			count_lost(t->lost);
			t->state = MC_DONE;
			return;
		}
	}
	h = t->chunk;

	if (t->state != MC_TRACING && t->state != MC_STOPPED)
		return;
	count_lost(t->lost);
	if (t->state == MC_TRACING && t->depth) {
		/* recorded as closed, but kept on the shadow stack: a hijacked frame may still
		 * return */
		uint64_t vals[2] = {t->depth, (uint64_t)reason};

		mc_emit_event(t, mc_clock(), FT_EV_ABANDON, vals, 2);
	}
	t->state = MC_DONE;
	mc_task_log_comm(t->tid);
	if (!h)
		return;
	h->flags |= FT_CHUNK_CLOSED;
	if (retire && clean && stream_pool_put(t))
		return;
	stream_cut(t);
}
