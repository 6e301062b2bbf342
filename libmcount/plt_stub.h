/* SPDX-License-Identifier: MIT */
/* The library-call stubs as the hooks read them: plthook.c writes them, mcount.c decodes them. */
#ifndef FTRACE_LIBMCOUNT_PLT_STUB_H
#define FTRACE_LIBMCOUNT_PLT_STUB_H

#include <stdint.h>
#include <string.h>

#include "mcount.h"

struct mc_rule;

/*
 * Each patched GOT entry points at a STUB_SIZE-byte stub, "movabs $slot, %r11; jmp *mc_plt_enter",
 * in pages that lie between mc_stub_lo and mc_stub_hi. This header is all the hooks know of them,
 * so that the hooks (mcount.c) never call into plthook.c, which calls them.
 */
#define STUB_SIZE 32

/* One hooked library function (plthook.c explains the two addresses). */
struct plt_slot {
	uint64_t target;
	uint64_t addr;
	uint32_t flags;
	uint32_t spec;		    /* argument spec index + 1, 0 = none (args.c) */
	const char *name;	    /* as the relocation asks for it (the object's .dynstr) */
	uint64_t gadget;	    /* SLOT_NOHIJACK: a `ret` byte in the calling object, or 0 */
	const struct mc_rule *rule; /* record-time filter rule (record_filter.c), or NULL */
};

/* where every pool's stubs lie: defined in mcount.c, which reads them, and set by plthook.c */
HIDDEN extern uintptr_t mc_stub_lo, mc_stub_hi;

/*
 * A function pointer taken through a patched GOT entry is a stub's address. -finstrument-functions
 * hooks receive such pointers (clang wraps an inlined libc function like atoi in enter/exit hooks
 * with &atoi): they must record what the stub stands for. Out of line: the hooks' fast path keeps
 * its registers.
 */
static __attribute__((noipa)) uint64_t mc_plt_stub_addr(uint64_t fn)
{
	const uint8_t *p = (const uint8_t *)fn;
	const struct plt_slot *s;

	if (p[0] != 0x49 || p[1] != 0xbb)
		return fn;
	memcpy(&s, p + 2, sizeof(s));
	return s->addr ? s->addr : fn;
}

/* What a -finstrument-functions hook should record for fn: a library stub stands for its target. */
static inline uint64_t mc_cyg_addr(void *fn)
{
	if (unlikely((uintptr_t)fn - mc_stub_lo < mc_stub_hi - mc_stub_lo))
		return mc_plt_stub_addr((uint64_t)fn);
	return (uint64_t)fn;
}

#endif
