# SPDX-License-Identifier: MIT
# report -s call|func and -f all: sorting by calls and by name, and uftrace's -f all columns.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" report -d "$T/d" -s call
[ "$(awk 'NR > 2 { print $6 }' out | head -3 | tr '\n' ' ')" = "fib leaf middle " ] || fail "-s call:" "$(cat out)"
run_ok out "$FTRACE" report -d "$T/d" -s func
[ "$(awk 'NR > 2 { print $6 }' out | tr '\n' ' ')" = "fib leaf main middle worker " ] || fail "-s func:" "$(cat out)"
run_ok out "$FTRACE" report -d "$T/d" -f all -s self,call
head -1 out | grep -q "Total time   Total avg   Total min   Total max   Self time    Self avg    Self min    Self max       Calls        Size  Function" ||
	fail "-f all header:" "$(head -2 out)"
run_ok csv "$FTRACE" report -d "$T/d" -f all --format=csv
python3 - csv <<'PY' || fail "-f all values inconsistent:" "$(cat csv)"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    n = int(r["calls"])
    assert int(r["total_min_ns"]) <= int(r["total_avg_ns"]) <= int(r["total_max_ns"]), r
    assert int(r["self_min_ns"]) <= int(r["self_avg_ns"]) <= int(r["self_max_ns"]), r
    assert int(r["self_avg_ns"]) == int(r["self_ns"]) // n, r
    assert int(r["size"]) > 0, r
PY
expect_error "invalid sort key 'speed'" "$FTRACE" report -d "$T/d" -s speed
