/* SPDX-License-Identifier: MIT */
/* ftrace live: placeholder until the subcommand lands. */
#include "ftrace.h"

int cmd_live(struct opts *o)
{
	(void)o;
	die("'live' is not implemented yet");
}
