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
