/* SPDX-License-Identifier: MIT */
/* Recursion deeper than the shadow stack (--max-stack), and frames of variable size (alloca, VLAs). */
#include <alloca.h>
#include <stdlib.h>
#include <string.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }

NOINLINE int down(int n)
{
	int r = n ? down(n - 1) + 1 : 0;

	sink = r;
	return r;
}

NOINLINE void use_alloca(int n)
{
	char *p = alloca((size_t)n);

	memset(p, 1, (size_t)n);
	leaf();
	sink = p[n - 1];
}

NOINLINE void use_vla(int n)
{
	char buf[n];

	memset(buf, 2, sizeof(buf));
	use_alloca(n * 2);
	sink = buf[n - 1];
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100; /* atoi is an inline body clang -finstrument-functions traces */

	if (down(n) != n)
		return 1;
	use_vla(1000);
	use_vla(10);
	leaf();
	sink++;
	return 0;
}
