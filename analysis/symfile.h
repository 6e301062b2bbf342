/* SPDX-License-Identifier: MIT */
/* The .sym files: every mapped module's functions saved in the data directory at record time. */
#ifndef FTRACE_ANALYSIS_SYMFILE_H
#define FTRACE_ANALYSIS_SYMFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads every <pid>-<session>.maps of dir and writes sym/<module>.sym for each executable module
 * mapped (libmcount excepted); 0, or -1 after a message. */
int symbols_save(const char *dir);

#endif
