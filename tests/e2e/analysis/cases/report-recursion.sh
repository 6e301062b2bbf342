# SPDX-License-Identifier: MIT
# report: a recursive function's total is counted once per outermost call (fib's total is the sum of
# the self times of every fib frame, since fib calls nothing else), its calls and self time every time.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok csv "$FTRACE" report -d "$T/d" --format=csv
run_ok folded "$FTRACE" dump -d "$T/d" --flame-graph
total=$(csv_field csv fib total_ns)
self=$(csv_field csv fib self_ns)
calls=$(csv_field csv fib calls)
frames=$(awk '$1 ~ /(^|;)fib$/ { s += $2 } END { print s + 0 }' folded)
[ "$calls" = 9 ] || fail "fib calls: $calls, expected 9"
[ "$total" = "$frames" ] || fail "fib total $total != sum of fib frames $frames (recursion counted more than once?)"
[ "$self" = "$frames" ] || fail "fib self $self != sum of fib frames $frames"
