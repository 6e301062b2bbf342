# SPDX-License-Identifier: MIT
# replay --column-view gives each thread its own column, in the order the threads first appear,
# --column-offset depths apart (default 8), as uftrace draws it; without --column-view the offset
# changes nothing.
. "$E2E/compat/lib.sh"
compat_build "$T/threads" ../../programs/replay-threads.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/threads"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" --column-view
compat_expect threads-column-view "$T/out"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" --column-view --column-offset=3 -f none
compat_expect threads-column-offset-3 "$T/out"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" --column-offset=3 -f none
{
	printf '%s\n' '__monstartup();' '__cxa_atexit();'
	sed -E 's/^.*\| //; 1d' "$E2E/expected/replay-threads.out"
} | diff -u - "$T/out" >"$T/diff" ||
	fail "--column-offset alone changed the tree:" "$(cat "$T/diff")"
expect_error "invalid column offset" "$FTRACE" replay -d "$T/d" --column-view --column-offset=x
exit 0
