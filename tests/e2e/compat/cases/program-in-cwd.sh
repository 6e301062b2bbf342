# SPDX-License-Identifier: MIT
# `ftrace record prog`, prog in the current directory and not in PATH: it runs from there, as with
# uftrace (a shell would need ./prog).
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
cd "$T" || fail "cannot enter $T"
PATH=/usr/bin:/bin compat_run "$T/out" "$FTRACE" record -d data calls
compat_run "$T/out" "$FTRACE" replay -d data
compat_expect calls "$T/out"
exit 0
