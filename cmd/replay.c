/* SPDX-License-Identifier: MIT */
/* ftrace replay: placeholder until the subcommand lands. */
#include "ftrace.h"

int cmd_replay(struct opts *o)
{
	(void)o;
	die("'replay' is not implemented yet");
}
