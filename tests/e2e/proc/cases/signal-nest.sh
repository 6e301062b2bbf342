# SPDX-License-Identifier: MIT
# Signal handlers nest under the function they interrupted; a handler interrupted by another; a sigaltstack handler.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build signal-nest.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected signal-nest "$1")"
}
proc_each check
