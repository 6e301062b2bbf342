/* SPDX-License-Identifier: MIT */
/* Non-local exits: longjmp and C++ exceptions keep the shadow stack true, and unwinders see real
 * frames. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <setjmp.h>
#include <stddef.h>
#include <ucontext.h>

#include "mcount.h"

/*
 * Return-address hijacking replaces the return slots of open frames with mcount_return. Two things
 * follow. (1) A longjmp or an exception leaves frames without returning: they are closed (with
 * FT_EV_ABANDON) the moment it happens. (2) Anything that walks the stack by return addresses (the
 * C++ unwinder, backtrace()) must see the real ones: the slots are restored around it and re-armed
 * for the frames that are still live afterwards.
 */

HIDDEN void *mc_real_setjmp, *mc_real__setjmp, *mc_real_sigsetjmp;

/* a few recent jmp_bufs per thread and where their longjmp lands */
#define JMP_SLOTS 16
struct jmp_note {
	void *env;
	uint64_t *sp;
};
static __thread struct jmp_note jmp_notes[JMP_SLOTS] __attribute__((tls_model("initial-exec")));
static __thread unsigned jmp_next __attribute__((tls_model("initial-exec")));

HIDDEN void mc_setjmp_note(void *env, uint64_t *sp)
{
	for (unsigned i = 0; i < JMP_SLOTS; i++) {
		if (jmp_notes[i].env == env) {
			jmp_notes[i].sp = sp;
			return;
		}
	}
	jmp_notes[jmp_next % JMP_SLOTS] = (struct jmp_note){env, sp};
	jmp_next++;
}

/* Closes the frames that live below sp, i.e. deeper than where the jump or unwind lands. */
static void close_below(uint64_t *sp, unsigned reason)
{
	struct mc_thread *t = &mc_th;
	uint32_t keep = t->depth;

	while (keep > 0 && t->frames[keep - 1].slot < sp)
		keep--;
	if (keep != t->depth)
		mc_abandon(t, mc_clock(), keep, reason);
}

static void before_longjmp(void *env)
{
	struct mc_thread *t = &mc_th;

	if (t->guard || !t->depth)
		return;
	t->guard = 1;
	for (unsigned i = 0; i < JMP_SLOTS; i++)
		if (jmp_notes[i].env == env && jmp_notes[i].sp)
			close_below(jmp_notes[i].sp, FT_AB_LONGJMP);
	t->guard = 0;
}

static void *real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

