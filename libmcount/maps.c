/* SPDX-License-Identifier: MIT */
/* The memory maps of each process image, saved beside its streams for symbol resolution. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "mcount.h"

/*
 * Appends a copy of /proc/self/maps to <pid>-<session>.maps, after a line with the tick it was
 * taken at: the analyser names a call from the copy that held when it was made (dlopen A, dlclose,
 * dlopen B may load B where A was).
 */
void mc_save_maps(void)
{
	char buf[8192];
	int in, out, n;
	ssize_t got;

	in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return;
	out = mc_maps_open();
	if (out >= 0) {
		n = snprintf(buf, sizeof(buf), FT_MAPS_MARK "%llu\n",
			     (unsigned long long)mc_clock());
		if (mc_fits(out, (size_t)n) && write(out, buf, (size_t)n) == n)
			while ((got = read(in, buf, sizeof(buf))) > 0)
				if (!mc_fits(out, (size_t)got) ||
				    write(out, buf, (size_t)got) != got)
					break;
		mc_plthook_names(out); /* a fork child's file needs them too */
		mc_save_vdso(); /* its functions are mapped as "[vdso]": no file to read later */
		close(out);
	}
	close(in);
}

/* <pid>-<session>.maps of this process image, open for appending; -1 on failure. */
int mc_maps_open(void)
{
	char name[64];

	snprintf(name, sizeof(name), "%d-%llu.maps", (int)mc_cfg.pid,
		 (unsigned long long)mc_cfg.session);
	return mc_open_data(name, O_WRONLY | O_APPEND | O_CREAT); /* never through a link */
}
