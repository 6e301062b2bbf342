/* SPDX-License-Identifier: MIT */
/* A fatal signal told as one line: `record`'s crash line and `info`. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "demangle.h"
#include "symbols.h"
#include "trace_format.h"

static bool is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

/* Appends with snprintf semantics; *len never passes size - 1. */
static void append(char *buf, size_t size, size_t *len, const char *s)
{
	int k = snprintf(buf + *len, size - *len, "%s", s);

	if (k > 0)
		*len = *len + (size_t)k < size ? *len + (size_t)k : size - 1;
}

/* The name of a logged frame address: demangled, or the address itself. */
static char *frame_name(struct symtabs *st, const struct fatal_signal *fs, unsigned long long a,
			enum demangle_style style)
{
	const struct sym *s = st ? symtabs_lookup(st, (uint32_t)fs->pid, fs->session, a) : NULL;
	char tmp[32];

	if (s)
		return demangle_dup(s->name, style);
	snprintf(tmp, sizeof(tmp), "0x%llx", a);
	return xstrdup(tmp);
}

/* Appends " <- name", or " in name" first; a run of three or more calls of the same function
 * (deep recursion, a stack overflow) is told once, with its count. */
static void append_frame(char *buf, size_t size, size_t *len, const char *name, unsigned count,
			 bool first)
{
	char tmp[32];

	for (unsigned i = 0; i < (count < 3 ? count : 1); i++) {
		append(buf, size, len, first && !i ? " in " : " <- ");
		append(buf, size, len, name);
	}
	if (count >= 3) {
		snprintf(tmp, sizeof(tmp), " (x%u)", count);
		append(buf, size, len, tmp);
	}
}

void fatal_signal_where(const char *dir, const struct fatal_signal *fs, enum demangle_style style,
			char *buf, size_t size)
{
	struct symtabs *st = symtabs_load(dir);
	char frames[sizeof(fs->frames)], tmp[64], *save = NULL, *prev = NULL;
	size_t len = 0;
	unsigned count = 0, total = 0;
	bool first = true;

	buf[0] = '\0';
	if (is_fault(fs->sig)) {
		snprintf(tmp, sizeof(tmp), " (address 0x%llx)", fs->addr);
		append(buf, size, &len, tmp);
	}
	strcpy(frames, fs->frames);
	for (char *tok = strtok_r(frames, ",", &save); tok && strcmp(tok, "-");
	     tok = strtok_r(NULL, ",", &save), total++) {
		char *name = frame_name(st, fs, strtoull(tok, NULL, 16), style);

		if (prev && !strcmp(prev, name)) {
			count++;
			free(name);
			continue;
		}
		if (prev) {
			append_frame(buf, size, &len, prev, count, first);
			first = false;
			free(prev);
		}
		prev = name;
		count = 1;
	}
	if (prev) {
		append_frame(buf, size, &len, prev, count, first);
		free(prev);
	}
	if (total >= FT_FATAL_FRAMES_MAX)
		append(buf, size, &len, " <- ..."); /* libmcount logs the innermost frames only */
	if (st)
		symtabs_free(st);
}
