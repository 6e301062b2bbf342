# SPDX-License-Identifier: MIT
# replay -D N prints calls up to depth N; a call at the limit prints as one line with its whole duration.
prog replay-nested
record_ok data "$PROG"
"$FTRACE" replay -D 2 -d data >out 2>"$T/err" || fail "ftrace replay -D 2 failed:" "$(cat "$T/err")"
normalize <out >out.norm
cat >want <<'WANT'
# DURATION     TID     FUNCTION
            [T1] | main() {
   X.XXX us [T1] |   compile();
   X.XXX us [T1] | } /* main */
WANT
diff -u want out.norm || fail "unexpected tree with -D 2"
expect_error "depth" "$FTRACE" replay -D 0 -d data
