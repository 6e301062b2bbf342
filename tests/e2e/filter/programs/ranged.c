/* SPDX-License-Identifier: MIT */
/* For -r: calls before and well after a 600 ms pause, so a range boundary at 300 ms splits them. */
#include <time.h>

#include "e2e.h"

NOINLINE void leaf(void) { sink++; }
NOINLINE void early(void) { leaf(); sink++; }
NOINLINE void late(void) { leaf(); sink++; }

/* busy, through libc only (not recorded with --no-libcall): no traced call inside */
NOINLINE void pause_600ms(void)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 600000000L);
	sink++;
}

int main(void)
{
	early();
	sink++;
	pause_600ms();
	sink++;
	late();
	sink++;
	return 0;
}
