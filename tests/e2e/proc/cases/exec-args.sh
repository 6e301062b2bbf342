# SPDX-License-Identifier: MIT
# -A after exec: an image started by execle with an environment of the program's own making (none of
# ftrace's variables) still records the arguments asked for, as the first image did.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build exec-args.c "$1"
	proc_record "$T/d-$1" -A 'mul@arg1/d32,arg2/d32' "$BIN" &&
		proc_tree "$T/d-$1" "$(proc_expected exec-args "$1")"
}
proc_each check gcc-pg-O0 gcc-pg-O2 gcc-fentry-O2 clang-pg-O2
