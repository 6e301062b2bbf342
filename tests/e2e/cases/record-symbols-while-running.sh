# SPDX-License-Identifier: MIT
# record saves the program's symbols while it runs (from the maps file libmcount writes at start-up),
# not only after it ends, and the .sym file saved then is whole: replay names the calls from it alone.
prog sym-early
cp "$PROG" "$T/sym-early"
"$FTRACE" record -d "$T/d" "$T/sym-early" >"$T/out" 2>"$T/err" || fail "ftrace record failed:" "$(cat "$T/err")"
grep -qx "saved while running" "$T/out" || fail "sym/sym-early.sym did not appear while the program ran:" "$(cat "$T/out" "$T/err")"
[ -s "$T/err" ] && fail "record said something:" "$(cat "$T/err")"
grep -q "^sym-early.sym $T/sym-early\$" "$T/d/sym/modules" || fail "sym/modules does not list the program:" "$(cat "$T/d/sym/modules")"
rm "$T/sym-early" # replay must name the calls from the saved symbols alone
"$FTRACE" replay -d "$T/d" >"$T/replay" 2>"$T/replay.err" || fail "ftrace replay failed:" "$(cat "$T/replay.err")"
grep -q "symbols_saved()" "$T/replay" || fail "replay does not name symbols_saved:" "$(cat "$T/replay" "$T/replay.err")"
exit 0
