# SPDX-License-Identifier: MIT
# `ftrace live PROG` and plain `ftrace PROG` print the tree of a fresh recording and leave nothing behind.
prog replay-nested
for cmd in "live" ""; do
	# shellcheck disable=SC2086 # "" means no subcommand
	"$FTRACE" $cmd "$PROG" >live.out 2>"$T/err" || fail "ftrace $cmd failed:" "$(cat "$T/err")"
	normalize <live.out >live.norm
	diff -u "$E2E/expected/replay-nested.out" live.norm || fail "ftrace $cmd: unexpected tree"
	[ -e ftrace.data ] && fail "ftrace $cmd left ftrace.data in the current directory"
done
exit 0
