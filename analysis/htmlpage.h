/* SPDX-License-Identifier: MIT */
/* dump --html: one self-contained page to explore a trace (tree, search, profile, flame graph). */
#ifndef FTRACE_CMD_HTMLPAGE_H
#define FTRACE_CMD_HTMLPAGE_H

#include "ftrace.h"
#include "output.h"

/* The most tree nodes the page embeds; paths beyond are cut into "N more" rows. */
#define HTMLPAGE_NODE_BUDGET 25000u
/* The most functions the flat profile lists (the heaviest by total time). */
#define HTMLPAGE_ROW_BUDGET 5000u

/* Reads the trace of o->dir and writes the page to out; 0, or 1 after a message. */
int htmlpage_write(const struct opts *o, struct out *out);

/* The page's script, style and body, embedded at build time (scripts/embed-assets.sh). */
extern const char htmlpage_css[], htmlpage_body[], htmlpage_js[];

#endif
