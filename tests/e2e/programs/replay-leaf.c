/* SPDX-License-Identifier: MIT */
/* Calls with no traced children print as one line `name();`, at any depth. */
#include "e2e.h"

NOINLINE void alpha(void) { sink++; }
NOINLINE void beta(void) { sink++; }
NOINLINE void gamma_(void) { beta(); sink++; }

int main(void)
{
	alpha();
	sink++;
	beta();
	sink++;
	gamma_();
	sink++;
	return 0;
}
