/* SPDX-License-Identifier: MIT */
/* setjmp/longjmp and a char and string argument, as uftrace's t-longjmp and t-arg show them. */
#include <setjmp.h>
#include <string.h>

#include "e2e.h"

static jmp_buf env;

NOINLINE void jumper(void) { longjmp(env, 1); }
NOINLINE void show(char c, const char *s) { sink += c + (s ? 1 : 0); }

int main(void)
{
	char long_s[128];

	memset(long_s, 'x', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	if (!setjmp(env))
		jumper();
	show('\0', "tab\tquote\" nl\n");
	show('\n', long_s);
	return 0;
}
