# SPDX-License-Identifier: MIT
# uftrace's options are never "unknown": --no-merge, --no-comment, --no-args, --trace=off,
# report --avg-total, dump --format=chrome and --max-stack below 8 do what they do in uftrace; those
# that make no sense here are accepted with one line saying why (--no-event works: tests/e2e/sched/).
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" --max-stack=2 "$T/calls"
compat_run "$T/out" "$FTRACE" replay -d "$T/d"
grep -q "max depth 2 reached" "$T/out" || fail "--max-stack=2 did not cut the tree:" "$(cat "$T/out")"
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/calls"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -F b --no-merge --no-comment --no-args
compat_expect calls-b-no-merge "$T/out"
compat_run "$T/out" "$FTRACE" record -d "$T/d2" --trace=off -T b@trace_on -T d@trace_off "$T/calls"
compat_run "$T/out" "$FTRACE" replay -d "$T/d2"
compat_expect calls-b "$T/out"
compat_run "$T/out" "$FTRACE" report -d "$T/d" --avg-total
grep -q "Total avg" "$T/out" || fail "report --avg-total:" "$(cat "$T/out")"
compat_run "$T/out" "$FTRACE" dump -d "$T/d" --format=chrome
grep -q traceEvents "$T/out" || fail "dump --format=chrome:" "$(head -3 "$T/out")"
for opt in --with-syms=x; do
	"$FTRACE" replay -d "$T/d" $opt >/dev/null 2>"$T/err" || fail "replay $opt failed:" "$(cat "$T/err")"
	[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^ftrace: warning: ${opt%%=*} has no effect: " "$T/err" ||
		fail "replay $opt: not one line saying why:" "$(cat "$T/err")"
done
"$FTRACE" record -d "$T/d3" -L x.c -Z 100 -W cpu --keep-pid --no-pltbind --signal SIGUSR1@finish --srcline "$T/calls" >/dev/null 2>"$T/err" ||
	fail "record with uftrace's options failed:" "$(cat "$T/err")"
[ "$(grep -c "has no effect: " "$T/err")" -eq 7 ] || fail "record: not one line per ignored option:" "$(cat "$T/err")"
exit 0
