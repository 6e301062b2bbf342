# SPDX-License-Identifier: MIT
# makecontext/swapcontext coroutines: the coroutine's frames are closed (and marked) when it switches back, its
# later calls nest under the caller that resumed it, and the program still computes the right sum.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build swapcontext.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected swapcontext "$1")" &&
		grep -qx "sum 6" "$T/d-$1.out"
}
proc_each check
