/* SPDX-License-Identifier: MIT */
/* The demo for library calls and arguments: a directory lister that never checks what opendir()
 * returned. */
#include <dirent.h>
#include <stdio.h>

/*
 * `lsdir DIR...` prints the entries of each DIR. Given a regular file, opendir() fails and returns
 * NULL, which list() hands to readdir(): the program dies with SIGSEGV inside libc. The tree alone
 * shows where it died; `ftrace record -a` also shows why:
 *
 *	opendir("file.txt") = 0;
 *	readdir(0) {
 *	  (signal SIGSEGV)
 */

static int count_entry(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int list(const char *path)
{
	DIR *d = opendir(path); /* the bug: no check for NULL */
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (count_entry(e))
			printf("%s\n", e->d_name), n++;
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++)
		total += list(argv[i]);
	printf("%d entries\n", total);
	return 0;
}
