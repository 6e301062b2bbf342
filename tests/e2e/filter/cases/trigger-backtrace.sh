# SPDX-License-Identifier: MIT
# -T lex@backtrace: the callers of each lex, outermost first, as uftrace prints them (recorded as an event at
# record time, made by the filter at replay time).
. "$E2E/filter/lib.sh"
filter_case trigger-backtrace -T lex@backtrace -N fib
exit 0
