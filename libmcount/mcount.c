/* SPDX-License-Identifier: MIT */
/* The hot path: entry and exit hooks for -pg, -mfentry and -finstrument-functions, and the shadow
 * stack. */
#include <stddef.h>

#include "mcount.h"
#include "plt_stub.h"
#include "record_filter.h"
#include "stream.h"

/* set by plthook.c as it makes stub pools; read by the -finstrument-functions hooks (plt_stub.h) */
HIDDEN uintptr_t mc_stub_lo = UINTPTR_MAX, mc_stub_hi;

/* Opens this thread's stream on its first event. Runs libc, hence the FP-preserving call. */
static void thread_start_cb(void *arg)
{
	mc_init(); /* another thread may still be running the start-up */
	mc_thread_open(arg);
}

static void deepen_cb(void *arg)
{
	mc_thread_deepen(arg);
}

/* Closes the frames above `keep` that a longjmp, exception or exit skipped, with one event. */
void mc_abandon(struct mc_thread *t, uint64_t now, uint32_t keep, unsigned reason)
{
	uint64_t vals[2] = {t->depth - keep, reason};

	if (keep >= t->depth)
		return;
	if (t->state == MC_TRACING)
		mc_emit_event(t, now, FT_EV_ABANDON, vals, 2);
	t->depth = keep;
}

/*
 * A callee's return slot is always below its caller's. A new frame whose slot is at or above the
 * top frame's means the top frames were left without returning (longjmp, exception): close them.
 * The 8 MiB bound keeps a handler on a sigaltstack (a different region) from closing anything.
 */
static inline void drop_abandoned(struct mc_thread *t, uint64_t *slot, uint64_t now, bool tail)
{
	uint32_t keep = t->depth;

	while (keep > 0 &&
	       (t->frames[keep - 1].slot < slot || (t->frames[keep - 1].slot == slot && !tail)) &&
	       (uintptr_t)slot - (uintptr_t)t->frames[keep - 1].slot < (8u << 20))
		keep--;
	if (unlikely(keep != t->depth))
		mc_abandon(t, now, keep, t->unwinding ? FT_AB_EXCEPTION : FT_AB_LONGJMP);
}

/* A thread's first call opens its stream; a thread whose stream could not open counts its calls. */
static __attribute__((noinline)) bool start_stream(struct mc_thread *t)
{
	if (!mc_cfg.ready)
		return false;
	mc_check_process();
	if (t->state == MC_STOPPED) {
		/* counted in the last chunk's header, which stays mapped for that */
		t->lost += 2;
		if (t->chunk)
			t->chunk->lost = t->lost;
		return false;
	}
	if (t->state == MC_WAITING) {
		t->lost += 2; /* an entry and an exit */
		if (t->lost & 127)
			return false;
		t->state = MC_UNINIT;
	}
	if (t->state != MC_UNINIT)
		return false;
	mc_call_saving_fp(thread_start_cb, t);
	return t->state == MC_TRACING;
}

/*
 * A tail call (`jmp` at -O2) from a hijacked function reuses its frame: the callee finds its return
 * slot already holding mcount_return. It nests under the caller and shares the caller's real return
 * address; both close together when it returns (mcount_exit).
 */
static __attribute__((noinline)) uint64_t tail_call_ret(struct mc_thread *t, uint64_t *slot)
{
	for (uint32_t i = t->depth; i > 0; i--)
		if (t->frames[i - 1].slot == slot)
			return t->frames[i - 1].ret;
	return 0;
}

