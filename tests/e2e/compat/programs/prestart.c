/* SPDX-License-Identifier: MIT */
/* Calls made outside main: a constructor, an atexit handler, a destructor; under -pg, gprof's
 * start-up (__monstartup, __cxa_atexit) before them. */
#include <stdlib.h>

#include "e2e.h"

NOINLINE void helper(void) { sink++; }
__attribute__((constructor)) void setup(void) { helper(); }
__attribute__((destructor)) void teardown(void) { helper(); }
static void bye(void) { helper(); }

int main(void)
{
	atexit(bye);
	helper();
	return 0;
}
