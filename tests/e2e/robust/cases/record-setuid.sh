# SPDX-License-Identifier: MIT
# A set-uid program runs with LD_PRELOAD ignored by the loader: record says so (not "built with -pg?"),
# and the program runs as it does untraced.
. "$E2E/robust/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root to make a program set-uid to another user"
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
prog replay-nested
cp "$PROG" "$T/suid" && chown nobody "$T/suid" && chmod 4755 "$T/suid" || fail "cannot make a set-uid copy"
chmod 755 "$T"
untraced_same "$T/d" "$T/suid"
grep -q "set-uid" "$T/d.err" || fail "record does not say the program is set-uid:" "$(cat "$T/d.err")"
grep -q "ignored the preload" "$T/d.err" || fail "record does not say the preload was ignored:" "$(cat "$T/d.err")"
grep -q "built with" "$T/d.err" && fail "record still asks whether it was built with -pg:" "$(cat "$T/d.err")"
[ "$(grep -c "^ftrace:" "$T/d.err")" -eq 1 ] || fail "expected one line from ftrace:" "$(cat "$T/d.err")"
