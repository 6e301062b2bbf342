/* SPDX-License-Identifier: MIT */
/* ftrace info: placeholder until the subcommand lands. */
#include "ftrace.h"

int cmd_info(struct opts *o)
{
	(void)o;
	die("'info' is not implemented yet");
}
