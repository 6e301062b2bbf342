/* SPDX-License-Identifier: MIT */
/* dlopen A, dlclose, dlopen B (loaded where A was), dlclose, dlopen A: each call is named from the
 * library mapped at its time. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "e2e.h"

NOINLINE void use(const char *path, const char *fn)
{
	void *h = dlopen(path, RTLD_NOW);
	int (*work)(int) = h ? (int (*)(int))dlsym(h, fn) : NULL;

	if (!work) {
		fprintf(stderr, "dlswap: %s\n", dlerror());
		exit(1);
	}
	sink = work(1);
	dlclose(h);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	use(argv[1], "a_work");
	use(argv[2], "b_work");
	use(argv[1], "a_work");
	return 0;
}
