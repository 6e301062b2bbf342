# SPDX-License-Identifier: MIT
# Programs built with -fcf-protection=full (endbr64 at every function, for IBT and shadow stacks) trace like any other: ftrace
# asks glibc not to enable a shadow stack, so hijacked returns are not fatal.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build longjmp.c "$1" -fcf-protection=full
	# the property note is dropped at link time (crt files without it); the code itself has the markers
	objdump -d "$BIN" | grep -A1 '<try_jump>:' | grep -q endbr64 || { echo "no endbr64 in try_jump"; return 1; }
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected longjmp "$1")"
}
proc_each check
