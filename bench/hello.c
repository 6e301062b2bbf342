/* SPDX-License-Identifier: MIT */
/* Start-up benchmark target: main and one call, so a run costs the tracer's set-up and nothing
 * else. */

__attribute__((noinline)) int hello(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

int main(void)
{
	hello(0); /* not `return hello(0)`: a tail call would make hello() a jump, not a call */
	return 0;
}