/* Records the call (enter() once the filters let it through): false when it is not recorded. */
static inline __attribute__((always_inline)) bool
record_entry(struct mc_thread *t, uint64_t *slot, uint64_t addr, uint64_t ret, bool cyg)
{
	uint64_t now;
	struct mc_frame *f;
	bool tail = cyg; /* -finstrument-functions: inlined bodies share their caller's frame */

	if (unlikely(ret == (uint64_t)mcount_return)) {
		ret = tail_call_ret(t, slot);
		if (!ret)
			return false;
		tail = true;
	}
	now = mc_clock();
	if (likely(t->depth))
		drop_abandoned(t, slot, now, tail);
	if (unlikely(t->depth >= t->max_depth) && t->max_depth < mc_cfg.max_depth)
		mc_call_saving_fp(deepen_cb, t);
	if (unlikely(t->depth >= t->max_depth)) {
		if (!t->overflow++) {
			uint64_t d = t->max_depth;
			mc_emit_event(t, now, FT_EV_DEPTH_MAX, &d, 1);
		}
		return false;
	}
	mc_write_entry(t, now, addr);
	f = &t->frames[t->depth++];
	f->ret = ret;
	f->slot = slot;
	f->addr = addr;
	f->time = now;
	return true;
}

/* enter() with a filter table (libmcount/record_filter.c): judged first; the ENTRY's place is noted
 * so that its exit can take it back (-t, time=, -C). Out of line: the unfiltered path stays small.
 */
static __attribute__((noinline)) bool enter_filtered(struct mc_thread *t, uint64_t *slot,
						     uint64_t addr, uint64_t ret, bool cyg,
						     const struct plt_slot *plt)
{
	int v = mc_filter_entry(t, slot, addr, ret, plt);
	struct mc_mark m;
	bool recorded;

	if (v >= 0 && v != MC_FILTER_NOHIJACK)
		return v;
	/* -e: the filter may have closed returned frames, and a write may have stopped the stream */
	if (v == MC_FILTER_NOHIJACK && unlikely(t->state != MC_TRACING))
		return false;
	if (likely(!mc_filter_exits)) {
		recorded = record_entry(t, slot, addr, ret, cyg);
	} else {
		mc_filter_mark(t, &m);
		recorded = record_entry(t, slot, addr, ret, cyg);
		if (recorded)
			mc_filter_entered(t, &m);
	}
	return v == MC_FILTER_NOHIJACK ? false : recorded;
}

/* Common entry: false when the call is not traced (and so must not be hijacked). plt: the slot of
 * a library call, NULL for the program's own functions. */
static inline __attribute__((always_inline)) bool enter(struct mc_thread *t, uint64_t *slot,
							uint64_t addr, uint64_t ret, bool cyg,
							const struct plt_slot *plt)
{
	if (unlikely(t->state != MC_TRACING) && !start_stream(t))
		return false;
	if (unlikely(mc_filter_on)) /* record-time filters */
		return enter_filtered(t, slot, addr, ret, cyg, plt);
	return record_entry(t, slot, addr, ret, cyg);
}

/* enter() for the library-call hook (plthook.c), which is not worth inlining twice: the call
 * through slot s, whose return address is at retslot */
bool mc_enter_plt(struct mc_thread *t, uint64_t *retslot, const struct plt_slot *s)
{
	return enter(t, retslot, s->addr, *retslot, false, s);
}

/*
 * Called by the mcount/__fentry__ trampolines: slot holds the traced function's return address,
 * regs its saved argument registers (rdi, rsi, rdx, rcx, r8, r9), read only when a spec asks.
 */
HIDDEN void mcount_entry(uint64_t *slot, uint64_t self, const uint64_t *regs)
{
	struct mc_thread *t = &mc_th;

	if (unlikely(t->guard || mc_cfg.no_hijack))
		return;
	t->guard = 1;
	if (enter(t, slot, self, *slot, false, NULL)) {
		*slot = (uint64_t)mcount_return;
		if (unlikely(mc_args_on))
			mc_args_entry(t, self, regs);
	}
	t->guard = 0;
}

/*
 * Called by mcount_return when a hijacked function returns; sp is the stack pointer after its
 * `ret`, i.e. its slot + 8, retregs its saved rax and rdx. Returns the original return address.
 * Frames above the one owning that slot were abandoned. This must succeed even when tracing
 * stopped: the program needs its address.
 */
