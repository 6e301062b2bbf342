# SPDX-License-Identifier: MIT
# ftrace info lists every process (the parent and its fork child) and thread of a recording, and counts them.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1 out=$T/info-$1

	proc_build fork.c "$1"
	proc_record "$d" "$BIN" || return 1
	"$FTRACE" info -d "$d" >"$out" 2>"$T/err" || { cat "$T/err"; return 1; }
	grep -Eq '^# process list +: [0-9]+\(fork\) [0-9]+\(fork\)$' "$out" || { echo "process list:"; cat "$out"; return 1; }
	grep -Eq '^# number of processes : 2$' "$out" || { echo "process count:"; cat "$out"; return 1; }
}
proc_each check gcc-pg-O0 clang-cyg-O2
