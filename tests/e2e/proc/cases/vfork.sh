# SPDX-License-Identifier: MIT
# vfork(): the child (run as a fork) calls a traced function and _exit()s, closing its frames as (exit).
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build vfork.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected vfork "$1")"
}
proc_each check
