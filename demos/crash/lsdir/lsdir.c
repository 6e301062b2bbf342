/* SPDX-License-Identifier: MIT */
/* Demo bug: lists the directories named on the command line, but never checks opendir(); given a
 * file, it passes NULL to readdir() and dies of SIGSEGV. See README.md. */
#include <dirent.h>
#include <stdio.h>

static void print_entry(const struct dirent *e)
{
	printf("  %s\n", e->d_name);
}

static int read_entries(DIR *d)
{
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL) {
		print_entry(e);
		n++;
	}
	return n;
}

static void list_dir(const char *path)
{
	DIR *d = opendir(path); /* the bug: NULL for a file, a missing path, no permission */
	int n;

	printf("%s:\n", path);
	fflush(stdout);
	n = read_entries(d);
	closedir(d);
	printf("%d entries\n", n);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		list_dir(argv[i]);
	return 0;
}
