# SPDX-License-Identifier: MIT
# Threads ending by return and by pthread_exit() two frames down, and a thread that starts a thread:
# each has its own tid, the merged tree is in time order, pthread_exit's frames are closed as (exit).
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build threads-exit.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected threads-exit "$1")"
}
proc_each check
