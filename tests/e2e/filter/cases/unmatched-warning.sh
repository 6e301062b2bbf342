# SPDX-License-Identifier: MIT
# Each pattern that matches nothing gets one warning line naming it (the tree is then empty or
# unfiltered, never silently); one that matches says nothing. A plain name is a whole name, as in
# uftrace: the warning says how to match a prefix.
. "$E2E/filter/lib.sh"
filter_build "$T/prog" "gcc -pg"
filter_record "$T/d" "$T/prog"
"$FTRACE" replay --no-libcall -d "$T/d" -F par -N 'zz.*' -H lex >"$T/out" 2>"$T/err" || fail "replay failed:" "$(cat "$T/err")"
cat >"$T/want" <<'WANT'
ftrace: warning: pattern 'par' matched no function in the trace ('par' is a whole name, as in uftrace: '^par' matches the names that start with it)
ftrace: warning: pattern 'zz.*' matched no function in the trace
WANT
diff -u "$T/want" "$T/err" || fail "replay: unexpected warnings"
"$FTRACE" record --no-libcall -d "$T/d2" -T 'nope@finish' "$T/prog" >/dev/null 2>"$T/err" || fail "record failed:" "$(cat "$T/err")"
grep -c "trigger 'nope@finish' matched no function in the program" "$T/err" | grep -qx 1 ||
	fail "record: no warning for a trigger that matches nothing:" "$(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "record: more than one line:" "$(cat "$T/err")"
exit 0
