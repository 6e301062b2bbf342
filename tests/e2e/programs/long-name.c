/* SPDX-License-Identifier: MIT */
/* A function whose name (2^20 characters) is longer than the commands' output buffer (64 KiB), and
 * than the 1 MiB one that once dropped such a line. */
#include "e2e.h"

/* x pasted to itself 20 times: "xx...x", 1048576 characters */
#define CAT(a, b)  a##b
#define XCAT(a, b) CAT(a, b)
#define D1(a)	   XCAT(a, a)
#define D2(a)	   D1(D1(a))
#define D4(a)	   D2(D2(a))
#define D8(a)	   D4(D4(a))
#define D16(a)	   D8(D8(a))
#define D20(a)	   D4(D16(a))
#define LONG_NAME  D20(x)

NOINLINE void LONG_NAME(void) { sink++; }
NOINLINE void after(void) { sink++; }

int main(void)
{
	LONG_NAME();
	sink++;
	after();
	sink++;
	return 0;
}
