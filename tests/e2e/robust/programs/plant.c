/* SPDX-License-Identifier: MIT */
/* A hostile program: it knows FTRACE_DIR and plants symbolic links to the user's files (argv[1]/...)
 * in place of the task log, the info file, sym/ and the streams of the threads it is about to start,
 * then starts a thread and makes calls. With argv[2] "hard", info becomes a hard link to the user's
 * file instead. Untraced (no FTRACE_DIR) it only makes the calls. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int sink;

static __attribute__((noinline)) void leaf(int i)
{
	sink += i;
}

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++)
		leaf(i);
	return arg;
}

static void plant(const char *dir, const char *name, const char *victims, const char *target)
{
	char from[4200], to[4200];

	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(to, sizeof(to), "%s/%s", victims, target);
	unlink(from);
	rmdir(from);
	if (symlink(to, from) != 0)
		perror(from);
}

static void plant_hard(const char *dir, const char *name, const char *victims, const char *target)
{
	char from[4200], to[4200];

	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(to, sizeof(to), "%s/%s", victims, target);
	unlink(from);
	if (link(to, from) != 0)
		perror(from);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("FTRACE_DIR");
	pthread_t th;
	char name[64];

	if (argc < 2)
		return 2;
	if (dir) {
		plant(dir, "task", argv[1], "task-victim");
		if (argc > 2 && !strcmp(argv[2], "hard"))
			plant_hard(dir, "info", argv[1], "info-victim");
		else
			plant(dir, "info", argv[1], "info-victim");
		plant(dir, "sym", argv[1], "symdir-victim");
		for (int i = 1; i <= 64; i++) {
			snprintf(name, sizeof(name), "%d.dat", (int)getpid() + i);
			plant(dir, name, argv[1], "dat-victim");
		}
	}
	pthread_create(&th, NULL, worker, NULL);
	pthread_join(th, NULL);
	worker(NULL);
	printf("calls done\n");
	return 0;
}