#define LONGJMP_WRAPPER(name, type)                                   \
	EXPORT __attribute__((noreturn)) void name(type env, int val) \
	{                                                             \
		static void (*fn)(type, int);                         \
		if (!fn)                                              \
			fn = real(#name);                             \
		before_longjmp((void *)env);                          \
		fn(env, val);                                         \
		__builtin_unreachable();                              \
	}

LONGJMP_WRAPPER(longjmp, jmp_buf)
LONGJMP_WRAPPER(_longjmp, jmp_buf)
LONGJMP_WRAPPER(siglongjmp, sigjmp_buf)
LONGJMP_WRAPPER(__longjmp_chk, jmp_buf)

/* ---- ucontext: swapcontext/setcontext switch stacks ---- */

/*
 * A context switch leaves the frames of the current context suspended, not dead: they resume
 * when something switches back. With a single shadow stack per thread the only balanced record
 * is the one the stack-pointer check already gives in -finstrument-functions mode: the frames
 * that lie below the stack pointer the switch lands on (the coroutine's, when it switches back
 * to its caller) are closed now and marked; frames above it (the caller's, when it starts or
 * resumes a coroutine) stay open, and the coroutine's calls nest under them. A closed frame must
 * still return correctly if its context resumes later, so its slot gets its real return address
 * back: it then returns untraced, like any frame entered before tracing began.
 */
static void before_switch(const ucontext_t *to)
{
	struct mc_thread *t = &mc_th;
	uint64_t *sp = (uint64_t *)to->uc_mcontext.gregs[REG_RSP];
	uint32_t keep;

	if (t->guard || !t->depth)
		return;
	t->guard = 1;
	keep = t->depth;
	while (keep > 0 && t->frames[keep - 1].slot < sp)
		keep--;
	for (uint32_t i = keep; i < t->depth; i++)
		if (t->frames[i].ret)
			*t->frames[i].slot = t->frames[i].ret;
	if (keep != t->depth)
		mc_abandon(t, mc_clock(), keep, FT_AB_LONGJMP);
	t->guard = 0;
}

EXPORT int swapcontext(ucontext_t *from, const ucontext_t *to)
{
	static int (*fn)(ucontext_t *, const ucontext_t *);

	if (!fn)
		fn = (int (*)(ucontext_t *, const ucontext_t *))real("swapcontext");
	if (to)
		before_switch(to);
	return fn(from, to);
}

EXPORT int setcontext(const ucontext_t *to)
{
	static int (*fn)(const ucontext_t *);

	if (!fn)
		fn = (int (*)(const ucontext_t *))real("setcontext");
	if (to)
		before_switch(to);
	return fn(to);
}

/* Puts the real return addresses back in every hijacked slot of this thread. */
HIDDEN void mc_slots_restore(void)
{
	struct mc_thread *t = &mc_th;

	for (uint32_t i = 0; i < t->depth; i++)
		if (t->frames[i].ret)
			*t->frames[i].slot = t->frames[i].ret;
}

/* Hijacks again the slots of the frames still open (after an unwinder has looked). */
static void slots_rearm(void)
{
	struct mc_thread *t = &mc_th;

	for (uint32_t i = 0; i < t->depth; i++)
		if (t->frames[i].ret)
			*t->frames[i].slot = (uint64_t)mcount_return;
}

/* ---- C++ exceptions: the unwinder reads return addresses, and the catch ends frames ---- */

struct _Unwind_Exception;
typedef int (*raise_fn)(struct _Unwind_Exception *);

#define URC_FATAL_PHASE1_ERROR 3

/* The unwinder is about to walk the stack: real return addresses, and frames found abandoned until
 * the catch are the exception's (mcount.c labels them so). */
static void unwind_begins(void)
{
	mc_slots_restore();
	mc_th.unwinding = 1;
}

EXPORT int _Unwind_RaiseException(struct _Unwind_Exception *e)
{
	static raise_fn fn;
	int rc;

	if (!fn)
		fn = (raise_fn)real("_Unwind_RaiseException");
	if (!fn)
		return URC_FATAL_PHASE1_ERROR;
	unwind_begins();
	rc = fn(e); /* returns only when nothing catches: std::terminate follows */
	mc_th.unwinding = 0;
	return rc;
}

EXPORT int _Unwind_Resume_or_Rethrow(struct _Unwind_Exception *e)
{
	static raise_fn fn;
	int rc;

	if (!fn)
		fn = (raise_fn)real("_Unwind_Resume_or_Rethrow");
	if (!fn)
		return URC_FATAL_PHASE1_ERROR;
	unwind_begins();
	rc = fn(e);
	mc_th.unwinding = 0;
	return rc;
}

/*
 * The unwinder is about to run a landing pad (a destructor, a catch) in the frame it describes:
 * every frame deeper than that one is gone now. Closing them here, rather than at the next traced
 * entry, puts the exits at the right time, and for -finstrument-functions (whose frames carry no
 * return slot, and where clang emits no exit hook in cleanups) it is the only reliable place.
 * The frame itself is recognised by its return slot (hijacked frames: CFA - 8) or, for
 * -finstrument-functions frames, by its function's start address.
 */
#define URC_INSTALL_CONTEXT 7
#define UA_CLEANUP_PHASE    2

struct _Unwind_Context;
typedef int (*personality_fn)(int, int, uint64_t, struct _Unwind_Exception *,
			      struct _Unwind_Context *);

static void landing_pad(struct _Unwind_Context *ctx)
{
	static uint64_t (*get_cfa)(struct _Unwind_Context *),
		(*get_start)(struct _Unwind_Context *);
	struct mc_thread *t = &mc_th;
	uint64_t cfa, start;
	uint32_t keep = t->depth;

	if (!get_cfa) {
		get_cfa = (uint64_t(*)(struct _Unwind_Context *))real("_Unwind_GetCFA");
		get_start = (uint64_t(*)(struct _Unwind_Context *))real("_Unwind_GetRegionStart");
	}
	if (!get_cfa || !get_start || t->guard || !keep)
		return;
	cfa = get_cfa(ctx);
	start = get_start(ctx);
	while (keep > 0) {
		const struct mc_frame *f = &t->frames[keep - 1];

		if ((uint64_t)f->slot >= cfa - 8)
			break; /* this frame or one of its callers */
		if (!f->ret && f->addr == start)
			break; /* -finstrument-functions: the frame of the landing pad itself */
		keep--;
	}
	if (keep != t->depth) {
		t->guard = 1;
		mc_abandon(t, mc_clock(), keep, FT_AB_EXCEPTION);
		t->guard = 0;
	}
}

EXPORT int __gxx_personality_v0(int version, int actions, uint64_t eclass,
				struct _Unwind_Exception *e, struct _Unwind_Context *ctx)
{
	static personality_fn fn;
	int rc;

	if (!fn)
		fn = (personality_fn)real("__gxx_personality_v0");
	if (!fn)
		return URC_FATAL_PHASE1_ERROR;
	rc = fn(version, actions, eclass, e, ctx);
	if (rc == URC_INSTALL_CONTEXT && (actions & UA_CLEANUP_PHASE))
		landing_pad(ctx);
	return rc;
}

/* pthread_exit and pthread_cancel unwind C++ frames this way (running their destructors) */
typedef int (*stop_fn)(int, int, uint64_t, struct _Unwind_Exception *, void *, void *);

EXPORT int _Unwind_ForcedUnwind(struct _Unwind_Exception *e, stop_fn stop, void *arg)
{
	static int (*fn)(struct _Unwind_Exception *, stop_fn, void *);

	if (!fn)
		fn = (int (*)(struct _Unwind_Exception *, stop_fn, void *))real(
			"_Unwind_ForcedUnwind");
	if (!fn)
		return URC_FATAL_PHASE1_ERROR;
	unwind_begins();
	return fn(e, stop, arg);
}

/* Runs in the catching frame: everything deeper was unwound; what is left returns normally again.
 */
EXPORT void *__cxa_begin_catch(void *exc)
{
	static void *(*fn)(void *);
	struct mc_thread *t = &mc_th;

	if (!fn)
		fn = (void *(*)(void *))real("__cxa_begin_catch");
	if (!t->guard && t->depth) {
		t->guard = 1;
		close_below((uint64_t *)__builtin_frame_address(0) + 2, FT_AB_EXCEPTION);
		slots_rearm();
		t->guard = 0;
	}
	t->unwinding = 0;
	return fn(exc);
}

/* ---- stack walkers that must see the program's own return addresses ---- */

typedef int (*trace_fn)(void *, void *);

EXPORT int _Unwind_Backtrace(trace_fn cb, void *arg)
{
	static int (*fn)(trace_fn, void *);
	int rc;

	if (!fn)
		fn = (int (*)(trace_fn, void *))real("_Unwind_Backtrace");
	if (!fn)
		return URC_FATAL_PHASE1_ERROR;
	mc_slots_restore();
	rc = fn(cb, arg);
	slots_rearm();
	return rc;
}

/* glibc's backtrace() reaches the unwinder internally, so it is wrapped itself; our own frame is
 * left out of the result so the program sees the addresses it would see untraced. */
EXPORT int backtrace(void **buf, int size)
{
	static int (*fn)(void **, int);
	void *tmp[257];
	int n;

	if (!fn)
		fn = (int (*)(void **, int))real("backtrace");
	if (size <= 0 || size > 256) {
		mc_slots_restore();
		n = fn(buf, size);
		slots_rearm();
		return n;
	}
	mc_slots_restore();
	n = fn(tmp, size + 1);
	slots_rearm();
	if (n <= 1)
		return 0;
	for (int i = 1; i < n; i++)
		buf[i - 1] = tmp[i];
	return n - 1;
}

void mc_unwind_init(void)
{
	mc_real_setjmp = real("setjmp");
	mc_real__setjmp = real("_setjmp");
	mc_real_sigsetjmp = real("__sigsetjmp");
}
