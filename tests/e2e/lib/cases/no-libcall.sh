# SPDX-License-Identifier: MIT
# --no-libcall at record time: only the program's own functions are recorded.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" libcalls.c gcc -pg
"$FTRACE" record --no-libcall -d "$T/d" "$T/prog" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record --no-libcall failed:" "$(cat "$T/record.err")"
printf '%s\n' '# DURATION     TID     FUNCTION' '            [T1] | main() {' '   X.XXX us [T1] |   work();' \
	'   X.XXX us [T1] | } /* main */' >"$T/expected"
replay_check "$T/d" "$T/expected"
exit 0
