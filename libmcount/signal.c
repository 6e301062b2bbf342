/* SPDX-License-Identifier: MIT */
/* Fatal signals: record the signal and the frames it ends, then let the program's own handling
 * happen. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mcount.h"
#include "stream.h"

/*
 * libmcount keeps its handler installed for the signals that kill a program with a fault, and
 * interposes sigaction()/signal() so that the program's own handlers are remembered and called
 * from ours instead of replacing it. With the default disposition, our handler records the signal
 * and the frames it ends, restores SIG_DFL and lets the fault recur (or re-raises), so exit codes
 * and core dumps are what they would have been without ftrace.
 */
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS};
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

static struct sigaction
	program_action[NSIG]; /* what the program asked for (sa_handler SIG_DFL = 0) */
static bool watched[NSIG];
static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);

static void resolve_real(void)
{
	if (!real_sigaction)
		real_sigaction = dlsym(RTLD_NEXT, "sigaction");
}

/* Is this signal, with the program's disposition, about to end the process? */
static bool ends_process(int sig)
{
	return program_action[sig].sa_handler == SIG_DFL &&
	       !(program_action[sig].sa_flags & SA_SIGINFO);
}

/* The signals a faulting instruction raises; their siginfo carries the faulting address. */
static bool is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

static void record_signal(int sig, siginfo_t *si, bool fatal)
{
	struct mc_thread *t = &mc_th;
	uint64_t now = mc_clock(), addr = 0;

	if (is_fault(sig) && si)
		addr = (uint64_t)si->si_addr;
	if (t->state == MC_TRACING) {
		uint64_t vals[3] = {(uint64_t)sig, addr, fatal ? FT_SIG_FATAL : 0};

		mc_emit_event(t, now, FT_EV_SIGNAL, vals, 3);
		if (fatal && t->depth) {
			uint64_t ab[2] = {t->depth, FT_AB_CRASH};

			mc_emit_event(t, now, FT_EV_ABANDON, ab, 2);
		}
	}
	if (fatal)
		mc_task_log_signal(t, sig, addr);
}

static void call_program_handler(int sig, siginfo_t *si, void *uc)
{
	struct sigaction pa_copy = program_action[sig], *pa = &pa_copy;

	if (pa->sa_flags &
	    SA_RESETHAND) /* emulated: our handler stays, the program's is forgotten */
		program_action[sig] = (struct sigaction){.sa_handler = SIG_DFL};
	if (pa->sa_flags & SA_SIGINFO)
		pa->sa_sigaction(sig, si, uc);
	else if (pa->sa_handler != SIG_IGN && pa->sa_handler != SIG_DFL)
		pa->sa_handler(sig);
}

static void fatal_handler(int sig, siginfo_t *si, void *uc)
{
	int saved = errno, guard = mc_th.guard;

	mc_th.guard = 1;
	record_signal(sig, si, ends_process(sig));
	mc_th.guard = guard;
	if (ends_process(sig)) {
		struct sigaction dfl = {.sa_handler = SIG_DFL};

		real_sigaction(sig, &dfl, NULL);
		/* a hardware fault recurs when we return, so the core shows where it happened;
		 * anything else (abort, raise, kill, an int3 SIGTRAP, a seccomp SIGSYS) would not:
		 * it is raised again */
		if (si && si->si_code > 0 && is_fault(sig))
			return;
		raise(sig);
		return;
	}
	errno = saved;
	call_program_handler(sig, si, uc);
}

static int watched_index(int sig)
{
	return sig > 0 && sig < NSIG && watched[sig];
}

/* The program's sigaction(): for watched signals remember its wish, keep our handler in place. */
EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	resolve_real();
	if (!watched_index(sig))
		return real_sigaction(sig, act, old);
	if (old)
		*old = program_action[sig];
	if (act) {
		program_action[sig] = *act;
		if (act->sa_handler == SIG_IGN && !(act->sa_flags & SA_SIGINFO))
			return real_sigaction(sig, act, NULL);
		struct sigaction ours = *act;
		ours.sa_sigaction = fatal_handler;
		ours.sa_flags = (act->sa_flags | SA_SIGINFO) & ~SA_RESETHAND;
		return real_sigaction(sig, &ours, NULL);
	}
	return 0;
}

EXPORT sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = {.sa_handler = handler, .sa_flags = SA_RESTART}, old;

	sigemptyset(&act.sa_mask);
	if (sigaction(sig, &act, &old) != 0)
		return SIG_ERR;
	return (old.sa_flags & SA_SIGINFO) ? (sighandler_t)(void (*)(void))old.sa_sigaction
					   : old.sa_handler;
}

/* Installs our handler on the fatal signals the program has not claimed yet (called at start-up).
 */
void mc_signals_init(void)
{
	resolve_real();
	if (!real_sigaction)
		return;
	for (size_t i = 0; i < NFATAL; i++) {
		int sig = fatal_signals[i];
		struct sigaction cur,
			ours = {.sa_sigaction = fatal_handler, .sa_flags = SA_SIGINFO | SA_ONSTACK};

		if (real_sigaction(sig, NULL, &cur) != 0)
			continue;
		if (cur.sa_handler == SIG_IGN && !(cur.sa_flags & SA_SIGINFO))
			continue; /* ignored on purpose by whoever started us */
		program_action[sig] = cur;
		sigemptyset(&ours.sa_mask);
		if (real_sigaction(sig, &ours, NULL) == 0)
			watched[sig] = true;
	}
}

#define ALTSTACK_SIZE (64u << 10)

/*
 * A stack overflow faults with no stack left for a handler: the kernel kills the thread and the
 * crash is never recorded. Each traced thread gets an alternate signal stack for our handler
 * (SA_ONSTACK), only where the program has none: its own sigaltstack() always wins.
 */
void mc_altstack_init(struct mc_thread *t)
{
	stack_t cur, ss;
	void *p;

	if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
		return;
	p = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
	ss = (stack_t){.ss_sp = p, .ss_size = ALTSTACK_SIZE};
	if (sigaltstack(&ss, NULL) != 0) {
		munmap(p, ALTSTACK_SIZE);
		return;
	}
	t->altstack = p;
}

/* At thread exit: ours goes away, unless the program replaced it or is running on it. */
void mc_altstack_fini(struct mc_thread *t)
{
	stack_t cur, off = {.ss_flags = SS_DISABLE};

	if (!t->altstack)
		return;
	if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == t->altstack &&
	    !(cur.ss_flags & SS_ONSTACK) && sigaltstack(&off, NULL) == 0)
		munmap(t->altstack, ALTSTACK_SIZE);
	t->altstack = NULL;
}
