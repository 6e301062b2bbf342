# SPDX-License-Identifier: MIT
# An info file that is not ftrace's: one line naming it, non-zero exit.
prog replay-nested
record_ok data "$PROG"
echo "garbage" >data/info
expect_error "info" "$FTRACE" replay -d data
: >data/info
expect_error "info" "$FTRACE" replay -d data
