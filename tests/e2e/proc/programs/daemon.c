/* SPDX-License-Identifier: MIT */
/* daemon(): the parent returns from the fork inside daemon() and exits; the daemon's calls are traced. The
 * daemon writes a file when done, so the test can wait for it. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void serve(void) { leaf(); sink++; }

int main(int argc, char **argv)
{
	if (argc < 2 || daemon(1, 1) != 0)
		return 1;
	serve();
	close(open(argv[1], O_WRONLY | O_CREAT, 0644));
	return 0;
}
