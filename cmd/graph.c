/* SPDX-License-Identifier: MIT */
/* ftrace graph: placeholder until the command lands (issue 6). */
#include "ftrace.h"

int cmd_graph(struct opts *o)
{
	(void)o;
	die("'graph' is not implemented yet");
}
