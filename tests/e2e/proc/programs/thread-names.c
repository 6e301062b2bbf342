/* SPDX-License-Identifier: MIT */
/* Threads named every way: prctl on itself (main: boss), pthread_setname_np on itself (io-worker) and
 * on another thread (by-main), its comm written (via-comm), and one left unnamed (it inherits boss).
 * With "kill" the process SIGKILLs itself at the end: the names given must survive. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pthread_barrier_t named;

__attribute__((noinline)) void work(int n)
{
	usleep(100 * n);
}

void *io(void *arg)
{
	pthread_setname_np(pthread_self(), "io-worker");
	work(1);
	return arg;
}

void *plain(void *arg)
{
	work(2);
	return arg;
}

void *other(void *arg)
{
	pthread_barrier_wait(&named);
	work(3);
	return arg;
}

void *comm(void *arg)
{
	int fd = open("/proc/thread-self/comm", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "via-comm", 8) < 0)
			work(0);
		close(fd);
	}
	work(4);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t[4];

	pthread_barrier_init(&named, NULL, 2);
	prctl(PR_SET_NAME, "boss");
	pthread_create(&t[0], NULL, io, NULL);
	pthread_create(&t[1], NULL, plain, NULL);
	pthread_create(&t[2], NULL, other, NULL);
	pthread_create(&t[3], NULL, comm, NULL);
	pthread_setname_np(t[2], "by-main");
	pthread_barrier_wait(&named);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (argc > 1 && !strcmp(argv[1], "kill"))
		raise(SIGKILL);
	return 0;
}
