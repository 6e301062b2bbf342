# SPDX-License-Identifier: MIT
# -j/--jobs: tui reads a trace of several streams (three threads, the main one, a fork child) on as
# many threads as it is told, -j2 does fold on two, and every screen is the same as with -j1: the
# tree at start (the heaviest path), expanded (first and last page), the report, the tasks.
. "$E2E/tui/lib.sh"
prog fold-streams
"$FTRACE" record -b 64k -d d "$PROG" 5000 >/dev/null 2>record.err || fail "record failed:" "$(cat record.err)"
[ "$(find d -name '*.dat' | wc -l)" -ge 5 ] || fail "the trace has not 5 streams:" "$(ls d)"

# screens J: runs `tui -jJ`, saves its screens (with colours) to screens.J and its debug log to
# debug.J, and quits
screens() {
	local out=$T/screens.$1

	tui_start "-j$1 --debug=reader -d d 2>$(printf %q "$T/debug.$1")"
	{
		echo "== start"
		term_screen -e
		keys e
		echo "== expanded"
		term_screen -e
		keys End
		echo "== last"
		term_screen -e
		keys R
		row "R report"
		echo "== report"
		term_screen -e
		keys S
		row "all tasks"
		echo "== tasks"
		term_screen -e
	} >"$out"
	keys q
	tui_quit
	tmux -S "$T/tmux.sock" kill-server 2>/dev/null
}

screens 1
screens 2
grep -q "folding the streams" debug.1 && fail "-j1 folded on threads:" "$(cat debug.1)"
grep -q "folding the streams on 2 threads" debug.2 || fail "-j2 did not fold on 2 threads:" "$(cat debug.2)"
grep -q "worker\|top\|mid" screens.1 || fail "the screens show none of the program's functions:" "$(cat screens.1)"
grep -q "thread" screens.1 || fail "the tasks view shows no thread:" "$(cat screens.1)"
cmp -s screens.1 screens.2 ||
	fail "tui -j2 shows otherwise than -j1:" "$(diff -u screens.1 screens.2 | sed 's/\x1b\[[0-9;]*m//g' | head -60)"
expect_error "invalid job count '0' \\(expected 1..1024\\)" "$FTRACE" tui -j0 -d d
exit 0
