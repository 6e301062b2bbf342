/* SPDX-License-Identifier: MIT */
/* For the big-trace case: ARGV[1] rounds of a binary call tree 12 levels deep over four functions
 * (4095 calls and as many distinct paths a round; 733 rounds are 3 million calls). */
#include <stdlib.h>

static volatile int sink;

void f0(int d);
void f1(int d);
void f2(int d);
void f3(int d);
static void (*const fns[4])(int) = {f0, f1, f2, f3};

#define BODY(k)                                                                                  \
	do {                                                                                     \
		sink++;                                                                          \
		if (d > 0) {                                                                     \
			fns[((k) + 1) % 4](d - 1);                                               \
			fns[((k) + 2) % 4](d - 1);                                               \
		}                                                                                \
	} while (0)

__attribute__((noinline)) void f0(int d)
{
	BODY(0);
}

__attribute__((noinline)) void f1(int d)
{
	BODY(1);
}

__attribute__((noinline)) void f2(int d)
{
	BODY(2);
}

__attribute__((noinline)) void f3(int d)
{
	BODY(3);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;

	for (int i = 0; i < rounds; i++)
		f0(11);
	return 0;
}
