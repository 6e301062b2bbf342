# SPDX-License-Identifier: MIT
# --sched-events=thread, the per-thread way (each thread opens its own perf event at its first traced
# call and hands it to record): the same off-CPU times as the per-CPU default, held to what the
# program measured of itself; and in both ways every kind of task is covered: a thread, a fork child
# and the program it execs each have their 20 ms sleep as off-CPU time. A bad value is one line.
. "$E2E/sched/lib.sh"
prog sched-offcpu
sched_record_bands d --sched-events=thread "$PROG"
grep -Eq '^sched: yes \(per thread: [1-9][0-9]* switches, 0 lost\)$' d/info || fail "info:" "$(cat d/info)"
prog sched-fork
for how in cpu thread; do
	sched_record "f-$how" --sched-events=$how "$PROG"
	run_ok "f-$how.csv" "$FTRACE" report -d "f-$how" -f total,offcpu --format=csv
	python3 - "f-$how.csv" <<'PY' || fail "--sched-events=$how misses a task's sleep:" "$(cat "f-$how.csv")"
import csv, sys
rows = {r["function"]: r for r in csv.DictReader(open(sys.argv[1]))}
for f in ("thread_sleeper", "child_sleeper", "exec_sleeper"):
    assert 20000000 <= int(rows[f]["offcpu_ns"]) <= int(rows[f]["total_ns"]), f
PY
done
expect_error "invalid --sched-events 'x': cpu or thread" "$FTRACE" record --sched-events=x -d bad "$PROG"
[ -e bad ] && fail "a bad --sched-events left a data directory"
exit 0
