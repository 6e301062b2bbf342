# SPDX-License-Identifier: MIT
# Context switches are recorded by default and replay shows them where they happened: the sleep
# inside sleeper() (off-CPU about the 30 ms it slept), the wait inside waiter() (about the 40 ms
# until the other thread signalled), and inside spinner() only preemptions; info says they were
# recorded, --no-event hides them at replay and does not record them at record.
. "$E2E/sched/lib.sh"
prog sched-offcpu
sched_record d "$PROG"
"$FTRACE" info -d d >info.out 2>&1 || fail "ftrace info failed:" "$(cat info.out)"
grep -Eq '^# context switches *: yes \([1-9][0-9]* switches, 0 lost\)' info.out ||
	fail "info does not say switches were recorded:" "$(cat info.out)"
run_ok() { "$@" >"$T/run.out" 2>"$T/run.err" || fail "'$*' failed:" "$(cat "$T/run.err")"; }
run_ok "$FTRACE" replay -d d
cp "$T/run.out" replay.out
tid=$(sed -n 's/.*\[ *\([0-9]*\)\] | main() {$/\1/p' replay.out | head -n 1)
[ -n "$tid" ] || fail "no main() in the replay:" "$(head -20 replay.out)"
switches_in replay.out "$tid" >in.txt
# the sleep: at least 25 ms off the CPU inside sleeper(), voluntary
awk '$2 == 0 && $3 ~ /(^|\/)sleeper(\/|$)/ && $1 >= 25000000 { ok = 1 } END { exit !ok }' in.txt ||
	fail "no switch of 25 ms or more inside sleeper():" "$(cat in.txt)" "$(head -30 replay.out)"
awk '$2 == 0 && $3 ~ /(^|\/)waiter(\/|$)/ && $1 >= 20000000 { ok = 1 } END { exit !ok }' in.txt ||
	fail "no switch of 20 ms or more inside waiter():" "$(cat in.txt)" "$(head -40 replay.out)"
awk '$3 ~ /(^|\/)spinner(\/|$)/ && $2 == 0 { bad = 1 } END { exit bad }' in.txt ||
	fail "spinner() only computes, yet it gave up the CPU:" "$(cat in.txt)"
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
