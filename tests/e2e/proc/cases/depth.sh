# SPDX-License-Identifier: MIT
# Recursion 100 deep with --max-stack=64: recorded to the limit with a visible mark, the deeper calls
# are left out, the rest of the tree is right; alloca and VLA frames (variable sizes) trace normally.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1

	proc_build depth.c "$1"
	rm -rf "$d"
	"$FTRACE" record --no-libcall --max-stack=64 -d "$d" "$BIN" 100 >"$d.out" 2>"$d.err" ||
		{ echo "record failed:"; cat "$d.err"; return 1; }
	proc_tree "$d" "$(proc_expected depth "$1")"
}
proc_each check
