# SPDX-License-Identifier: MIT
# ftrace info names the command line, the executable and its build id, the exit status and the record count.
prog exit-status
"$FTRACE" record -d data "$PROG" exit 3 >/dev/null 2>"$T/err"
[ $? -eq 3 ] || fail "ftrace record did not exit 3:" "$(cat "$T/err")"
"$FTRACE" info -d data >info.out 2>"$T/err" || fail "ftrace info failed:" "$(cat "$T/err")"
[ -s "$T/err" ] && fail "ftrace info wrote to stderr:" "$(cat "$T/err")"
build_id=$(readelf -n "$PROG" 2>/dev/null | sed -n 's/.*Build ID: *//p')
for want in "exit-status exit 3" "$PROG" "$build_id" "3"; do
	[ -n "$want" ] || continue
	grep -qF -- "$want" info.out || fail "ftrace info does not show '$want':" "$(cat info.out)"
done
grep -Eiq 'record.*[1-9]' info.out || fail "ftrace info shows no record count:" "$(cat info.out)"
