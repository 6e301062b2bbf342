/* SPDX-License-Identifier: MIT */
/* Makes N counted calls, then dies three calls deep the way argv[1] says, after printing how many traced
 * calls it made ("calls 12"): segv, bus, fpe, ill, abort, kill, outside (waits for SIGKILL), exit (_exit 7). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../../programs/e2e.h"

static int calls;		     /* traced calls so far, the current one included */
static int *volatile bad_ptr = (int *)4; /* volatile: the compilers cannot prove the fault */
static volatile int one = 1, zero; /* 1 / x alone becomes a compare at -O2: both must be loaded */

/* write(2), not stdio: nothing is left in a buffer when the program dies */
#define SAY_CALLS() dprintf(1, "calls %d\n", calls)

NOINLINE void step(void) { calls++; sink++; }

NOINLINE void die_segv(void)
{
	calls++;
	SAY_CALLS();
	*bad_ptr = 1;
}

/* a shared mapping of a file truncated under it: the page has no backing any more */
NOINLINE void die_bus(void)
{
	int fd = open("bus.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	volatile char *m;

	calls++;
	if (fd < 0 || ftruncate(fd, 4096) != 0)
		exit(90);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED || ftruncate(fd, 0) != 0)
		exit(91);
	SAY_CALLS();
	sink = m[0];
}

/* volatile operands: the compilers must emit idiv, which traps on zero */
NOINLINE void die_fpe(void)
{
	calls++;
	SAY_CALLS();
	sink = one / zero;
}

NOINLINE void die_ill(void)
{
	calls++;
	SAY_CALLS();
	__builtin_trap(); /* ud2 */
}

/* glibc notices the second free of a tcache chunk and calls abort() */
NOINLINE void die_abort(void)
{
	char *volatile p = malloc(24);

	calls++;
	SAY_CALLS();
	free(p);
	free(p);
}

NOINLINE void die_kill(void)
{
	calls++;
	SAY_CALLS();
	kill(getpid(), SIGKILL);
}

/* "ready" appears once the count is printed; then the test kills us with SIGKILL */
NOINLINE void die_outside(void)
{
	int fd;

	calls++;
	SAY_CALLS();
	fd = open("ready", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dprintf(fd, "%d\n", (int)getpid());
		close(fd);
	}
	for (;;)
		pause();
}

NOINLINE void die_exit(void)
{
	calls++;
	SAY_CALLS();
	_exit(7);
}

NOINLINE void die(const char *how)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} ways[] = { { "segv", die_segv }, { "bus", die_bus },	 { "fpe", die_fpe },	     { "ill", die_ill },
		     { "abort", die_abort }, { "kill", die_kill }, { "outside", die_outside }, { "exit", die_exit } };

	calls++;
	for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]); i++)
		if (!strcmp(how, ways[i].name))
			ways[i].fn();
	sink++;
}

NOINLINE void level2(const char *how) { calls++; die(how); sink++; }
NOINLINE void level1(const char *how) { calls++; level2(how); sink++; }

int main(int argc, char **argv)
{
	int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0; /* atoi is inlined by clang, hook calls and all */

	calls++;
	if (argc < 2)
		return 2;
	for (int i = 0; i < n; i++)
		step();
	level1(argv[1]);
	return 1; /* not reached for a known way to die */
}
