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

# the file column and the source: fl= from DWARF, each function's cost on its declaration line
grep -q '^fl=(1) .*/analysed\.c$' out.cg || fail "no fl= naming analysed.c:" "$(cat out.cg)"
grep -q '^ *[0-9,]* ([ 0-9.]*%)  .*/analysed\.c:leaf \[analysed\]$' ann || fail "no file column for leaf:" "$(cat ann)"
grep -Eq '^ *[0-9,]+ \([ 0-9.]+%\)  NOINLINE void leaf\(void\)$' ann ||
	fail "callgrind_annotate does not put leaf's cost on its line:" "$(cat ann)"
grep -q '^calls=8 7$' out.cg || fail "the call to leaf does not name its line (7):" "$(cat out.cg)"
# without DWARF: still valid, the file is ??? and the lines 0
objcopy --strip-debug "$T/analysed" "$T/nodwarf" || fail "objcopy failed"
"$FTRACE" record --no-libcall -d "$T/n" "$T/nodwarf" >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
run_ok nodw.cg "$FTRACE" dump -d "$T/n" --callgrind
grep -q '^fl=(1) ???$' nodw.cg || fail "without DWARF, fl= is not ???:" "$(cat nodw.cg)"
grep -q '^calls=8 0$' nodw.cg || fail "without DWARF, no calls=8 0:" "$(cat nodw.cg)"
callgrind_annotate --inclusive=yes --threshold=100 nodw.cg >ann2 2>ann.err || fail "callgrind_annotate failed without DWARF:" "$(cat ann.err)"
grep -q '???:leaf \[nodwarf\]' ann2 || fail "without DWARF: no ???:leaf:" "$(cat ann2)"
exit 0
