# SPDX-License-Identifier: MIT
# dump --callgrind: callgrind_annotate reads it without complaint; totals match the summary and the report.
. "$E2E/analysis/lib.sh"
command -v callgrind_annotate >/dev/null || skip "callgrind_annotate (valgrind) is not installed"
analysed_trace
run_ok out.cg "$FTRACE" dump -d "$T/d" --callgrind
callgrind_annotate --inclusive=yes --threshold=100 out.cg >ann 2>ann.err || fail "callgrind_annotate failed:" "$(cat ann.err)"
[ -s ann.err ] && fail "callgrind_annotate complained:" "$(cat ann.err)"
summary=$(sed -n 's/^summary: //p' out.cg)
total=$(awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }' ann)
[ "$summary" = "$total" ] || fail "PROGRAM TOTALS $total != summary $summary:" "$(cat ann)"
run_ok csv "$FTRACE" report -d "$T/d" --format=csv
self=$(awk -F, 'NR > 1 { s += $2 } END { print s }' csv)
[ "$summary" = "$self" ] || fail "summary $summary != report self total $self"
for f in main middle leaf fib worker; do
	grep -q ":$f " ann || grep -q ":$f\$" ann || fail "callgrind_annotate does not list $f:" "$(cat ann)"
done
grep -q '^calls=8 0$' out.cg || fail "no calls=8 edge (middle -> leaf):" "$(cat out.cg)"
