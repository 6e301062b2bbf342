/* SPDX-License-Identifier: MIT */
/* ftrace dump: placeholder until the command lands (issue 6). */
#include "ftrace.h"

int cmd_dump(struct opts *o)
{
	(void)o;
	die("'dump' is not implemented yet");
}
