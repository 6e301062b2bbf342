/* SPDX-License-Identifier: MIT */
/* makecontext/swapcontext coroutines: a generator yields three times into main's loop, then ends. */
#include <stdio.h>
#include <ucontext.h>
#include "e2e.h"

static ucontext_t main_ctx, gen_ctx;
static int value;

NOINLINE void leaf(void) { sink++; }
NOINLINE void yield(int v) { value = v; swapcontext(&gen_ctx, &main_ctx); sink++; }

NOINLINE void generator(void)
{
	for (int i = 1; i <= 3; i++)
		yield(i);
	value = 0;
}

NOINLINE int next(void) { swapcontext(&main_ctx, &gen_ctx); sink++; return value; }

int main(void)
{
	static char stack[64 * 1024];
	int sum = 0, v;

	getcontext(&gen_ctx);
	gen_ctx.uc_stack.ss_sp = stack;
	gen_ctx.uc_stack.ss_size = sizeof(stack);
	gen_ctx.uc_link = &main_ctx;
	makecontext(&gen_ctx, generator, 0);
	while ((v = next()) != 0) {
		sum += v;
		leaf();
	}
	printf("sum %d\n", sum);
	return 0;
}
