# SPDX-License-Identifier: MIT
# Recording again keeps the previous trace as ftrace.data.old (the default directory, in the cwd).
prog replay-nested
"$FTRACE" record "$PROG" >/dev/null 2>"$T/err" || fail "first record failed:" "$(cat "$T/err")"
[ -f ftrace.data/info ] || fail "no ftrace.data/info after the first record"
first=$(cat ftrace.data/info)
"$FTRACE" record "$PROG" >/dev/null 2>"$T/err" || fail "second record failed:" "$(cat "$T/err")"
[ -f ftrace.data.old/info ] || fail "ftrace.data.old/info missing after the second record"
[ "$(cat ftrace.data.old/info)" = "$first" ] || fail "ftrace.data.old is not the first trace"
replay_check ftrace.data.old "$E2E/expected/replay-nested.out"
