/* SPDX-License-Identifier: MIT */
/* Waits (up to 20 s) for its own symbols to appear in the data directory and says whether they did:
 * `ftrace record` saves them while the program runs, not only after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "e2e.h"

NOINLINE int symbols_saved(const char *dir, const char *self)
{
	const char *base = strrchr(self, '/') ? strrchr(self, '/') + 1 : self;
	struct timespec ms = {0, 10 * 1000 * 1000};
	char path[4096];

	snprintf(path, sizeof(path), "%s/sym/%s.sym", dir, base);
	for (int i = 0; i < 2000; i++) {
		if (access(path, R_OK) == 0)
			return 1;
		nanosleep(&ms, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("FTRACE_DIR");

	(void)argc;
	puts(dir && symbols_saved(dir, argv[0]) ? "saved while running" : "not saved while running");
	sink++;
	return 0;
}
