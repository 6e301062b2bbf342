/* SPDX-License-Identifier: MIT */
/* libgreet's API. greet_libversion() returns static data owned by the library. */
#ifndef FTRACE_DEMOS_GREET_H
#define FTRACE_DEMOS_GREET_H

const char *greet_libversion(void);
const char *greet_word(void);

#endif
