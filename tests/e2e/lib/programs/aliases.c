/* SPDX-License-Identifier: MIT */
/* Library calls whose glibc function carries another alias at the same address (memcmp and bcmp,
 * strchr and index, strrchr and rindex, open64 and open, _exit and _Exit): each is named as called. */
#define _LARGEFILE64_SOURCE
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "e2e.h"

NOINLINE int compare(const char *a, const char *b)
{
	int order = memcmp(a, b, 3);

	return order + (bcmp(a, b, 3) != 0);
}

int main(int argc, char **argv)
{
	int fd;

	sink = compare("abc", argc > 5 ? argv[1] : "abd");
	sink = strchr(argv[0], '/') != NULL;
	sink = strrchr(argv[0], '/') != NULL;
	fd = open64("/dev/null", O_RDONLY);
	if (fd >= 0)
		close(fd);
	_exit(0);
}
