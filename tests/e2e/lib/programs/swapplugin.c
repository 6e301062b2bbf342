/* SPDX-License-Identifier: MIT */
/* Two libraries of one layout for the dlswap case: built with -DWORK=a_work and -DWORK=b_work. */
#include "e2e.h"

NOINLINE int WORK(int n)
{
	sink += n;
	return n + 1;
}
