/* SPDX-License-Identifier: MIT */
/* libgreet: the demo's own small shared library. Its version string is static data inside the
 * library: callers must not free it. See README.md. */
#include "greet.h"

static const char version[] = "greet 1.4.2";

const char *greet_libversion(void)
{
	return version;
}

const char *greet_word(void)
{
	return "hello";
}
