/* SPDX-License-Identifier: MIT */
/* libFuzzer target: symbol names through the demangler (libiberty and demangle_simplify). */

/*
 * The input is one symbol name (cut at its first NUL). It goes through demangler_name() in the
 * three styles, demangle_dup(), and demangle_simplify() both of libiberty's output and of the raw
 * input itself (the simplifier must cope with any text, not only libiberty's). The simple form is
 * never longer than the full one: the harness gives demangle_simplify() exactly that much room.
 */
#include "demangle.h"
#include "fuzz.h"

static void simplify(const char *full)
{
	size_t len = strlen(full);
	char *out = malloc(len + 1);

	if (strlen(demangle_simplify(full, out)) > len)
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1), *full, *dup;
	static const enum demangle_style styles[] = {DEMANGLE_SIMPLE, DEMANGLE_FULL, DEMANGLE_NO};

	memcpy(raw, data, size);
	raw[size] = '\0';
	for (unsigned i = 0; i < 3; i++) {
		struct demangler *d = demangler_new(styles[i]);
		const char *a = demangler_name(d, raw), *b = demangler_name(d, raw);

		if (a != b) /* equal strings give the same pointer */
			abort();
		demangler_free(d);
		dup = demangle_dup(raw, styles[i]);
		free(dup);
	}
	full = demangle_full(raw);
	if (full)
		simplify(full);
	free(full);
	simplify(raw);
	free(raw);
	return 0;
}
