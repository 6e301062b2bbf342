# SPDX-License-Identifier: MIT
# backtrace() inside traced frames finds the program's real callers, the same as untraced, and the frames
# it walked still return through the tracer afterwards (the tree is complete).
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build backtrace.c "$1" -rdynamic
	"$BIN" >"$T/plain-$1.out" || { echo "the program fails untraced"; return 1; }
	grep -qx two "$T/plain-$1.out" || { echo "untraced backtrace() found no names:"; cat "$T/plain-$1.out"; return 1; }
	proc_record "$T/d-$1" "$BIN" || return 1
	diff -u "$T/plain-$1.out" "$T/d-$1.out" || { echo "backtrace() differs when traced"; return 1; }
	proc_tree "$T/d-$1" "$(proc_expected backtrace "$1")"
}
proc_each check
