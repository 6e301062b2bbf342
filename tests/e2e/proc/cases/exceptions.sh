# SPDX-License-Identifier: MIT
# C++ exceptions thrown three frames down and caught far up, rethrown from a catch: the program's own
# output (destructors, handlers) is what it is untraced, and the frames the unwinder left are closed
# and marked (exception). With gcc -finstrument-functions the exit hooks run in the cleanups, so the
# frames close normally there (expected/exceptions.gcc-cyg.out).
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build exceptions.cc "$1"
	"$BIN" >"$T/plain-$1.out" || { echo "the program fails untraced"; return 1; }
	proc_record "$T/d-$1" "$BIN" || return 1
	diff -u "$T/plain-$1.out" "$T/d-$1.out" || { echo "the program's output differs when traced"; return 1; }
	proc_tree "$T/d-$1" "$(proc_expected exceptions "$1")"
}
proc_each check
