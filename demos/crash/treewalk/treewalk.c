/* SPDX-License-Identifier: MIT */
/* Demo bug: walks a directory tree recursively, keeping "the directory being read" in a global that
 * the nested walk overwrites; on the way back up it closes the child's DIR* a second time and glibc
 * aborts on the double free. See README.md. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static DIR *current; /* the bug: one global for every level of the recursion */

static int is_subdir(const char *path, const char *name)
{
	struct stat st;

	return strcmp(name, ".") && strcmp(name, "..") && stat(path, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

static void walk(const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4096];

	if (!d)
		return;
	current = d;
	while ((e = readdir(d)) != NULL) {
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (is_subdir(sub, e->d_name)) {
			printf("%*s%s/\n", 2 * depth, "", e->d_name);
			walk(sub, depth + 1);
		}
	}
	closedir(current); /* meant: closedir(d) */
}

int main(int argc, char **argv)
{
	walk(argc > 1 ? argv[1] : ".", 0);
	return 0;
}
