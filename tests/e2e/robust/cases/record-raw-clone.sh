# SPDX-License-Identifier: MIT
# A child made by a raw clone(SIGCHLD) (no fork wrapper, no atfork) gets a stream of its own, as a fork
# child does: its 1000 calls are in another process, the parent's 1000 later calls are intact, nothing
# is damaged, and the parent's exit code is its own.
. "$E2E/robust/lib.sh"
for mode in gcc-pg-O2 gcc-fentry-O0 gcc-cyg-O2; do
	robust_build rawclone.c "$mode"
	d=$T/d-$mode
	untraced_same "$d" "$BIN"
	grep -q "child exit 7" "$d.out" || fail "$mode: the child did not exit 7:" "$(cat "$d.out")"
	"$FTRACE" replay -d "$d" >"$d.replay" 2>"$d.rerr" || fail "$mode: replay failed:" "$(cat "$d.rerr")"
	[ -s "$d.rerr" ] && fail "$mode: replay warned:" "$(cat "$d.rerr")"
	parent=$(sed -n 's/^# pid *: //p;s/^pid: //p' "$d/info" | head -n 1)
	pc=$(grep -c "\[ *$parent\] | *parent_work();" "$d.replay")
	cc=$(grep "child_work();" "$d.replay" | grep -vc "\[ *$parent\]")
	[ "$pc" -eq 1000 ] || fail "$mode: the parent's 1000 later calls: $pc in replay" "$(head -n 20 "$d.replay")"
	[ "$cc" -eq 1000 ] || fail "$mode: the child's 1000 calls in a stream of its own: $cc" "$(head -n 20 "$d.replay")"
	"$FTRACE" info -d "$d" >"$d.info" 2>&1
	grep -q "number of processes *: 2" "$d.info" || fail "$mode: info does not count two processes:" "$(cat "$d.info")"
done
