# SPDX-License-Identifier: MIT
# vfork(): the child (run as a fork) calls a traced function and _exit()s, closing its frames as (exit);
# with library calls traced, the parent's tree shows the vfork() call itself.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build vfork.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected vfork "$1")" || return 1
	"$FTRACE" record -d "$T/l-$1" "$BIN" >/dev/null 2>&1 || { echo "record with library calls failed"; return 1; }
	"$FTRACE" replay -d "$T/l-$1" >"$T/l-$1.replay" 2>&1
	pid=$(grep -m1 -Eo '\[ *[0-9]+\] \| main' "$T/l-$1.replay" | grep -Eo '[0-9]+')
	grep -Eq "\[ *$pid\] \|     vfork\(\);$" "$T/l-$1.replay" ||
		{ echo "no vfork() in the parent's tree:"; cat "$T/l-$1.replay"; return 1; }
}
proc_each check
