# SPDX-License-Identifier: MIT
# replay --tid TID prints the calls of that thread only.
prog replay-threads
record_ok data "$PROG"
"$FTRACE" replay -d data >all 2>"$T/err" || fail "ftrace replay failed:" "$(cat "$T/err")"
tids=$(sed -nE 's/^[^[]*\[ *([0-9]+)\] \|.*/\1/p' all | awk '!seen[$0]++')
[ "$(echo "$tids" | wc -l)" -eq 2 ] || fail "expected two threads in:" "$(cat all)"
worker=$(echo "$tids" | sed -n 2p)
"$FTRACE" replay -d data --tid "$worker" >out 2>"$T/err" || fail "ftrace replay --tid failed:" "$(cat "$T/err")"
normalize <out >out.norm
cat >want <<'WANT'
# DURATION     TID     FUNCTION
            [T1] | worker() {
   X.XXX us [T1] |   leaf();
   X.XXX us [T1] |   leaf();
   X.XXX us [T1] | } /* worker */
WANT
diff -u want out.norm || fail "unexpected tree with --tid $worker"
grep -v "\[ *$worker\] |" out | grep -q '\] |' && fail "--tid $worker shows other threads:" "$(cat out)"
# a tid that is not in the trace is said so, not "no function calls were recorded"
"$FTRACE" replay -d data --tid 1 >out 2>"$T/err"
grep -q "no thread of 'data' has tid 1" "$T/err" || fail "replay --tid 1 did not say the thread is missing:" "$(cat "$T/err")"
grep -q "no function calls were recorded" "$T/err" && fail "replay --tid 1 says nothing was recorded:" "$(cat "$T/err")"
exit 0
