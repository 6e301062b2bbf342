/* SPDX-License-Identifier: MIT */
/* The terminal: whether output is coloured, and the pager long output goes through. */
#ifndef FTRACE_CMD_TERM_H
#define FTRACE_CMD_TERM_H

/*
 * Both are decided once, in main(), before a command prints anything: colour from --color (auto:
 * stdout is a terminal and NO_COLOR is unset or empty), then the pager, which turns stdout into a
 * pipe (so colour is decided first). Nothing here is used when stdout is not a terminal, unless
 * --color=always asks for escape codes in a pipe.
 */

#include <stdbool.h>

/* --color=auto|always|never (NULL: auto); dies on another word */
bool term_color_wanted(const char *mode);
/* Starts $PAGER (default `less -FRSX`) with stdout, and stderr when it is the same terminal,
 * going into it; nothing when stdout is not a terminal or PAGER is empty or "cat". */
void term_start_pager(void);

#endif
