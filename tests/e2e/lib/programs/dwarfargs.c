/* SPDX-License-Identifier: MIT */
/* The program's own functions with typed parameters (-a reads them from DWARF), and a qsort callback. */
#include <stdlib.h>

#include "e2e.h"

enum color { RED, GREEN, BLUE = 4 };
typedef enum { OPT_READ = 1, OPT_WRITE = 2, OPT_SYNC = 8 } opts_t;
struct pair {
	long x, y;
};

NOINLINE int paint(enum color c, opts_t o)
{
	return (int)c + (int)o;
}

NOINLINE double scale(short n, unsigned long big, double f, float g)
{
	return n * f + (double)big + g;
}

NOINLINE enum color pick(const char *name, char initial)
{
	return name[0] == 'b' && initial == 'b' ? BLUE : GREEN;
}

NOINLINE int by_value(int a, struct pair p, int b)
{
	return a + b + (int)p.x;
}

NOINLINE int cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	int v[2] = { 2, 1 };
	struct pair p = { 1, 2 };

	sink = paint(BLUE, OPT_READ | OPT_SYNC);
	sink = paint(3, 16);
	sink = (int)scale(-3, 7, 2.5, 0.25f);
	sink = pick("blue", 'b');
	sink = by_value(5, p, 6);
	qsort(v, 2, sizeof(v[0]), cmp);
	return 0;
}
