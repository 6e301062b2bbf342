/* SPDX-License-Identifier: MIT */
/* The vDSO's ELF image, saved in the data directory so that replay names time(), gettimeofday()...
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "mcount.h"

/*
 * The kernel maps the vDSO as a whole ELF file, section headers included (its symbols are in its
 * .dynsym): its size is the furthest end of its segments and of its section header table.
 */
static size_t vdso_size(const ElfW(Ehdr) * eh)
{
	const ElfW(Phdr) *ph = (const void *)((const char *)eh + eh->e_phoff);
	size_t size = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;

	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_offset + ph[i].p_filesz > size)
			size = ph[i].p_offset + ph[i].p_filesz;
	return size;
}

/* Writes FT_VDSO_FILE once per data directory (every process of a machine has the same vDSO);
 * written under a temporary name and renamed, so that a reader never sees half of it. */
void mc_save_vdso(void)
{
	const ElfW(Ehdr) *eh = (const void *)getauxval(AT_SYSINFO_EHDR);
	char path[4200], tmp[4300], tmp_name[64];
	size_t size;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", mc_cfg.dir, FT_VDSO_FILE);
	if (!eh || access(path, F_OK) == 0)
		return;
	size = vdso_size(eh);
	if (size > (64u << 20) || !mc_fsize_allows(size))
		return; /* not a vDSO this code understands, or past the file size limit */
	snprintf(tmp_name, sizeof(tmp_name), "%s.%d", FT_VDSO_FILE, (int)getpid());
	snprintf(tmp, sizeof(tmp), "%s/%s", mc_cfg.dir, tmp_name);
	/* never through a link the program planted (mc_open_data); rename replaces a link itself */
	fd = mc_open_data(tmp_name, O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0)
		return;
	if (write(fd, eh, size) != (ssize_t)size) {
		close(fd);
		unlink(tmp);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
	}
}
