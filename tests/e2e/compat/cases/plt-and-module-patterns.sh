# SPDX-License-Identifier: MIT
# uftrace's PATTERN@plt names the library calls, PATTERN@MODULE the functions of one module (the
# program's file name, or a library's name up to a '.' or '-'), when reading the trace.
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/calls"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -N getpid@plt
compat_expect calls-no-getpid "$T/out"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -N getpid@libc
compat_expect calls-no-getpid "$T/out"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -F b@calls
compat_expect calls-b "$T/out"
# the program's own c is not a library call
"$FTRACE" replay -d "$T/d" -F c@plt >/dev/null 2>"$T/err"
grep -q "pattern 'c@plt' matched no function" "$T/err" || fail "c@plt matched the program's c:" "$(cat "$T/err")"
exit 0
