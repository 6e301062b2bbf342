# SPDX-License-Identifier: MIT
# report --diff: two runs of the same program have the same calls (delta +0) for every function.
. "$E2E/analysis/lib.sh"
analysed_trace
mv "$T/d" "$T/base"
analysed_trace
run_ok out "$FTRACE" report -d "$T/base" --diff "$T/d"
grep -q "Total time     Total %" out || fail "no diff header:" "$(cat out)"
for f in main middle leaf fib worker; do
	grep -Eq "  \+0  $f\$" out || fail "no '+0' calls delta for $f:" "$(cat out)"
done
run_ok csv "$FTRACE" report -d "$T/base" --diff "$T/d" --format=csv
python3 - csv <<'PY' || fail "csv diff:" "$(cat csv)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 5
for r in rows:
    assert int(r["total_diff_ns"]) - int(r["total_base_ns"]) == int(r["total_delta_ns"]), r
    assert r["calls_delta"] == "0", r
PY
expect_error "cannot|no such|not" "$FTRACE" report -d "$T/base" --diff "$T/nothing-here"
