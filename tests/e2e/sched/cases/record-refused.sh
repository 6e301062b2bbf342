# SPDX-License-Identifier: MIT
# Where the kernel refuses perf events (perf_event_paranoid, a container's seccomp profile), record says
# so in one line and records the calls without the switches; info says they were not recorded and why,
# and replay, report and dump --html show no off-CPU time. The refusal is real: tools/noperf.c runs
# ftrace under a seccomp filter that fails perf_event_open with EACCES.
. "$E2E/sched/lib.sh"
prog sched-offcpu
${CC:-cc} -O2 -Wall -o noperf "$E2E/sched/tools/noperf.c" >cc.log 2>&1 || fail "cannot build noperf.c:" "$(cat cc.log)"
./noperf true || skip "no seccomp filters here"
env -u FTRACE_NO_EVENT ./noperf "$FTRACE" record -d d "$PROG" >prog.out 2>record.err
rc=$?
[ $rc -eq 0 ] || fail "record exited $rc where perf events are refused:" "$(cat record.err)"
[ "$(wc -l <record.err)" -eq 1 ] &&
	grep -qx 'ftrace: warning: context switches are not recorded: perf_event_open: Permission denied.*' record.err ||
	fail "record does not say once that switches are not recorded:" "$(cat record.err)"
[ -e d/sched ] && fail "a switch file was written without perf events"
"$FTRACE" info -d d >info.out 2>&1 || fail "info failed:" "$(cat info.out)"
grep -Eq '^# context switches *: no \(perf_event_open: Permission denied' info.out ||
	fail "info does not say switches were not recorded:" "$(cat info.out)"
run_ok replay.out "$FTRACE" replay -d d
grep -q "linux:sched" replay.out && fail "switches shown though none were recorded:" "$(cat replay.out)"
for f in main sleeper waiter spinner; do
	grep -q " $f()" replay.out || fail "$f() was not recorded:" "$(cat replay.out)"
done
run_ok report.csv "$FTRACE" report -d d -f total,offcpu --format=csv
python3 - report.csv <<'PY' || fail "off-CPU time without switches:" "$(cat report.csv)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(int(r["offcpu_ns"]) == 0 for r in rows)
PY
# the per-thread way asks the kernel in record first, and says the same
env -u FTRACE_NO_EVENT ./noperf "$FTRACE" record --sched-events=thread -d t "$PROG" >prog.out 2>record.err ||
	fail "record --sched-events=thread exited $? where perf events are refused:" "$(cat record.err)"
[ "$(wc -l <record.err)" -eq 1 ] &&
	grep -qx 'ftrace: warning: context switches are not recorded: perf_event_open: Permission denied.*' record.err ||
	fail "record --sched-events=thread does not say once that switches are not recorded:" "$(cat record.err)"
[ -e t/sched ] && fail "a switch file was written without perf events"
exit 0
