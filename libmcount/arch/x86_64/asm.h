/* SPDX-License-Identifier: MIT */
/* Macros shared by the x86-64 trampolines: function boundaries and the argument-register frame. */
#ifndef FTRACE_LIBMCOUNT_ARCH_X86_64_ASM_H
#define FTRACE_LIBMCOUNT_ARCH_X86_64_ASM_H

/* a global function with call-frame information, so debuggers and unwinders can walk through it */
#define ENTRY(name)                     \
	.globl name;                    \
	.type name, @function;          \
	.p2align 4;                     \
	name:                           \
	.cfi_startproc

#define END(name)      \
	.cfi_endproc;  \
	.size name, .- name

/*
 * Every register that can carry an argument into an instrumented function or a library call:
 * rdi, rsi, rdx, rcx, r8, r9 (arguments), rax (vector count of a varargs call), r10 (static chain),
 * r11 (gcc's -fipa-ra may keep values there across the hook). 72 bytes, in the order of the
 * `regs` array the C side reads (libmcount/args.c). Called with rsp = 8 mod 16, which leaves the
 * following call 16-byte aligned.
 */
.macro SAVE_ARGS
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
.endm

/* restores what SAVE_ARGS saved; with keep_r11=1, r11 keeps its current value (a jump target) */
.macro RESTORE_ARGS keep_r11=0
	mov	0(%rsp), %rdi
	mov	8(%rsp), %rsi
	mov	16(%rsp), %rdx
	mov	24(%rsp), %rcx
	mov	32(%rsp), %r8
	mov	40(%rsp), %r9
	mov	48(%rsp), %rax
	mov	56(%rsp), %r10
	.if !\keep_r11
	mov	64(%rsp), %r11
	.endif
	add	$72, %rsp
	.cfi_adjust_cfa_offset -72
.endm

#endif
