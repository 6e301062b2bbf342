/* SPDX-License-Identifier: MIT */
/* Lowers its own file size limit below a trace chunk, then makes enough calls to need more chunks:
 * untraced it exits 0; the tracer must not kill it with SIGXFSZ. With an argument it only calls. */
#include <stdio.h>
#include <sys/resource.h>

static volatile int sink;

static __attribute__((noinline)) void leaf(int i)
{
	sink += i;
}

int main(int argc, char **argv)
{
	struct rlimit rl = {256 << 10, 256 << 10};

	(void)argv;
	if (argc < 2 && setrlimit(RLIMIT_FSIZE, &rl) != 0)
		perror("setrlimit");
	for (int i = 0; i < 400000; i++)
		leaf(i);
	printf("done %d\n", sink != 0);
	return 0;
}
