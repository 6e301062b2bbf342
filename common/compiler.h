/* SPDX-License-Identifier: MIT */
/* Compiler hints shared by the runtime and the analyser. */
#ifndef FTRACE_COMMON_COMPILER_H
#define FTRACE_COMMON_COMPILER_H

/* branch hints for the paths that run once per traced call (or per record) */
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
