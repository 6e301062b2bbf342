/* SPDX-License-Identifier: MIT */
/* The memory maps of each process image, saved beside its streams for symbol resolution. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "mcount.h"

/* Copies /proc/self/maps into <pid>-<session>.maps (appending: after dlopen the union is used). */
void mc_save_maps(void)
{
	char path[4200], buf[8192];
	int in, out;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%d-%llu.maps", mc_cfg.dir, (int)mc_cfg.pid,
		 (unsigned long long)mc_cfg.session);
	in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return;
	out = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n)
				break;
		close(out);
	}
	close(in);
}
