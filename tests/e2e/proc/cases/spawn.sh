# SPDX-License-Identifier: MIT
# posix_spawn() and posix_spawnp() (with an environment that lacks ftrace's variables) of the program
# itself: both children are traced into the same data directory, each under its own tid.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build spawn.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected spawn "$1")"
}
proc_each check
