# SPDX-License-Identifier: MIT
# Options before the command, as uftrace takes them: `ftrace -d DIR replay`, `ftrace --data=DIR -F a
# replay`, `ftrace -d DIR record PROG`; a word that is not a command is still the program (live).
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" -d "$T/data" record "$T/calls"
compat_run "$T/out" "$FTRACE" -d "$T/data" replay
compat_expect calls "$T/out"
compat_run "$T/out" "$FTRACE" --data="$T/data" -F b replay
compat_expect calls-b "$T/out"
compat_run "$T/out" "$FTRACE" -F b "$T/calls"
compat_expect calls-b "$T/out"
exit 0
