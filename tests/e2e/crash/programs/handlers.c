/* SPDX-License-Identifier: MIT */
/* Programs that handle their own fatal signals, one per argv[1]; under ftrace each must behave exactly as
 * without it (same output, same exit status, same core dump):
 *   own       SA_SIGINFO SIGSEGV handler that prints the address and _exits 42
 *   signal    signal(SIGSEGV, h), h prints and _exits 43
 *   resethand SA_RESETHAND handler that prints and returns: the fault recurs and kills
 *   recover   siglongjmp out of a SIGSEGV handler, then a normal exit 0
 *   ignore    SIGFPE ignored: raise(SIGFPE) is ignored, a division by zero still kills
 *   abort     a SIGABRT handler that returns: abort() still kills
 *   blocked   SIGSEGV blocked: the kernel kills at the fault
 *   trap      int3 with the default disposition: killed by SIGTRAP */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../programs/e2e.h"

static int *volatile bad_ptr = (int *)4;
static volatile int one = 1, zero;
static sigjmp_buf recover_point;

static void on_segv_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	dprintf(1, "caught %d at %p\n", sig, si->si_addr);
	_exit(42);
}

static void on_segv_plain(int sig) { dprintf(1, "caught %d\n", sig); _exit(43); }
static void on_segv_once(int sig) { dprintf(1, "once %d\n", sig); }
static void on_segv_jump(int sig) { (void)sig; siglongjmp(recover_point, 1); }
static void on_abrt(int sig) { dprintf(1, "abort handler %d\n", sig); }

NOINLINE void fault(void) { *bad_ptr = 1; sink++; }
NOINLINE void divide(void) { sink = one / zero; }
NOINLINE void trap(void) { __asm__ volatile("int3"); sink++; }

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

NOINLINE int run(const char *how)
{
	if (!strcmp(how, "own")) {
		struct sigaction sa = { .sa_sigaction = on_segv_info, .sa_flags = SA_SIGINFO };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGSEGV, &sa, NULL);
		fault();
	} else if (!strcmp(how, "signal")) {
		signal(SIGSEGV, on_segv_plain);
		fault();
	} else if (!strcmp(how, "resethand")) {
		install(SIGSEGV, on_segv_once, SA_RESETHAND);
		fault();
	} else if (!strcmp(how, "recover")) {
		install(SIGSEGV, on_segv_jump, 0);
		if (sigsetjmp(recover_point, 1) == 0)
			fault();
		dprintf(1, "recovered\n");
		return 0;
	} else if (!strcmp(how, "ignore")) {
		signal(SIGFPE, SIG_IGN);
		raise(SIGFPE);
		dprintf(1, "raise ignored\n");
		divide();
	} else if (!strcmp(how, "abort")) {
		install(SIGABRT, on_abrt, 0);
		abort();
	} else if (!strcmp(how, "blocked")) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_BLOCK, &set, NULL);
		fault();
	} else if (!strcmp(how, "trap")) {
		trap();
	}
	return 1;
}

int main(int argc, char **argv)
{
	return argc > 1 ? run(argv[1]) : 2;
}
