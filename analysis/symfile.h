/* SPDX-License-Identifier: MIT */
/* The .sym files: every mapped module's functions saved in the data directory at record time. */
#ifndef FTRACE_ANALYSIS_SYMFILE_H
#define FTRACE_ANALYSIS_SYMFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads every <pid>-<session>.maps of dir and writes sym/<module>.sym for each executable module
 * mapped (libmcount excepted), and the index sym/modules; 0, or -1 after a message. */
int symbols_save(const char *dir);

/*
 * The same in steps, for `record`, which saves modules while the program runs:
 *	symsave_start(dir)	before the run: opens dir/sym (created if missing); NULL after a
 *				message
 *	symsave_maps(s, name)	a maps file of dir (by name) appeared: its modules not saved yet are
 *				saved now (silently: a failure is tried again, and said, at the end)
 *	symsave_finish(s)	after the run: the modules of every maps file not saved yet, then the
 *				index; 0, or -1 after a message
 *	symsave_each_dwarf()	calls fn for each saved module that has DWARF (.debug_info)
 */
struct symsave;
struct symsave *symsave_start(const char *dir);
void symsave_maps(struct symsave *s, const char *name);
int symsave_finish(struct symsave *s);
void symsave_each_dwarf(struct symsave *s,
			void (*fn)(void *ctx, const char *path, const char *symfile), void *ctx);
void symsave_free(struct symsave *s);

#endif
