/* SPDX-License-Identifier: MIT */
/* x86-64 __fentry__ (gcc -pg -mfentry): called before the prologue, so no frame pointer is needed. */

/*
 * ABI: System V x86-64. With -pg -mfentry the first instruction of every function is the call:
 *
 *	f:	call   __fentry__          # (endbr64 before it under -fcf-protection)
 *		push   %rbp                # the prologue, if any, comes after
 *
 * Inside __fentry__: (%rsp) is f's address + 5 (or + 9), 8(%rsp) is f's return slot. All argument
 * registers are live and preserved; the exit goes through mcount_return as for mcount.
 */

	.text
	.globl	__fentry__
	.type	__fentry__, @function
	.p2align 4
__fentry__:
	.cfi_startproc
	sub	$72, %rsp
	.cfi_adjust_cfa_offset 72
	mov	%rdi, 0(%rsp)
	mov	%rsi, 8(%rsp)
	mov	%rdx, 16(%rsp)
	mov	%rcx, 24(%rsp)
	mov	%r8, 32(%rsp)
	mov	%r9, 40(%rsp)
	mov	%rax, 48(%rsp)
	mov	%r10, 56(%rsp)
	mov	%r11, 64(%rsp)
	lea	80(%rsp), %rdi		/* slot: f's return address, just above ours */
	mov	72(%rsp), %rsi		/* self: inside f, just after this call */
	mov	%rsp, %rdx		/* regs: the saved argument registers */
	call	mcount_entry
	mov	0(%rsp), %rdi
	mov	8(%rsp), %rsi
	mov	16(%rsp), %rdx
	mov	24(%rsp), %rcx
	mov	32(%rsp), %r8
	mov	40(%rsp), %r9
	mov	48(%rsp), %rax
	mov	56(%rsp), %r10
	mov	64(%rsp), %r11
	add	$72, %rsp
	.cfi_adjust_cfa_offset -72
	ret
	.cfi_endproc
	.size	__fentry__, .-__fentry__

	.section .note.GNU-stack, "", @progbits
