# SPDX-License-Identifier: MIT
# The program uses up its file descriptors, then starts 4 threads: their calls cannot be recorded, but
# they are counted (in a mapping opened at start-up, no descriptor needed) and shown by record, info and
# replay. The program behaves as untraced.
. "$E2E/robust/lib.sh"
robust_build threads4.c
untraced_same "$T/d" "$BIN" nofd
grep -q "descriptors used up: yes" "$T/d.out" || fail "the program did not use up its descriptors:" "$(cat "$T/d.out")"
lost=$(sed -n 's/.* \([0-9][0-9]*\) records lost.*/\1/p' "$T/d.err")
[ -n "$lost" ] && [ "$lost" -ge 200000 ] || fail "record does not count the 200000 lost calls:" "$(cat "$T/d.err")"
"$FTRACE" info -d "$T/d" >"$T/info" 2>"$T/info.err"
n=$(sed -n 's/^# lost records *: //p' "$T/info")
[ -n "$n" ] && [ "$n" -ge 200000 ] || fail "info does not count the lost calls:" "$(grep lost "$T/info")"
"$FTRACE" replay -d "$T/d" >/dev/null 2>"$T/replay.err"
grep -q "records lost" "$T/replay.err" || fail "replay does not say records were lost:" "$(cat "$T/replay.err")"
