# SPDX-License-Identifier: MIT
# Helpers for the context-switch cases (sourced after tests/e2e/lib.sh). run.sh sets FTRACE_NO_EVENT=1
# for every other case, whose expected trees must not depend on the scheduler: these unset it.

# sched_record DIR PROG [ARGS...]: records with context switches; skips (saying why) where the kernel
# refuses perf events, fails on any other message or exit status.
sched_record() {
	local d=$1 rc
	shift

	env -u FTRACE_NO_EVENT "$FTRACE" record -d "$d" "$@" >"$T/prog.out" 2>"$T/record.err"
	rc=$?
	grep -q "context switches are not recorded" "$T/record.err" && skip "$(head -n 1 "$T/record.err")"
	[ $rc -eq 0 ] || fail "ftrace record exited $rc:" "$(cat "$T/record.err")"
	[ -s "$T/record.err" ] && fail "ftrace record wrote to stderr:" "$(cat "$T/record.err")"
	return 0
}

# switches_in REPLAY-OUTPUT TID: one line per switch-in of thread TID: "<off-CPU ns> <preempted 0|1>
# <the functions open, outermost first, joined by />", from the tree replay printed.
switches_in() {
	python3 - "$1" "$2" <<'PY'
import re, sys
unit = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
stack, out_preempt = [], 0
for line in open(sys.argv[1]):
    m = re.match(r"^\s*(?:([\d.]+) (ns|us|ms|s))?\s*\[\s*(\d+)\] \| (\s*)(.*)$", line)
    if not m or m.group(3) != sys.argv[2]:
        continue
    text = m.group(5)
    if text.startswith("/* linux:sched-out"):
        out_preempt = int("pre-empted" in text)
    elif text.startswith("/* linux:sched-in"):
        ns = float(m.group(1)) * unit[m.group(2)]
        print("%d %d %s" % (ns, out_preempt, "/".join(stack) or "-"))
    elif text.endswith("{"):
        stack.append(text.split("(")[0])
    elif text.startswith("}"):
        stack.pop()
PY
}

# offcpu_bands REPORT-CSV PROG-OUT: the off-CPU time report gives sleeper(), waiter() and spinner()
# (report -f total,offcpu --format=csv) is what each measured of itself (sched-offcpu.c prints wall
# time and thread CPU time over its body): wall - CPU, within 1 ms + 2% of the wall time both ways.
# sleeper's is at least its 30 ms sleep, waiter's at least its 40 ms wait, spinner's only what the
# machine's load took from it (0 on an idle machine). Prints what it compared; fails on a miss.
offcpu_bands() {
	python3 - "$1" "$2" <<'PY'
import csv, sys
rows = {r["function"]: r for r in csv.DictReader(open(sys.argv[1]))}
meas = {l.split()[0]: (int(l.split()[1]), int(l.split()[2])) for l in open(sys.argv[2]) if l.strip()}
ms, bad = 1000000, []
for f, floor in (("sleeper", 30 * ms), ("waiter", 40 * ms), ("spinner", 0)):
    wall, cpu = meas[f]
    want, got, total = wall - cpu, int(rows[f]["offcpu_ns"]), int(rows[f]["total_ns"])
    tol = ms + wall // 50
    print("%s: off-CPU %d ns, measured %d ns (wall %d, cpu %d), tolerance %d" % (f, got, want, wall, cpu, tol))
    if abs(got - want) > tol or got > total or want < floor:
        bad.append(f)
sys.exit(1 if bad else 0)
PY
}

# sched_record_bands DIR PROG: sched_record, then offcpu_bands, up to 3 times: a thread pre-empted
# in the few instructions between a function's entry and its own measure (a loaded machine's luck,
# not a fault) adds to one side only. Fails when all 3 miss.
sched_record_bands() {
	local d=$1 try
	shift

	for try in 1 2 3; do
		rm -rf "$d"
		sched_record "$d" "$@"
		"$FTRACE" report -d "$d" -f total,offcpu --format=csv >"$T/bands.csv" 2>"$T/bands.err" ||
			fail "report failed:" "$(cat "$T/bands.err")"
		offcpu_bands "$T/bands.csv" "$T/prog.out" >"$T/bands.out" 2>&1 && return 0
	done
	fail "off-CPU times are not what the program measured (3 tries):" "$(cat "$T/bands.out")"
}
