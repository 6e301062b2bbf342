/* SPDX-License-Identifier: MIT */
/* A thread's life as libmcount sees it: its stream opens at its first call, closes at its exit. */
#include <pthread.h>

#include "mcount.h"

static pthread_key_t thread_key;

static void thread_exit(void *arg)
{
	mc_thread_retire(arg);
	mc_altstack_fini(arg);
	mc_frames_release(arg);
	mc_sched_thread_close();
}

/* At start-up: the key whose destructor closes each thread's stream when the thread exits. */
void mc_threads_init(void)
{
	pthread_key_create(&thread_key, thread_exit);
}

/* The thread's first event: its stream, its alternate signal stack and, so that its exit is
 * noticed, its key. A thread whose stream could not start yet still needs its exit, to report
 * what it lost. */
bool mc_thread_open(struct mc_thread *t)
{
	bool ok = mc_thread_start(t);

	if (ok && t->max_depth == mc_cfg.max_depth) /* else made 32 frames deep: mc_thread_deepen */
		mc_altstack_init(t);
	if (ok || t->state == MC_WAITING || t->state == MC_STOPPED) /* its losses count at exit */
		pthread_setspecific(thread_key, t);
	return ok;
}
