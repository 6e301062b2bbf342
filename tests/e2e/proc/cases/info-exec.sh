# SPDX-License-Identifier: MIT
# ftrace info lists every image of an exec chain (five images of one process, "a -> b -> ...").
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1 out=$T/info-$1 n

	proc_build exec.c "$1"
	proc_record "$d" "$BIN" || return 1
	"$FTRACE" info -d "$d" >"$out" 2>"$T/err" || { cat "$T/err"; return 1; }
	n=$(sed -n 's/^# process list *: //p' "$out" | grep -o ' -> ' | wc -l)
	[ "$n" -eq 4 ] || { echo "expected 5 images in the process list:"; cat "$out" "$d/task"; return 1; }
}
proc_each check gcc-pg-O0