HIDDEN uint64_t mcount_exit(uint64_t *sp, const uint64_t *retregs)
{
	struct mc_thread *t = &mc_th;
	uint64_t *slot = sp - 1, now, ret;
	uint32_t d = t->depth, first;
	int saved_guard = t->guard;

	t->guard = 1;
	while (d > 0 && t->frames[d - 1].slot < slot)
		d--;
	if (unlikely(d == 0)) {
		/* cannot happen unless the stack was corrupted: nothing to return to */
		__builtin_trap();
	}
	/* a fork child returning from a call it inherited (fork itself): its stream starts here,
	 * inside that call, so replay continues from `} /\* fork *\/` as uftrace shows it */
	if (unlikely(t->state == MC_UNINIT) && t->inherited >= d)
		start_stream(t);
	now = mc_clock();
	if (unlikely(d != t->depth))
		mc_abandon(t, now, d, t->unwinding ? FT_AB_EXCEPTION : FT_AB_LONGJMP);
	/* frames below sharing the slot made tail calls into this one: they return with it */
	first = d;
	while (unlikely(first > 1 && t->frames[first - 2].slot == slot))
		first--;
	for (; d >= first; d--) {
		/* record before popping: a new chunk's header counts the frame this exit closes as
		 * open */
		if (likely(t->state == MC_TRACING)) {
			/* -t, time=, -C: a call taken back leaves no EXIT
			 * (libmcount/record_filter.c) */
			if (unlikely(mc_filter_exits) && mc_filter_exit(t, d - 1, now)) {
				t->depth = d - 1;
				continue;
			}
			if (unlikely(mc_args_on))
				mc_args_exit(t, t->frames[d - 1].addr, retregs);
			mc_write_exit(t, now);
		} else if (t->inherited > d - 1) {
			t->inherited = d - 1; /* a fork child returned from a frame it inherited
						 (fork itself) */
		}
		t->depth = d - 1;
	}
	/* read before the guard drops: a signal handler's first traced call reuses this frame */
	ret = t->frames[first - 1].ret;
	t->guard = saved_guard;
	return ret;
}

/* -finstrument-functions: no hijacking. The hook's own frame stands in for the slot. */
EXPORT void __cyg_profile_func_enter(void *fn, void *call_site)
{
	struct mc_thread *t = &mc_th;

	(void)call_site;
	if (unlikely(t->guard))
		return;
	t->guard = 1;
	enter(t, (uint64_t *)__builtin_frame_address(0) + 2, mc_cyg_addr(fn), 0, true, NULL);
	t->guard = 0;
}

EXPORT void __cyg_profile_func_exit(void *fn, void *call_site)
{
	struct mc_thread *t = &mc_th;
	uint64_t *pos = (uint64_t *)__builtin_frame_address(0) + 2, now, addr;
	uint32_t d;

	(void)call_site;
	if (unlikely(t->guard || t->state == MC_UNINIT || t->state == MC_WAITING))
		return;
	t->guard = 1;
	d = t->depth;
	if (unlikely(t->overflow) && d > 0 && pos < t->frames[d - 1].slot) {
		/* below the innermost recorded frame: a call that was too deep to be recorded */
		t->overflow--;
		t->guard = 0;
		return;
	}
	/*
	 * The innermost open frame of fn. At -O2 the compiler may reach this hook by a jump after
	 * popping the frame, so the stack position moved: the function address decides. Frames
	 * above it were left without their exit hook.
	 */
	addr = mc_cyg_addr(fn);
	while (d > 0 && t->frames[d - 1].addr != addr)
		d--;
	if (d > 0) {
		now = mc_clock();
		if (unlikely(d != t->depth))
			mc_abandon(t, now, d, t->unwinding ? FT_AB_EXCEPTION : FT_AB_UNKNOWN);
		if (likely(t->state == MC_TRACING) &&
		    !(unlikely(mc_filter_exits) && mc_filter_exit(t, d - 1, now)))
			mc_write_exit(t, now);
		t->depth = d - 1;
	}
	t->guard = 0;
}

/* glibc's gprof start-up and shutdown: neutralised, so no gmon.out appears. */
EXPORT void __monstartup(unsigned long low, unsigned long high)
{
	(void)low;
	(void)high;
}

EXPORT void _mcleanup(void)
{
}
