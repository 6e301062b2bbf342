/* SPDX-License-Identifier: MIT */
/* libmcount internals: the per-thread state shared by the hooks, the buffer code and start-up. */
#ifndef FTRACE_LIBMCOUNT_MCOUNT_H
#define FTRACE_LIBMCOUNT_MCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "compiler.h"
#include "trace_format.h"

#define HIDDEN __attribute__((visibility("hidden")))
#define EXPORT __attribute__((visibility("default")))

/* One open call. ret/slot are used by return-address hijacking, addr/time to re-announce the frame
 * (fork child, new ring chunk) and to close it when it is abandoned. */
struct mc_frame {
	uint64_t ret;	/* original return address (0 in -finstrument-functions mode) */
	uint64_t *slot; /* where the return address lives: callees always have lower slots */
	uint64_t addr;	/* the address recorded for the function */
	uint64_t time;	/* entry tick */
};

enum mc_state {
	MC_UNINIT = 0, /* no stream yet for this thread: the first event opens it */
	MC_TRACING = 1,
	MC_STOPPED = 2, /* an error stopped recording; hijacked frames still return correctly */
	MC_DONE = 3,	/* the thread or process finished: record nothing more */
	MC_WAITING = 4, /* the stream could not start (descriptors exhausted): calls are counted as
			   lost and the start is tried again every 64 calls */
};

struct mc_thread {
	uint8_t *wp;	/* write pointer in the current chunk */
	uint8_t *end;	/* no record may start past this (the reserved end minus a margin) */
	uint8_t *limit; /* the end of the bytes of the chunk that are reserved on disk */
	struct ft_chunk_header *chunk;
	uint64_t last_time;
	uint64_t last_addr;
	struct mc_frame *frames;
	uint32_t depth;
	uint32_t max_depth;
	uint32_t overflow; /* calls deeper than max_depth, neither recorded nor hijacked */
	int guard;	   /* non-zero while libmcount runs on this thread */
	int state;	   /* enum mc_state */
	pid_t tid;
	uint32_t seq;
	uint32_t
		inherited; /* frames copied from the parent at fork, announced by a CONTEXT event */
	uint32_t unwinding; /* a C++ exception is in flight: frames found abandoned were unwound */
	void *altstack;	    /* the alternate signal stack libmcount gave this thread, or NULL */
	uint64_t next_off;  /* file offset of the next chunk */
	uint64_t lost;
	uint32_t reserved; /* bytes of the chunk's space (from map) reserved on disk (a first chunk
			      grows) */
	uint8_t *map;	   /* the mapped chunk space: the chunk's header, or a previous thread's
			      chunk it follows (FT_CHUNK_FOLLOWED) */
	pid_t file_tid;	   /* the stream file: <file_tid>.dat, or <file_tid>-<pid>.dat once taken */
	bool taken;	   /* the file is a stream another thread ended (<file_tid>-<pid>.dat) */
};

/* process-wide settings, read once from the environment at start-up */
struct mc_config {
	char dir[4096];
	int dir_len;
	bool use_tsc;
	uint32_t chunk_size;
	uint32_t max_depth;
	uint32_t ring_chunks; /* flight recorder: chunks per thread, reused in turn; 0 = keep
				 everything */
	uint64_t session;     /* this process image's start tick */
	pid_t pid;
	bool ready;	/* the environment was read and a data directory is set */
	bool no_hijack; /* return addresses must not be touched (CET shadow stack) */
};

extern HIDDEN struct mc_config mc_cfg;
extern HIDDEN __thread struct mc_thread mc_th __attribute__((tls_model("initial-exec")));

HIDDEN uint64_t mc_clock_mono(void);

/* Raw ticks: rdtsc where the TSC is invariant (the recorder decides), CLOCK_MONOTONIC ns elsewhere.
 * The recorder stores the tick<->ns calibration; converting here would cost every call. */
static inline uint64_t mc_clock(void)
{
	if (likely(mc_cfg.use_tsc)) {
		uint32_t lo, hi;

		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		return ((uint64_t)hi << 32) | lo;
	}
	return mc_clock_mono();
}

/*
 * A child made by a raw clone() or syscall(SYS_clone) (no fork handler runs) shares nothing with
 * its parent but a copy of memory: its writes to the parent's MAP_SHARED chunk would damage the
 * parent's stream. mc_proc_mark points at a MADV_WIPEONFORK page that reads 0 in such a child, so
 * one load tells, on the slow edge of every record (reserve) and wherever a process is named.
 */
extern HIDDEN volatile uint8_t *mc_proc_mark;
HIDDEN void mc_process_changed(void);
static inline void mc_check_process(void)
{
	if (unlikely(!*mc_proc_mark))
		mc_process_changed();
}

