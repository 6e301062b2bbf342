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
# record stopped for 0.4 s while the program runs takes the threads' events late: each task waits
# before its exec or exit until record has its ring, so no task's sleep is lost with its mapping
rm -rf slow
env -u FTRACE_NO_EVENT "$FTRACE" record -d slow --sched-events=thread "$PROG" >/dev/null 2>slow.err &
rec=$!
sleep 0.02
kill -STOP $rec
sleep 0.4
kill -CONT $rec
wait $rec || fail "record stopped for a while exited $?:" "$(cat slow.err)"
run_ok slow.csv "$FTRACE" report -d slow -f total,offcpu --format=csv
python3 - slow.csv <<'PY' || fail "a task's sleep was lost while record was stopped:" "$(cat slow.csv)"
import csv, sys
rows = {r["function"]: r for r in csv.DictReader(open(sys.argv[1]))}
for f in ("thread_sleeper", "child_sleeper", "exec_sleeper"):
    assert 20000000 <= int(rows[f]["offcpu_ns"]) <= int(rows[f]["total_ns"]), f
PY
expect_error "invalid --sched-events 'x': cpu or thread" "$FTRACE" record --sched-events=x -d bad "$PROG"
[ -e bad ] && fail "a bad --sched-events left a data directory"
exit 0
