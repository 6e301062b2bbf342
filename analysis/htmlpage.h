/* SPDX-License-Identifier: MIT */
/* dump --html: one self-contained page to explore a trace (tree, search, profile, flame graph). */
#ifndef FTRACE_ANALYSIS_HTMLPAGE_H
#define FTRACE_ANALYSIS_HTMLPAGE_H

#include "filter.h"
#include "output.h"

/* The most tree nodes the page embeds; paths beyond are cut into "N more" rows. */
#define HTMLPAGE_NODE_BUDGET 25000u
/* The most functions the flat profile lists (the heaviest by total time). */
#define HTMLPAGE_ROW_BUDGET 5000u

/* What a command asks of the page; cmd/dump.c fills it from its options. */
struct htmlpage_config {
	const char *dir;	      /* the data directory */
	enum demangle_style demangle; /* how names are shown */
	const char *tid;	      /* --tid: only these threads ("1,2"), or NULL */
	struct filter_config filters; /* what narrows the trace; the page names it in its header */
};

/* Reads the trace of c->dir and writes the page to out; 0, or 1 after a message. */
int htmlpage_write(const struct htmlpage_config *c, struct out *out);

/* The page's script, style and body, embedded at build time (scripts/embed-assets.sh). */
extern const char htmlpage_css[], htmlpage_body[], htmlpage_js[];

#endif
