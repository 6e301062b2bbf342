/* SPDX-License-Identifier: MIT */
/* Three levels of calls, with two leaves in the innermost one. */
#include "e2e.h"

NOINLINE void lex(void) { sink++; }
NOINLINE void parse(void) { lex(); sink++; lex(); sink++; }
NOINLINE void compile(void) { parse(); sink++; }

int main(void)
{
	compile();
	sink++;
	return 0;
}
