/* SPDX-License-Identifier: MIT */
/* x86-64 library-call hook: the common body of the per-slot stubs that patched GOT entries point to. */

/*
 * ABI: System V x86-64. The program calls a library function through its GOT, either with a PLT
 * stub or directly (-fno-plt):
 *
 *	call   opendir@PLT                 # PLT stub: jmp *opendir@GOTPCREL(%rip)
 *	call   *opendir@GOTPCREL(%rip)     # -fno-plt
 *
 * libmcount/plthook.c replaces that GOT entry with the address of a small stub generated at start-up,
 * one per slot:
 *
 *	movabs $slot, %r11                 # struct plt_slot * (r11 is scratch at a call: the lazy
 *	jmp    *mc_plt_enter               #  binder clobbers it too)
 *
 * So inside mc_plt_enter: (%rsp) is the caller's return address (the slot mcount_entry would
 * hijack), the argument registers hold the call's arguments, r11 the slot. mc_plt_entry() records
 * the call, may hijack the return slot (the exit then goes through mcount_return, as for mcount),
 * and returns the real function, which we jump to with every argument register restored. SSE
 * registers are never touched by the C side (-mgeneral-regs-only); its libc calls save them.
 */

#include "asm.h"

	.text
	.hidden	mc_plt_enter
ENTRY(mc_plt_enter)
	SAVE_ARGS
	mov	%r11, %rdi		/* the slot */
	lea	72(%rsp), %rsi		/* the caller's return address */
	mov	%rsp, %rdx		/* the saved argument registers */
	call	mc_plt_entry
	mov	%rax, %r11		/* the real function */
	RESTORE_ARGS keep_r11=1
	jmp	*%r11
END(mc_plt_enter)

	.section .note.GNU-stack, "", @progbits
