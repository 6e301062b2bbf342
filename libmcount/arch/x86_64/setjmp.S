/* SPDX-License-Identifier: MIT */
/* x86-64 wrappers for setjmp, _setjmp and __sigsetjmp: note where the jump will land, then the real one. */

/*
 * ABI: System V x86-64. The program calls, e.g.
 *
 *	lea    env(%rip),%rdi
 *	call   _setjmp@PLT           # returns twice: now with 0, later from longjmp
 *
 * A wrapper must leave the stack exactly as the caller made it when the real function runs, since
 * that function records the caller's stack pointer and return address. So the wrapper calls
 * mc_setjmp_note(env, caller_sp) with everything restored afterwards, then tail-jumps to the real
 * function, whose address mc_unwind_init() resolved. longjmp() later closes the frames above
 * caller_sp (libmcount/unwind.c).
 */

.macro SETJMP_WRAPPER name, real
	.globl	\name
	.type	\name, @function
	.p2align 4
\name:
	.cfi_startproc
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	sub	$8, %rsp		/* entry rsp is 8 mod 16: 3 pushes make the call aligned */
	.cfi_adjust_cfa_offset 8
	lea	32(%rsp), %rsi		/* the caller's stack pointer once we return */
	call	mc_setjmp_note
	add	$8, %rsp
	.cfi_adjust_cfa_offset -8
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	jmp	*\real(%rip)
	.cfi_endproc
	.size	\name, .-\name
.endm

	.text
	SETJMP_WRAPPER setjmp, mc_real_setjmp
	SETJMP_WRAPPER _setjmp, mc_real__setjmp
	SETJMP_WRAPPER __sigsetjmp, mc_real_sigsetjmp

	.section .note.GNU-stack, "", @progbits
