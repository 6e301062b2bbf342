/* SPDX-License-Identifier: MIT */
/* A program with its own allocator, instrumented like the rest, that refuses to be re-entered (as
 * jemalloc's start-up would deadlock): libmcount's start-up must neither call it nor wait for itself
 * when a call inside malloc is the first traced call of the process. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

static _Alignas(16) char heap[1 << 22];
static size_t used;
static int busy;

NOINLINE static size_t round_up(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

void *malloc(size_t n)
{
	void *p = NULL;

	if (busy) {
		static const char msg[] = "ownmalloc: malloc re-entered\n";

		write(2, msg, sizeof(msg) - 1);
		_exit(3);
	}
	busy = 1;
	n = round_up(n);
	if (used + n <= sizeof(heap)) {
		p = heap + used;
		used += n;
	}
	busy = 0;
	return p;
}

void free(void *p)
{
	(void)p;
}

void *calloc(size_t a, size_t b)
{
	void *p = malloc(a * b);

	if (p)
		memset(p, 0, a * b);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p = malloc(n);

	if (p && old)
		memcpy(p, old, n); /* a bump allocator: the old block is at least as far from the end */
	return p;
}

NOINLINE int work(const char *s)
{
	return (int)strlen(s);
}

int main(void)
{
	char *s = malloc(16);

	strcpy(s, "own");
	printf("%s %d\n", s, work(s));
	return 0;
}
