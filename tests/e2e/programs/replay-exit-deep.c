/* SPDX-License-Identifier: MIT */
/* exit() inside nested calls: the frames it abandons are closed at the end and marked, not dropped. */
#include <stdlib.h>
#include "e2e.h"

NOINLINE void leave(void) { exit(0); }
NOINLINE void inner(void) { leave(); sink++; }

int main(void)
{
	inner();
	sink++;
	return 0;
}
