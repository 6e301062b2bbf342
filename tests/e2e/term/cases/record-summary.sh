# SPDX-License-Identifier: MIT
# At a terminal, record ends with one line: where the trace went, how much, what to run next; in a
# pipe it stays quiet.
. "$E2E/term/lib.sh"
shades_trace d 10
[ -s "$T/record.err" ] && fail "record wrote to stderr in a pipe:" "$(cat "$T/record.err")"
term_run '"$FTRACE" record -d d2 ./shades 10'
term_wait || fail "record did not end:" "$(term_screen)"
[ "$(cat "$T/term.rc")" = 0 ] || fail "record exited $(cat "$T/term.rc"):" "$(term_screen)"
term_screen | tr -d '\n' | grep -Eq "ftrace: recorded 1 thread of 1 process into 'd2' \([0-9]+ KiB\); next: ftrace replay -d d2" ||
	fail "no summary line at the end of record:" "$(term_screen)"
exit 0
