# SPDX-License-Identifier: MIT
# A program that sandboxes itself with seccomp (killed on openat2, a system call newer than what
# most allowlists name) and then starts a thread: libmcount opens the thread's stream and logs it with
# the common calls only, so the program lives, exits as untraced, and its thread's call is recorded.
. "$E2E/robust/lib.sh"
robust_build seccomp.c
untraced_same "$T/d" "$BIN"
grep -qx 42 "$T/d.out" || fail "the program did not print 42:" "$(cat "$T/d.out")" "$(cat "$T/d.err")"
"$FTRACE" replay -d "$T/d" >"$T/replay" 2>"$T/replay.err" || fail "replay failed:" "$(cat "$T/replay.err")"
grep -q "work();" "$T/replay" || fail "the thread's call is not in the trace:" "$(cat "$T/replay")"
exit 0
