# SPDX-License-Identifier: MIT
# a regex restricted to the program's module; a pattern for another module matches nothing, and
# says so.
. "$E2E/filter/lib.sh"
filter_case regex-module -F '^(parse|emit)$@prog'
filter_record "$T/d" "$T/prog"
"$FTRACE" replay --no-libcall -d "$T/d" -F '^(parse|emit)$@prog' -N lex@libc >/dev/null 2>"$T/err"
grep -q "pattern 'lex@libc' matched no function in the trace" "$T/err" || fail "no warning for lex@libc:" "$(cat "$T/err")"
exit 0
