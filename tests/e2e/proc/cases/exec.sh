# SPDX-License-Identifier: MIT
# exec*: execv, execvp, execle (an environment without ftrace's variables) and execlp, chained: every new
# image is traced into the same data directory, under the same tid, and the frames the old image had open
# are closed as (exec) with their names.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build exec.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected exec "$1")"
}
proc_each check
