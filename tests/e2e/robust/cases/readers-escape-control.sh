# SPDX-License-Identifier: MIT
# Control characters from the trace (a command line, a damaged info, symbol names in sym/, the task log)
# never reach the terminal raw: every command escapes them.
. "$E2E/robust/lib.sh"
prog replay-nested
esc=$(printf '\033')
record_ok "$T/d" "$PROG" "$(printf 'arg\033]0;pwned\007\033[2J')"
# a symbol name and an info value with escape sequences, as a damaged or hostile trace may have
sed -i "s/ compile\$/ com${esc}[31mpile/" "$T"/d/sym/*.sym
grep -q "com${esc}" "$T"/d/sym/*.sym || fail "the test could not plant a name in sym/:" "$(ls "$T/d/sym")"
printf 'exe: /tmp/x\033[2J\n' >>"$T/d/info"
sed -i "s|^\([0-9]* start [0-9]* [0-9]*\) \(.*\)|\1 \2${esc}[5m|" "$T/d/task"
for cmd in replay report graph "dump" "dump --chrome" info "info --task"; do
	# shellcheck disable=SC2086 # options
	"$FTRACE" $cmd -d "$T/d" >"$T/out" 2>"$T/err"
	if grep -q "$esc" "$T/out" "$T/err"; then
		fail "ftrace $cmd prints a raw escape character:" "$(grep "$esc" "$T/out" "$T/err" | cat -v | head -n 5)"
	fi
done
"$FTRACE" replay -d "$T/d" | grep -q 'com\\x1b\[31mpile' || fail "replay does not show the escaped name:" "$("$FTRACE" replay -d "$T/d" | cat -v)"
