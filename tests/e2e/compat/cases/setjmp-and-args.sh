# SPDX-License-Identifier: MIT
# longjmp keeps ftrace's markers (_setjmp is not shown: doc/uftrace-differences.md); a NUL char
# prints as '\0', and a long string is cut after 95 bytes with ... inside the quotes, as uftrace cuts it.
. "$E2E/compat/lib.sh"
compat_build "$T/jumps" jumps.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" -A 'show@arg1/c,arg2/s' "$T/jumps"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -N '^(memset|__memset.*)$'
compat_expect setjmp-and-args "$T/out"
exit 0
