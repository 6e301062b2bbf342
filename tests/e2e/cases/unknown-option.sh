# SPDX-License-Identifier: MIT
# Unknown options and missing values: one line naming the option, non-zero exit.
expect_error "'--no-such-option'" "$FTRACE" replay --no-such-option
expect_error "'--no-such-option'" "$FTRACE" record --no-such-option ./prog
expect_error "'-Z'" "$FTRACE" info -Z
expect_error "'(-d|--data)'" "$FTRACE" replay -d
expect_error "'--depth'|depth" "$FTRACE" replay --depth=abc
expect_error "record" "$FTRACE" record
