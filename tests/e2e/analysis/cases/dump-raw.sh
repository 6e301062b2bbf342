# SPDX-License-Identifier: MIT
# dump: the info file, each chunk header, and every record as on disk (one entry line per call).
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" dump -d "$T/d"
grep -q '^# ftrace-data 1' out || fail "no info lines:" "$(head out)"
[ "$(grep -c '^chunk at 0: magic 0x4b484346' out)" -eq 2 ] || fail "two streams expected:" "$(grep chunk out)"
[ "$(grep -c ' entry depth ' out)" -eq 23 ] || fail "23 entries expected:" "$(cat out)"
[ "$(grep -c ' exit  depth ' out)" -eq 23 ] || fail "23 exits expected:" "$(cat out)"
grep -Eq ' entry depth 2 +0x[0-9a-f]+ leaf$' out || fail "no leaf entry at depth 2:" "$(cat out)"
