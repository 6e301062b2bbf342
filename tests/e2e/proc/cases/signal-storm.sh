# SPDX-License-Identifier: MIT
# A SIGALRM storm (every 50 us) over 200000 traced calls: signals land in the middle of libmcount's hooks
# and trampolines. The program computes the right sum, every add() call is recorded, and the tree is
# balanced: nothing is closed as abandoned, every on_alarm() is closed, main() closes last.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1 adds opens closes

	proc_build signal-storm.c "$1"
	proc_record "$d" "$BIN" 200000 || return 1
	grep -qx "sum 19999900000 ok, ticks many" "$d.out" || { echo "wrong program output:"; cat "$d.out"; return 1; }
	"$FTRACE" replay -d "$d" >"$d.replay" 2>"$d.rerr" || { cat "$d.rerr"; return 1; }
	adds=$(grep -Ec '\| +add\(\)(;| \{)$' "$d.replay")
	[ "$adds" -eq 200000 ] || { echo "$adds add() calls recorded, 200000 made"; return 1; }
	opens=$(grep -Ec '\| +on_alarm\(\) \{$' "$d.replay")
	closes=$(grep -Ec '\| +\} /\* on_alarm \*/$' "$d.replay")
	[ "$opens" -eq "$closes" ] && [ "$opens" -gt 0 ] || { echo "on_alarm: $opens opened, $closes closed"; return 1; }
	grep -E '\(longjmp|exception|exit|crash|exec|unknown|end\b' "$d.replay" | head -5 | grep . && { echo "frames closed as abandoned"; return 1; }
	tail -n 1 "$d.replay" | grep -q '^ *[0-9.]* [mun]*s \[ *[0-9]*\] | } /\* main \*/$' || { echo "last line:"; tail -n 3 "$d.replay"; return 1; }
}
proc_each check
