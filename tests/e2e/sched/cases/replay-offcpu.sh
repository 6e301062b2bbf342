# SPDX-License-Identifier: MIT
# Context switches are recorded by default and replay shows them where they happened: the sleep
# inside sleeper()'s nanosleep (off the CPU at least the 30 ms it slept, at most sleeper's own
# measure), the wait inside waiter()'s pthread_cond_wait (at least the 40 ms until the other thread
# signalled), and inside spinner() only pre-emptions; info says they were
# recorded, --no-event hides them at replay and does not record them at record.
. "$E2E/sched/lib.sh"
prog sched-offcpu
sched_record d "$PROG"
"$FTRACE" info -d d >info.out 2>&1 || fail "ftrace info failed:" "$(cat info.out)"
grep -Eq '^# context switches *: yes \(per CPU: [1-9][0-9]* switches, 0 lost\)' info.out ||
	fail "info does not say switches were recorded:" "$(cat info.out)"
run_ok() { "$@" >"$T/run.out" 2>"$T/run.err" || fail "'$*' failed:" "$(cat "$T/run.err")"; }
run_ok "$FTRACE" replay -d d
cp "$T/run.out" replay.out
tid=$(sed -n 's/.*\[ *\([0-9]*\)\] | main() {$/\1/p' replay.out | head -n 1)
[ -n "$tid" ] || fail "no main() in the replay:" "$(head -20 replay.out)"
switches_in replay.out "$tid" >in.txt
# the frames: sleeper's one voluntary switch is in nanosleep, off the CPU at least its 30 ms and at
# most what sleeper measured of itself; waiter's voluntary switches in pthread_cond_wait add up to
# at least its 40 ms wait and at most its own measure; spinner gives up the CPU only when pre-empted
python3 - in.txt "$T/prog.out" <<'PY' || fail "switches not in the right frames:" "$(cat in.txt)" "$(head -40 replay.out)"
import sys
ins = [l.split() for l in open(sys.argv[1])]
wall = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[2]) if l.strip()}
ms = 1000000
def vol(fn, leaf):
    return [int(n) for n, p, st in ins if p == "0" and fn in st.split("/") and st.split("/")[-1] == leaf]
s = vol("sleeper", "nanosleep")
assert len(s) == 1 and 30 * ms <= s[0] <= wall["sleeper"], ("sleeper", s, wall)
w = vol("waiter", "pthread_cond_wait")
assert w and 40 * ms <= sum(w) <= wall["waiter"], ("waiter", w, wall)
assert not [n for n, p, st in ins if p == "0" and "spinner" in st.split("/")], "spinner slept"
PY
run_ok "$FTRACE" replay -d d --no-event
grep -q "linux:sched" "$T/run.out" && fail "replay --no-event shows switches:" "$(head -20 "$T/run.out")"
# with -N the hidden function's switches are its caller's
run_ok "$FTRACE" replay -d d -N 'nap|nanosleep'
switches_in "$T/run.out" "$tid" >in-n.txt
awk '$2 == 0 && $3 ~ /sleeper$/ && $1 >= 25000000 { ok = 1 } END { exit !ok }' in-n.txt ||
	fail "with -N nap, the sleep is not sleeper()'s own:" "$(cat in-n.txt)"
env -u FTRACE_NO_EVENT "$FTRACE" record --no-event -d d2 "$PROG" >/dev/null 2>"$T/err" ||
	fail "record --no-event failed:" "$(cat "$T/err")"
[ -s "$T/err" ] && fail "record --no-event wrote to stderr:" "$(cat "$T/err")"
[ -e d2/sched ] && fail "record --no-event recorded switches"
"$FTRACE" info -d d2 | grep -Eq '^# context switches *: no \(--no-event\)' ||
	fail "info does not say --no-event:" "$("$FTRACE" info -d d2)"
exit 0
