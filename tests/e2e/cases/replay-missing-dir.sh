# SPDX-License-Identifier: MIT
# Replaying a directory that does not exist, or is not a trace: one line naming it, non-zero exit.
expect_error "'no-such-dir[^']*'.*No such file" "$FTRACE" replay -d no-such-dir
mkdir empty-dir
expect_error "'empty-dir[^']*'" "$FTRACE" replay -d empty-dir
expect_error "'ftrace.data[^']*'.*No such file" "$FTRACE" replay
