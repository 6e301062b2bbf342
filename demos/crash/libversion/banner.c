/* SPDX-License-Identifier: MIT */
/* Demo bug: prints a banner with libgreet's version, then frees the version string as if it owned
 * it; the string is static data inside libgreet.so and glibc aborts in free(). See README.md. */
#include <stdio.h>
#include <stdlib.h>
#include "greet.h"

static char *version_text(void)
{
	return (char *)greet_libversion(); /* the bug: the cast hides that the library owns it */
}

static void print_banner(void)
{
	char *v = version_text();

	printf("%s, world (%s)\n", greet_word(), v);
	fflush(stdout);
	free(v);
}

int main(void)
{
	print_banner();
	return 0;
}
