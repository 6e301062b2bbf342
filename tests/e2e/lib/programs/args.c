/* SPDX-License-Identifier: MIT */
/* Arguments of the program's own function (int, string, double) and of a library call, for -A/-R. */
#include <string.h>

#include "e2e.h"

NOINLINE int scale(int n, const char *label, double factor)
{
	return n * (int)factor + (int)strlen(label);
}

int main(void)
{
	sink = scale(-3, "a \"quoted\" label", 2.5);
	return 0;
}
