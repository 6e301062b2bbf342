# SPDX-License-Identifier: MIT
# graph FUNC: the distinct backtraces reaching FUNC with their hits, and the merged tree below it.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" graph -d "$T/d" leaf
grep -q "backtrace #0: hit 6," out || fail "leaf from main: 6 hits expected first:" "$(cat out)"
grep -q "backtrace #1: hit 2," out || fail "leaf from worker: 2 hits expected:" "$(cat out)"
[ "$(grep -c '^ backtrace' out)" -eq 2 ] || fail "two backtraces expected:" "$(cat out)"
run_ok out "$FTRACE" graph -d "$T/d" fib
times_out <out >out.norm
diff -u "$ANALYSIS_DIR/expected/graph-fib.out" out.norm >diff || fail "$(cat diff)"
expect_error "no calls to 'nosuch'" "$FTRACE" graph -d "$T/d" nosuch
