# SPDX-License-Identifier: MIT
# A recursion deeper than the drawn indentation allows (3000 with --max-stack=4096): replay draws
# deeper lines at the cap, says so once, and its output stays proportional to the trace.
. "$E2E/robust/lib.sh"
robust_build deep.c
"$FTRACE" record --max-stack=4096 -d "$T/d" "$BIN" >/dev/null 2>"$T/rec.err" || fail "record failed:" "$(cat "$T/rec.err")"
"$FTRACE" replay -d "$T/d" >"$T/out" 2>"$T/err" || fail "replay failed:" "$(cat "$T/err")"
n=$(grep -c "down" "$T/out")
[ "$n" -ge 6000 ] || fail "expected 3001 calls of down, got $n lines"
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T/out")
[ "$longest" -le 700 ] || fail "the longest line has $longest characters: the indentation is not capped"
grep -q "deeper than 256 levels (down to 300[0-9]) are drawn indented as level 256" "$T/err" ||
	fail "replay does not say the indentation is capped:" "$(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "expected one line on stderr:" "$(cat "$T/err")"
