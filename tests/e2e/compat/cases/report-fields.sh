# SPDX-License-Identifier: MIT
# report -f as uftrace takes it: columns in uftrace's order whatever the order given, once each,
# '+' adds to the default total,self,call, 'none' prints the names alone (titles written down
# from uftrace 0.13).
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/calls"
header() {
	"$FTRACE" report -d "$T/d" -f "$1" >"$T/h.out" 2>"$T/h.err" || fail "-f $1:" "$(cat "$T/h.err")"
	[ "$(head -1 "$T/h.out")" = "$2" ] || fail "-f $1: header" "want: $2" "got:  $(head -1 "$T/h.out")"
}
header self,total '  Total time   Self time  Function'
header total,total '  Total time  Function'
header +size '  Total time   Self time       Calls        Size  Function'
header +total-avg '  Total time   Total avg   Self time       Calls  Function'
header call,self-max '    Self max       Calls  Function'
# none: the names alone, sorted as usual (by total time: main first)
compat_run "$T/out" "$FTRACE" report -d "$T/d" -f none -s func
printf '  %s\n' __cxa_atexit __monstartup a b c d getpid main >"$T/want"
diff -u "$T/want" "$T/out" >"$T/diff" || fail "-f none:" "$(cat "$T/diff")"
for bad in none,call +none func ''; do
	expect_error "invalid report field" "$FTRACE" report -d "$T/d" -f "$bad"
done
exit 0
