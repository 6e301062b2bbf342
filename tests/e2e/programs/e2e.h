/* SPDX-License-Identifier: MIT */
/* Shared by the e2e programs: keep every traced call a real, non-tail, non-cloned call at -O0 and -O2. */
#ifndef FTRACE_TESTS_E2E_H
#define FTRACE_TESTS_E2E_H

/* gcc would otherwise make .constprop/.isra clones; clang has no noclone and warns about it */
#ifdef __clang__
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif

/* A store after each call keeps it out of tail position, so -O2 cannot turn it into a jump. */
static volatile int sink;

#endif
