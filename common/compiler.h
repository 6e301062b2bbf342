/* SPDX-License-Identifier: MIT */
/* Compiler hints shared by libmcount and the analyser (GCC and clang only). */
#ifndef FTRACE_COMMON_COMPILER_H
#define FTRACE_COMMON_COMPILER_H

/* branch hints for the hot paths: the per-call hooks and the reader's decode loop */
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
