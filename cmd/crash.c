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

void fatal_signal_where(const char *dir, const struct fatal_signal *fs, enum demangle_style style,
			char *buf, size_t size)
{
	struct symtabs *st = symtabs_load(dir);
	char frames[sizeof(fs->frames)], tmp[64], *save = NULL;
	size_t len = 0;
	int n = 0;

	buf[0] = '\0';
	if (is_fault(fs->sig)) {
		snprintf(tmp, sizeof(tmp), " (address 0x%llx)", fs->addr);
		append(buf, size, &len, tmp);
	}
	strcpy(frames, fs->frames);
	for (char *tok = strtok_r(frames, ",", &save); tok && strcmp(tok, "-");
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long long a = strtoull(tok, NULL, 16);
		const struct sym *s =
			st ? symtabs_lookup(st, (uint32_t)fs->pid, fs->session, a) : NULL;
		char *name = s ? demangle_dup(s->name, style) : NULL;

		append(buf, size, &len, n++ ? " <- " : " in ");
		if (!name) {
			snprintf(tmp, sizeof(tmp), "0x%llx", a);
			append(buf, size, &len, tmp);
		} else {
			append(buf, size, &len, name);
		}
		free(name);
	}
	if (st)
		symtabs_free(st);
}
