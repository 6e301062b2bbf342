# SPDX-License-Identifier: MIT
# replay --tid of a fork child shows the child's tree only, starting at the depth it inherited.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1 child

	proc_build fork.c "$1"
	proc_record "$d" "$BIN" || return 1
	child=$(sed -n 's/^[0-9]* fork \([0-9]*\) .*/\1/p' "$d/task")
	[ -n "$child" ] || { echo "no fork line in the task log:"; cat "$d/task"; return 1; }
	proc_tree "$d" /dev/stdin --tid "$child" <<'WANT'
# DURATION     TID     FUNCTION
            [T1] | main() {
            [T1] |   outer() {
            [T1] |     split() {
            [T1] |       in_child() {
   X.XXX us [T1] |         leaf();
   X.XXX us [T1] |       } /* in_child */
   X.XXX us [T1] |     } /* split */
   X.XXX us [T1] |   } /* outer */
   X.XXX us [T1] |   leaf();
   X.XXX us [T1] | } /* main */
WANT
}
proc_each check gcc-pg-O0 gcc-fentry-O2 clang-cyg-O0
