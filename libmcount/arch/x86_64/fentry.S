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

#include "asm.h"

	.text
ENTRY(__fentry__)
	SAVE_ARGS
	lea	80(%rsp), %rdi		/* slot: f's return address, just above ours */
	mov	72(%rsp), %rsi		/* self: inside f, just after this call */
	mov	%rsp, %rdx		/* regs: the saved argument registers */
	call	mcount_entry
	RESTORE_ARGS
	ret
END(__fentry__)

	.section .note.GNU-stack, "", @progbits
