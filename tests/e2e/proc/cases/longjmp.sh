# SPDX-License-Identifier: MIT
# longjmp() out of three frames and siglongjmp() out of a signal handler: skipped frames closed and marked.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build longjmp.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected longjmp "$1")"
}
proc_each check
