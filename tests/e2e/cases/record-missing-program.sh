# SPDX-License-Identifier: MIT
# A program that does not exist: one line naming it, non-zero exit, no data directory left behind.
expect_error "'./no-such-program'.*No such file" "$FTRACE" record -d data ./no-such-program
expect_error "'no-such-program-in-path'.*No such file" "$FTRACE" record -d data no-such-program-in-path
[ -e data ] && fail "record left '$T/data' behind for a missing program"
exit 0
