# SPDX-License-Identifier: MIT
# RLIMIT_FSIZE below what the trace needs, set by the program itself or by the shell (`ulimit -f`): the
# program is never killed by SIGXFSZ, exits as untraced, and the trace says tracing stopped at the limit.
. "$E2E/robust/lib.sh"
robust_build fsize.c
untraced_same "$T/own" "$BIN"
"$FTRACE" replay -d "$T/own" >"$T/own.replay" 2>"$T/own.rerr"
grep -q "file size limit" "$T/own.replay" "$T/own.rerr" ||
	fail "replay does not say the file size limit stopped tracing:" "$(tail -n 3 "$T/own.replay")" "$(cat "$T/own.rerr")"
grep -q "leaf" "$T/own.replay" || fail "the calls before the limit are missing:" "$(head "$T/own.replay")"
# the shell's limit, inherited by record and the program: 512 KiB is less than a chunk
(
	ulimit -f 512 || exit 3
	untraced_same "$T/shell" "$BIN" noset
) || fail "under ulimit -f 512:" "$(cat "$T/shell.err" 2>/dev/null)"
grep -q "File too large\|file size limit" "$T/shell.err" ||
	fail "record does not say the file size limit stopped tracing:" "$(cat "$T/shell.err")"
