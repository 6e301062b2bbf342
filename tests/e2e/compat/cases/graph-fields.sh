# SPDX-License-Identifier: MIT
# graph -f takes uftrace's graph fields (total self addr, '+' to add to total, 'none'), in uftrace's
# order and under its titles (written down from uftrace 0.13).
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/calls"
# durations and addresses vary: what stays is where each column is
shape() {
	sed -E 's/[ 0-9]{3}\.[0-9]{3} (ns|us|ms| s)/  X.XXX us/g; s/[0-9a-f]{12} :/AAAAAAAAAAAA :/'
}
for f in addr,self,total none; do
	"$FTRACE" graph -d "$T/d" -f $f >"$T/out" 2>"$T/err" || fail "graph -f $f:" "$(cat "$T/err")"
	shape <"$T/out" | diff -u "$COMPAT_DIR/expected/graph-${f//,/-}.out" - >"$T/diff" ||
		fail "graph -f $f:" "$(cat "$T/diff")"
done
"$FTRACE" graph -d "$T/d" -f +self >"$T/out" 2>"$T/err" || fail "graph -f +self:" "$(cat "$T/err")"
[ "$(sed -n 3p "$T/out")" = "# TOTAL TIME   SELF TIME   FUNCTION" ] || fail "graph -f +self:" "$(cat "$T/out")"
# the address column is the function's: a's minus main's is the offset nm gives
"$FTRACE" graph -d "$T/d" -f addr >"$T/out" 2>"$T/err" || fail "graph -f addr:" "$(cat "$T/err")"
main=$(awk '/\(1\) main$/ { print $1 }' "$T/out") a=$(awk '/\(1\) a$/ { print $1 }' "$T/out")
nm_main=$(nm "$T/calls" | awk '$3 == "main" { print $1 }') nm_a=$(nm "$T/calls" | awk '$3 == "a" { print $1 }')
[ $((16#$a - 16#$main)) -eq $((16#$nm_a - 16#$nm_main)) ] || fail "graph -f addr: a at $a, main at $main; nm: $nm_a, $nm_main"
# graph FUNC's backtrace names each caller with its address, as uftrace does: main's is the one
# its -f addr column shows
"$FTRACE" graph -d "$T/d" a >"$T/out" 2>"$T/err" || fail "graph a:" "$(cat "$T/err")"
grep -q "^   \[0\] main (0x$main)\$" "$T/out" || fail "graph a: main's backtrace line is not '[0] main (0x$main)':" "$(cat "$T/out")"
for bad in none,self +none foo ''; do
	expect_error "invalid graph output field" "$FTRACE" graph -d "$T/d" -f "$bad"
done
exit 0
