# SPDX-License-Identifier: MIT
# `record -d DIR/` works again and again: the previous trace becomes DIR.old each time.
. "$E2E/robust/lib.sh"
prog replay-nested
for i in 1 2 3; do
	"$FTRACE" record -d f1/ "$PROG" >/dev/null 2>"$T/err" || fail "record $i into f1/ failed:" "$(cat "$T/err")"
	[ -s "$T/err" ] && fail "record $i into f1/ wrote to stderr:" "$(cat "$T/err")"
done
[ -f f1.old/info ] || fail "no f1.old after three records:" "$(ls -la)"
[ -e f1/.old ] && fail "the old trace went inside the new one (f1/.old)"
replay_check f1 "$E2E/expected/replay-nested.out"
replay_check f1.old "$E2E/expected/replay-nested.out"
