/* SPDX-License-Identifier: MIT */
/* Calls that glibc sends into the vDSO (time(), gettimeofday()) and one it wraps (clock_gettime()). */
#include <sys/time.h>
#include <time.h>

#include "e2e.h"

NOINLINE long now(void)
{
	struct timeval tv;
	struct timespec ts;

	gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)time(NULL) + tv.tv_sec + ts.tv_sec;
}

int main(void)
{
	sink = now() > 0;
	return 0;
}
