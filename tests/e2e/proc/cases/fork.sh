# SPDX-License-Identifier: MIT
# fork() two calls deep: the child's tree (its own tid) continues inside the frames it inherited,
# without opening them again, as uftrace shows it.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build fork.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected fork "$1")"
}
proc_each check