/* buffer.c: a thread's stream (mc_thread_open in threads.c starts it) */
/* a thread's first ALTSTACK_DEPTH frames need no alternate signal stack: it is made on the way
 * deeper (a stack overflow needs depth), so that short threads stay cheap */
#define ALTSTACK_DEPTH 32
HIDDEN bool mc_thread_start(struct mc_thread *t);
HIDDEN void mc_thread_deepen(struct mc_thread *t);
HIDDEN void mc_frames_release(struct mc_thread *t);
HIDDEN bool mc_chunk_next(struct mc_thread *t);
HIDDEN void mc_thread_finish(struct mc_thread *t, int reason);
HIDDEN void mc_thread_retire(struct mc_thread *t); /* thread exit: its stream may be continued */
HIDDEN void mc_stream_pool_drain(bool trim); /* exec, process end (trim) or fork child (not) */
HIDDEN void mc_stop(struct mc_thread *t, int reason, int err);
HIDDEN void mc_stream_trim(struct mc_thread *t);
HIDDEN bool mc_fsize_allows(uint64_t end);
HIDDEN bool mc_fits(int fd, size_t n); /* appending n bytes to fd stays within RLIMIT_FSIZE */
HIDDEN int mc_open_data(const char *name, int flags); /* a regular file in the data directory */
struct stat;
HIDDEN int mc_open_data_stat(const char *name, int flags, struct stat *st);
HIDDEN extern uint64_t mc_lost_unreported;     /* lost by threads that never got a stream */
HIDDEN extern struct ft_counters *mc_counters; /* DIR/counters, mapped at start-up, or NULL */
HIDDEN void mc_counters_map(void);

/* config.c */
HIDDEN void mc_config_read(void);

/* task_log.c: one function per kind of task-log line (common/task_log.h) */
HIDDEN void mc_task_log_image(bool forked, pid_t ppid);
HIDDEN void mc_task_log_thread(pid_t tid);
HIDDEN void mc_task_log_exec(const char *path);
HIDDEN void mc_task_log_exit(int code);
HIDDEN void mc_task_log_end(void);
HIDDEN void mc_task_log_stop(pid_t tid, int why, const char *text);
HIDDEN void mc_task_log_lost(uint64_t calls);
HIDDEN void mc_task_log_name(pid_t tid, const char *name);
HIDDEN void mc_task_log_signal(const struct mc_thread *t, int sig, uint64_t addr);

/* maps.c */
HIDDEN void mc_save_maps(void);
HIDDEN int mc_maps_open(void);

/* threads.c */
HIDDEN void mc_threads_init(void);
HIDDEN bool mc_thread_open(struct mc_thread *t);

/* init.c */
HIDDEN void mc_init(void);

/* sched.c: context switches per thread (record --sched-events=thread) */
HIDDEN void mc_sched_init(void);
HIDDEN void mc_sched_thread_open(pid_t tid);
HIDDEN void mc_sched_thread_close(void);
HIDDEN void mc_sched_forked(void);
HIDDEN void mc_sched_wait_taken(void);

/* vdso.c */
HIDDEN void mc_save_vdso(void);

/* signal.c */
HIDDEN void mc_signals_init(void);
HIDDEN void mc_altstack_init(struct mc_thread *t);
HIDDEN void mc_altstack_fini(struct mc_thread *t);

/* task.c */
HIDDEN void mc_task_log_comm(pid_t tid); /* the thread's comm as it ends */
HIDDEN void mc_task_init(void);

/* unwind.c */
HIDDEN void mc_unwind_init(void);
HIDDEN void mc_slots_restore(void);

/* mcount.c */
HIDDEN void mc_abandon(struct mc_thread *t, uint64_t now, uint32_t keep, unsigned reason);
struct plt_slot;
HIDDEN bool mc_enter_plt(struct mc_thread *t, uint64_t *retslot, const struct plt_slot *s);

/* plthook.c */
HIDDEN void mc_plthook_init(void);
HIDDEN void mc_plthook_rescan(void);
HIDDEN void mc_plthook_names(int fd);

/* args.c: argument and return value capture, only when a spec asked for it */
extern HIDDEN bool mc_args_on;
HIDDEN void mc_args_init(void);
HIDDEN void mc_args_entry(struct mc_thread *t, uint64_t addr, const uint64_t *regs);
HIDDEN void mc_args_exit(struct mc_thread *t, uint64_t addr, const uint64_t *retregs);
HIDDEN void mc_args_plt_entry(struct mc_thread *t, uint32_t spec, const uint64_t *regs);
HIDDEN uint32_t mc_args_match_name(const char *name, uint64_t addr);

/* arch: calls fn(arg) with the SSE argument and return registers preserved (slow paths call libc)
 */
HIDDEN void mc_call_saving_fp(void (*fn)(void *), void *arg);
HIDDEN extern char mcount_return[];

#endif
