/* SPDX-License-Identifier: MIT */
/* Starting the traced program (vfork + execve), and the signal handlers of ftrace it must not run. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ftrace.h"

/* The signals that have a handler of ftrace's: the child resets these, and only these. */
static sigset_t caught;

int catch_signal(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa = {.sa_handler = handler, .sa_flags = flags};

	sigemptyset(&sa.sa_mask);
	sigaddset(&caught, sig);
	return sigaction(sig, &sa, NULL);
}

/*
 * The child, in our memory until its exec: our handlers must not run here (they would act on
 * ftrace's state from another process), so they are reset before the signals they catch are
 * unblocked. Whatever was ignored stays ignored, as execve keeps it: the program gets the
 * dispositions and the mask that ftrace was given.
 */
__attribute__((noreturn)) static void spawn_child(const char *path, char *const argv[],
						  char *const envp[], const sigset_t *mask,
						  volatile int *err)
{
	if (mask) {
		for (int sig = 1; sig < NSIG; sig++)
			if (sigismember(&caught, sig) == 1)
				signal(sig, SIG_DFL);
		sigprocmask(SIG_SETMASK, mask, NULL);
	}
	execve(path, argv, envp);
	*err = errno;
	_exit(127);
}

/*
 * vfork, not fork or posix_spawn: the child shares our address space until its exec, so start-up
 * pays neither the copy of the page tables nor the copy-on-write faults of a fork, nor glibc's
 * posix_spawn's reset of all 64 signal dispositions in the child (128 system calls): only the
 * signals in `caught` are reset, and signals are blocked around the vfork only when there are any.
 * A failed exec is told through shared memory: returns -1 with errno set, the child reaped.
 */
pid_t spawn_program(const char *path, char *const argv[], char *const envp[])
{
	volatile int err = 0;
	bool block = !sigisemptyset(&caught);
	sigset_t all, old;
	pid_t pid;

	if (block) {
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, &old);
	}
	pid = vfork();
	if (pid == 0)
		spawn_child(path, argv, envp, block ? &old : NULL, &err);
	if (pid < 0) {
		err = errno;
	} else if (err) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		pid = -1;
	}
	if (block)
		sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return pid;
}
