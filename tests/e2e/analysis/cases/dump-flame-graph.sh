# SPDX-License-Identifier: MIT
# dump --flame-graph: folded stacks, self time in ns; the lines add up to the report's self times.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok folded "$FTRACE" dump -d "$T/d" --flame-graph
grep -Evq '^[^ ;]+(;[^ ;]+)* [0-9]+$' folded && fail "malformed lines:" "$(grep -Ev '^[^ ;]+(;[^ ;]+)* [0-9]+$' folded)"
grep -q '^main;middle;leaf [0-9]' folded || fail "no main;middle;leaf:" "$(cat folded)"
grep -q '^worker;middle;leaf [0-9]' folded || fail "no worker;middle;leaf:" "$(cat folded)"
run_ok csv "$FTRACE" report -d "$T/d" --format=csv
sum=$(awk '{ s += $NF } END { print s }' folded)
self=$(awk -F, 'NR > 1 { s += $2 } END { print s }' csv)
tops=$(awk -F, '$4 == "main" || $4 == "worker" { s += $1 } END { print s }' csv)
[ "$sum" = "$self" ] || fail "folded total $sum != report self total $self"
[ "$sum" = "$tops" ] || fail "folded total $sum != total time of main + worker $tops"
