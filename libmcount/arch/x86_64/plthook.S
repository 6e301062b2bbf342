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

	.text
	.globl	mc_plt_enter
	.hidden	mc_plt_enter
	.type	mc_plt_enter, @function
	.p2align 4
mc_plt_enter:
	.cfi_startproc
	sub	$72, %rsp		/* entry rsp is 8 mod 16: 8 + 72 keeps the call aligned */
	.cfi_adjust_cfa_offset 72
	mov	%rdi, 0(%rsp)		/* the order of struct mc_regs */
	mov	%rsi, 8(%rsp)
	mov	%rdx, 16(%rsp)
	mov	%rcx, 24(%rsp)
	mov	%r8, 32(%rsp)
	mov	%r9, 40(%rsp)
	mov	%rax, 48(%rsp)
	mov	%r10, 56(%rsp)
	mov	%r11, 64(%rsp)
	mov	%r11, %rdi		/* the slot */
	lea	72(%rsp), %rsi		/* the caller's return address */
	mov	%rsp, %rdx		/* the saved argument registers */
	call	mc_plt_entry
	mov	%rax, %r11		/* the real function */
	mov	0(%rsp), %rdi
	mov	8(%rsp), %rsi
	mov	16(%rsp), %rdx
	mov	24(%rsp), %rcx
	mov	32(%rsp), %r8
	mov	40(%rsp), %r9
	mov	48(%rsp), %rax
	mov	56(%rsp), %r10
	add	$72, %rsp
	.cfi_adjust_cfa_offset -72
	jmp	*%r11
	.cfi_endproc
	.size	mc_plt_enter, .-mc_plt_enter

	.section .note.GNU-stack, "", @progbits
