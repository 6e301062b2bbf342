/* SPDX-License-Identifier: MIT */
/* dump --flame-svg: a flame graph of a calling-context tree as one self-contained SVG. */
#ifndef FTRACE_ANALYSIS_FLAMESVG_H
#define FTRACE_ANALYSIS_FLAMESVG_H

#include <stdbool.h>

#include "callstats.h"
#include "output.h"

/* A flame graph of t as a self-contained SVG: hover titles, click to zoom, no external script.
 * Names come from fn; title heads the picture. inverted: an icicle graph, the root at the top. */
void flamesvg_write(struct out *out, const struct ca_tree *t, const struct ca_funcs *fn,
		    const char *title, bool inverted);

#endif
