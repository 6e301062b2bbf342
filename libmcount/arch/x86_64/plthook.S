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
	call	mc_plt_entry		/* rax: the real function, rdx: a ret gadget or 0 */
	mov	%rax, %r11
	test	%rdx, %rdx
	jnz	1f
	.cfi_remember_state
	RESTORE_ARGS keep_r11=1
	jmp	*%r11
	.cfi_restore_state
	/*
	 * A caller-sensitive function (dlopen, dlsym): its return slot keeps the caller's address;
	 * it is entered 16 bytes lower, with the gadget (a `ret` in the calling object, the return
	 * address it reads) and mc_plt_cont under it. The two words take the places of the saved
	 * r10 and r11, which are scratch at a call.
	 */
1:	lea	mc_plt_cont(%rip), %rax
	mov	%rax, 64(%rsp)		/* return slot - 8 */
	mov	%rdx, 56(%rsp)		/* return slot - 16 */
	mov	0(%rsp), %rdi
	mov	8(%rsp), %rsi
	mov	16(%rsp), %rdx
	mov	24(%rsp), %rcx
	mov	32(%rsp), %r8
	mov	40(%rsp), %r9
	mov	48(%rsp), %rax
	add	$56, %rsp		/* (%rsp): the gadget; 16-byte alignment as at a call */
	.cfi_adjust_cfa_offset -56
	jmp	*%r11
END(mc_plt_enter)

/*
 * Reached from the gadget's `ret`, with the function's return values in rax/rdx and %rsp on the
 * caller's return slot: step over it and exit like a hijacked return (the frame holds the real
 * return address).
 */
	.hidden	mc_plt_cont
ENTRY(mc_plt_cont)
	.cfi_undefined rip
	add	$8, %rsp
	jmp	mcount_return
END(mc_plt_cont)

	.section .note.GNU-stack, "", @progbits
