/* SPDX-License-Identifier: MIT */
/* libFuzzer target: argument payloads (FT_EV_ARGS/RETVAL), -A/-R spec parsing, the enums table. */

/*
 * The input's sections (FUZZ_SEP) are: an enums file's text, a function name, an argument payload.
 * The whole input is also decoded as a payload and parsed as a -A and a -R spec; the decoders run
 * with a big buffer and with one as small as the input's first byte says, so truncation is covered.
 * The result must be NUL-terminated within the buffer and as long as returned.
 */
#include "argspec.h"
#include "dwarfinfo.h"
#include "fuzz.h"

static char *cstr(const uint8_t *p, size_t len)
{
	char *s = malloc(len + 1);

	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static void check(const char *buf, size_t size, size_t n)
{
	if (size && (n >= size || strlen(buf) != n))
		abort();
}

static void decode(const struct dwarf_enums *en, const char *func, const uint8_t *p, size_t len,
		   size_t small)
{
	char big[4096], *tiny = malloc(small ? small : 1);

	check(big, sizeof(big), argspec_format_args(p, len, big, sizeof(big)));
	check(big, sizeof(big), argspec_format_retval(p, len, big, sizeof(big)));
	check(big, sizeof(big), argspec_format_named(en, func, p, len, big, sizeof(big)));
	check(tiny, small, argspec_format_named(en, func, p, len, tiny, small));
	free(tiny);
}

static void parse_specs(const uint8_t *data, size_t size)
{
	struct argspec_set set = {0};
	char err[256], *text = cstr(data, size);

	argspec_add(&set, text, false, err, sizeof(err));
	argspec_add(&set, text, true, err, sizeof(err));
	argspec_free(&set);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_section s[3];
	unsigned n = fuzz_split(data, size, s, 3);
	struct dwarf_enums en;
	char *text = cstr(s[0].p, s[0].len), *func = n > 1 ? cstr(s[1].p, s[1].len) : NULL;
	bool have_en = dwarf_enums_parse(text, &en) == 0;

	decode(have_en ? &en : NULL, func, data, size, size ? data[0] : 0);
	if (n > 2)
		decode(have_en ? &en : NULL, func, s[2].p, s[2].len, s[2].len ? s[2].p[0] % 64 : 0);
	parse_specs(data, size);
	if (have_en)
		dwarf_enums_clear(&en);
	free(func);
	free(text);
	return 0;
}
