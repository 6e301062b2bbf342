/* SPDX-License-Identifier: MIT */
/* dlopen: a library loaded at run time is traced and named; dlsym(RTLD_NEXT) still finds libc's puts. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

#include "e2e.h"

int main(int argc, char **argv)
{
	void *h = dlopen(argc > 1 ? argv[1] : "./libplugin.so", RTLD_NOW);
	int (*work)(const char *) = h ? (int (*)(const char *))dlsym(h, "plug_work") : NULL;
	int (*next_puts)(const char *) = (int (*)(const char *))dlsym(RTLD_NEXT, "puts");

	if (!work || !next_puts) {
		fprintf(stderr, "dlopen case: %s\n", dlerror());
		return 1;
	}
	sink = work("plugin");
	next_puts("next");
	dlclose(h);
	return 0;
}
