# SPDX-License-Identifier: MIT
# --clock=mono: timestamps from CLOCK_MONOTONIC (the fallback where the TSC is not invariant) give the
# same tree, and info says which clock was used; a clock that does not exist is refused.
prog replay-nested
record_ok mono --clock=mono "$PROG"
replay_check mono "$E2E/expected/replay-nested.out"
"$FTRACE" info -d mono >info.out 2>"$T/err" || fail "ftrace info failed:" "$(cat "$T/err")"
grep -q '^# clock *: mono' info.out || fail "info does not name the clock:" "$(grep clock info.out)"
expect_error "--clock" "$FTRACE" record --clock=sundial "$PROG"
exit 0
