# SPDX-License-Identifier: MIT
# Off-CPU time per function: report -f offcpu gives sleeper(), waiter() and spinner() the time each
# measured itself off the CPU (wall - thread CPU time, within 1 ms + 2%: the 30 ms sleep, the 40 ms
# wait, and for spinner what the load pre-empted, 0 on an idle machine); offcpu-self gives sleeper()
# its sleep as its own when its callee is hidden with -N; --no-event gives zero. graph shows it, dump --flame-graph=offcpu weighs stacks by it, dump --chrome
# has it as "off-CPU" slices, dump --callgrind as a second event, offcpu_ns.
. "$E2E/sched/lib.sh"
prog sched-offcpu
sched_record_bands d "$PROG"
run() { "$@" >"$T/run.out" 2>"$T/run.err" || fail "'$*' failed:" "$(cat "$T/run.err")"; }
run "$FTRACE" report -d d -f total,self,offcpu,offcpu-self,calls --format=csv
cp "$T/run.out" report.csv
python3 - report.csv <<'PY' || fail "off-CPU times are wrong:" "$(cat report.csv)"
import csv, sys
rows = {r["function"]: r for r in csv.DictReader(open(sys.argv[1]))}
def v(f, k): return int(rows[f][k])
ms = 1000000
assert 25 * ms <= v("sleeper", "offcpu_ns") <= v("sleeper", "total_ns"), "sleeper"
assert v("sleeper", "offcpu_self_ns") < v("sleeper", "offcpu_ns"), "sleeper self: its callee slept"
assert 20 * ms <= v("waiter", "offcpu_ns") <= v("waiter", "total_ns"), "waiter"
assert v("spinner", "offcpu_ns") < v("spinner", "total_ns"), "spinner ran at least a little"
assert v("main", "offcpu_ns") >= v("sleeper", "offcpu_ns") + v("waiter", "offcpu_ns"), "main"
assert v("main", "offcpu_self_ns") <= v("main", "offcpu_ns"), "main self"
PY
run "$FTRACE" report -d d -f offcpu,offcpu-self --format=csv -N 'nap|nanosleep'
python3 - "$T/run.out" <<'PY' || fail "with -N the sleep is not sleeper()'s own:" "$(cat "$T/run.out")"
import csv, sys
rows = {r["function"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert int(rows["sleeper"]["offcpu_self_ns"]) >= 25000000
PY
run "$FTRACE" report -d d -f offcpu --format=csv --no-event
grep -v '^offcpu_ns,' "$T/run.out" | grep -qv '^0,' && fail "--no-event still counts off-CPU time:" "$(cat "$T/run.out")"
run "$FTRACE" graph -d d
grep -Eq '\(1\) sleeper \[off-CPU [0-9.]+ ms\]$' "$T/run.out" || fail "graph shows no off-CPU time:" "$(cat "$T/run.out")"
run "$FTRACE" dump -d d --flame-graph=offcpu
awk '/;sleeper(;| )/ { s += $NF } END { exit !(s >= 25000000) }' "$T/run.out" ||
	fail "the off-CPU flame graph does not weigh sleeper's stacks by its sleep:" "$(cat "$T/run.out")"
run "$FTRACE" dump -d d --flame-graph
awk '/;sleeper;/ { s += $NF } END { exit !(s >= 25000000) }' "$T/run.out" ||
	fail "the self-time flame graph lost the sleep:" "$(cat "$T/run.out")"
run "$FTRACE" dump -d d --chrome
python3 - "$T/run.out" <<'PY' || fail "dump --chrome has no off-CPU slice of the sleep:" "$(head -c 2000 "$T/run.out")"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
off = [e for e in ev if e.get("name") == "off-CPU"]
assert off and all(e["ph"] == "X" and e["cat"] == "sched" for e in off)
assert max(e["dur"] for e in off) >= 25000  # us
PY
run "$FTRACE" dump -d d --callgrind
grep -qx 'events: ns offcpu_ns' "$T/run.out" || fail "callgrind has no offcpu_ns event:" "$(head -8 "$T/run.out")"
awk '/^summary:/ { exit !(NF == 3 && $3 >= 25000000) }' "$T/run.out" ||
	fail "callgrind's off-CPU summary is wrong:" "$(grep summary "$T/run.out")"
run "$FTRACE" dump -d d --callgrind --no-event
grep -qx 'events: ns' "$T/run.out" || fail "callgrind --no-event has an off-CPU event:" "$(head -8 "$T/run.out")"
expect_error "invalid --flame-graph 'x'" "$FTRACE" dump -d d --flame-graph=x
exit 0
