/* SPDX-License-Identifier: MIT */
/* Context switches per thread (record --sched-events=thread): each thread opens its own perf event
 * when its stream starts and hands the descriptor to `ftrace record`, which maps and drains it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mcount.h"
#include "sched_attr.h"

#define RING_BYTES (16u * 4096u) /* must match cmd/sched_record.c's THREAD_PAGES */

static int sched_sock = -1;
static ino_t sched_ino;
/* the thread's own mapping of its event's ring: the kernel allocates the ring at the first mmap and
 * drops the records of an event that has none, so the thread maps it before it runs on (record's
 * mapping shares the same ring) */
static __thread void *ring;
/* every ring this process mapped (threads that ended included), until record has marked it taken */
#define OWN_MAX 1024
static void *own[OWN_MAX];
static unsigned nown;

/* FT_ENV_SCHED = "FD:INODE": the recorder's socket, inherited from it (the inode tells it from a
 * descriptor of the program's that reused the number after the program closed ours) */
void mc_sched_init(void)
{
	const char *env = getenv(FT_ENV_SCHED);
	unsigned long long ino;
	int fd;

	if (env && sscanf(env, "%d:%llu", &fd, &ino) == 2 && fd >= 0) {
		sched_sock = fd;
		sched_ino = (ino_t)ino;
	}
}

static bool sock_is_ours(void)
{
	struct stat st;

	return sched_sock >= 0 && fstat(sched_sock, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       st.st_ino == sched_ino;
}

/* Once per thread (and per fork child, and again after an exec: record keeps the first event of a
 * thread and closes a second): the event's switches begin here, at the thread's first traced call,
 * before which no frame of it is open that a switch could be charged to. */
void mc_sched_thread_open(pid_t tid)
{
	struct ft_sched_hello hello = {.tid = tid};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl = {0};
	struct iovec iov = {&hello, sizeof(hello)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct perf_event_attr a;
	int fd, saved = errno;

	if (!sock_is_ours())
		return;
	ft_sched_attr(&a, RING_BYTES / 4);
	fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0) {
		ring = mmap(NULL, 4096 + RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (ring == MAP_FAILED) {
			hello.err = errno;
			close(fd);
			fd = -1;
			ring = NULL;
		}
	} else {
		hello.err = errno;
	}
	if (fd >= 0) {
		struct cmsghdr *c;
		unsigned i = __atomic_fetch_add(&nown, 1, __ATOMIC_RELAXED);

		if (i < OWN_MAX)
			__atomic_store_n(&own[i], ring, __ATOMIC_RELEASE);

		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	/* blocks only while record's queue is full (it is draining it); fails only when record is gone */
	while (sendmsg(sched_sock, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
	if (fd >= 0)
		close(fd);
	errno = saved;
}

/*
 * The thread exits, and its ring stays mapped until the process ends or execs: a short thread may
 * end before record has taken its event from the socket, and unmapping the only mapping would free
 * the ring with the switches in it. 68 KiB per thread that ever ran, and it counts against the
 * user's perf_event_mlock_kb: the price of this way (bench/README.md), not of the default.
 */
void mc_sched_thread_close(void)
{
	ring = NULL;
}

/* a fork child: the kernel did not copy the parent's mappings (perf maps are VM_DONTCOPY) */
void mc_sched_forked(void)
{
	ring = NULL;
	nown = 0;
}

/*
 * Before the process execs or ends, which unmaps its rings: until record has mapped each one too
 * (it may be slow to take them from the socket on a loaded machine). At most 2 s in all per
 * process image, for a record that was killed: then the switches of a ring not taken are lost.
 */
void mc_sched_wait_taken(void)
{
	static unsigned waited_ms;
	unsigned n = __atomic_load_n(&nown, __ATOMIC_ACQUIRE);
	struct timespec ms = {0, 1000000};
	int saved = errno;

	if (n > OWN_MAX)
		n = OWN_MAX;
	for (unsigned i = 0; i < n; i++) {
		void *page = __atomic_load_n(&own[i], __ATOMIC_ACQUIRE);

		while (page && !ft_sched_ring_taken(page) && waited_ms < 2000) {
			syscall(SYS_nanosleep, &ms, NULL);
			waited_ms++;
		}
	}
	errno = saved;
}
