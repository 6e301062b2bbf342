/* SPDX-License-Identifier: MIT */
/* -A without a format on int parameters, an enum of masks (one value with a bit no enumerator names), calloc. */
#include <stdlib.h>

#include "e2e.h"

enum span { SPAN_LOW = 0xff, SPAN_HIGH = 0xff00, SPAN_TOP = 0x10000 };

NOINLINE int offset(int delta, long base, short small)
{
	return delta + (int)base + small;
}

NOINLINE int cover(enum span s)
{
	return (int)s;
}

int main(void)
{
	void *p = calloc(3, 8);

	sink = offset(-1, -5, -2);
	sink = cover(SPAN_LOW | SPAN_HIGH);
	sink = cover(SPAN_LOW | SPAN_TOP | 0x100000);
	free(p);
	return 0;
}
