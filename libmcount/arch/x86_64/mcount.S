/* SPDX-License-Identifier: MIT */
/* x86-64 mcount (gcc/clang -pg), the exit trampoline mcount_return, and mc_call_saving_fp. */

/*
 * ABI: System V x86-64. With -pg the compiler calls mcount right after the prologue:
 *
 *	f:	push   %rbp
 *		mov    %rsp,%rbp
 *		call   *mcount@GOTPCREL(%rip)     # clang: call mcount@PLT
 *		...                               # body: rdi..r9, rax, r10 still hold f's arguments
 *
 * So inside mcount: (%rsp) is an address inside f (it identifies f), and 8(%rbp) is f's return
 * slot. mcount_entry() may replace that slot with mcount_return. Every register that can carry an
 * argument is preserved; the C side is built with -mgeneral-regs-only so SSE registers survive, and
 * its slow paths go through mc_call_saving_fp.
 */

#include "asm.h"

	.text
	.globl	_mcount
	.type	_mcount, @function
ENTRY(mcount)
_mcount:
	SAVE_ARGS
	lea	8(%rbp), %rdi		/* slot: f's return address */
	mov	72(%rsp), %rsi		/* self: an address inside f */
	mov	%rsp, %rdx		/* regs: the saved argument registers */
	call	mcount_entry
	RESTORE_ARGS
	ret
END(mcount)
	.size	_mcount, .-_mcount

/*
 * A hijacked function returns here instead of to its caller, with its return values in rax/rdx
 * (and xmm0/xmm1, st0, which the C side never touches) and %rsp 16-byte aligned just above its
 * slot. mcount_exit() records the exit and hands back the real return address; r11 is free at a
 * return point, so it carries the jump.
 */
	.globl	mcount_return
	.hidden	mcount_return
	.type	mcount_return, @function
	.p2align 4
mcount_return:
	.cfi_startproc
	.cfi_undefined rip
	sub	$32, %rsp
	.cfi_adjust_cfa_offset 32
	mov	%rax, 0(%rsp)
	mov	%rdx, 8(%rsp)
	lea	32(%rsp), %rdi		/* the stack pointer after the traced function's ret */
	mov	%rsp, %rsi		/* the saved return registers */
	call	mcount_exit
	mov	%rax, %r11
	mov	0(%rsp), %rax
	mov	8(%rsp), %rdx
	add	$32, %rsp
	.cfi_adjust_cfa_offset -32
	jmp	*%r11
	.cfi_endproc
	.size	mcount_return, .-mcount_return

/*
 * void mc_call_saving_fp(void (*fn)(void *), void *arg): fn may call libc, which may use SSE; the
 * traced function's float arguments (xmm0-7) or return values (xmm0-1) must survive it.
 */
	.globl	mc_call_saving_fp
	.hidden	mc_call_saving_fp
	.type	mc_call_saving_fp, @function
	.p2align 4
mc_call_saving_fp:
	.cfi_startproc
	push	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbp, 0
	mov	%rsp, %rbp
	.cfi_def_cfa_register rbp
	sub	$128, %rsp
	and	$-16, %rsp
	movdqu	%xmm0, 0(%rsp)
	movdqu	%xmm1, 16(%rsp)
	movdqu	%xmm2, 32(%rsp)
	movdqu	%xmm3, 48(%rsp)
	movdqu	%xmm4, 64(%rsp)
	movdqu	%xmm5, 80(%rsp)
	movdqu	%xmm6, 96(%rsp)
	movdqu	%xmm7, 112(%rsp)
	mov	%rdi, %rax
	mov	%rsi, %rdi
	call	*%rax
	movdqu	0(%rsp), %xmm0
	movdqu	16(%rsp), %xmm1
	movdqu	32(%rsp), %xmm2
	movdqu	48(%rsp), %xmm3
	movdqu	64(%rsp), %xmm4
	movdqu	80(%rsp), %xmm5
	movdqu	96(%rsp), %xmm6
	movdqu	112(%rsp), %xmm7
	mov	%rbp, %rsp
	pop	%rbp
	.cfi_def_cfa rsp, 8
	ret
	.cfi_endproc
	.size	mc_call_saving_fp, .-mc_call_saving_fp

	.section .note.GNU-stack, "", @progbits
