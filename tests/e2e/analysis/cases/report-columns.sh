# SPDX-License-Identifier: MIT
# report: uftrace's header, one row per function with its call count, sorted by total time, total >= self.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" report -d "$T/d"
[ "$(sed -n 1p out)" = "  Total time   Self time       Calls  Function" ] || fail "header:" "$(cat out)"
[ "$(sed -n 2p out)" = "  ==========  ==========  ==========  ====================" ] || fail "rule:" "$(cat out)"
for want in "1 main" "4 middle" "8 leaf" "9 fib" "1 worker"; do
	awk 'NR > 2 { print $5, $6 }' out | grep -qx "$want" || fail "no row with calls/function '$want':" "$(cat out)"
done
[ "$(awk 'NR > 2' out | wc -l)" -eq 5 ] || fail "expected 5 rows:" "$(cat out)"
"$FTRACE" report -d "$T/d" --format=csv >csv || fail "csv failed"
python3 - csv <<'PY' || fail "rows not sorted by total, or self > total:" "$(cat csv)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
totals = [int(r["total_ns"]) for r in rows]
assert totals == sorted(totals, reverse=True)
assert all(int(r["self_ns"]) <= int(r["total_ns"]) for r in rows)
PY
