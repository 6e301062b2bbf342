/* SPDX-License-Identifier: MIT */
/* A sandboxed program: a seccomp filter that kills it on any system call outside a list of the
 * common ones (openat, not openat2), installed in main; then a thread whose first call makes
 * libmcount open its stream and log it. Traced, it must live and its thread be recorded. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "e2e.h"

static int kill_on(long nr)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

NOINLINE int work(int x)
{
	return x * 2;
}

static void *thread_main(void *arg)
{
	(void)arg;
	return (void *)(long)work(21);
}

int main(void)
{
	pthread_t t;
	void *ret;

#ifdef SYS_openat2
	if (kill_on(SYS_openat2) != 0) {
		perror("seccomp");
		return 2;
	}
#endif
	if (pthread_create(&t, NULL, thread_main, NULL) != 0 || pthread_join(t, &ret) != 0)
		return 3;
	printf("%ld\n", (long)ret);
	return 0;
}
