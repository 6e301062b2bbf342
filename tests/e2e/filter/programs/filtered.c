/* SPDX-License-Identifier: MIT */
/* A small tree for the filter cases: nested calls, a slow call (milliseconds), recursion. No libc calls. */
#include "e2e.h"

NOINLINE void lex(void) { sink++; }
NOINLINE void parse(void) { lex(); sink++; lex(); sink++; }
NOINLINE void emit(void) { sink++; }
NOINLINE void slow(void) { for (int i = 0; i < 16000000; i++) sink++; }
NOINLINE void compile(void) { parse(); sink++; emit(); sink++; slow(); sink++; }
NOINLINE int fib(int n) { int r = n < 2 ? n : fib(n - 1) + fib(n - 2); sink++; return r; }

int main(void)
{
	compile();
	sink++;
	fib(3);
	sink++;
	emit();
	sink++;
	return 0;
}
