# SPDX-License-Identifier: MIT
# Helpers for the tui cases (sourced after tests/e2e/lib.sh): the tmux pane of the terminal cases,
# a traced program with a known tree, and waiting for what the screen shows.
. "$E2E/term/lib.sh"

# tui_trace DIR: builds programs/tuiprog.c with -pg and records it into DIR (no library calls, so
# the tree is the program's own: main > parse_input, compute > heavy_work, worker_main).
tui_trace() {
	cc -pg -O1 -o "$T/tuiprog" "$E2E/tui/programs/tuiprog.c" -lpthread 2>"$T/build.err" ||
		fail "cannot build tuiprog.c:" "$(cat "$T/build.err")"
	"$FTRACE" record --no-libcall -d "$1" "$T/tuiprog" >/dev/null 2>"$T/record.err" ||
		fail "cannot record tuiprog:" "$(cat "$T/record.err")"
}

# tui_start 'ARGS': `ftrace tui ARGS` in an 80x24 pane (TERM_COLS, TERM_ROWS change it), waiting
# until the tree is drawn.
tui_start() {
	TERM_COLS=${TERM_COLS:-80} TERM_ROWS=${TERM_ROWS:-24} term_run "\"\$FTRACE\" tui $1"
	screen_wait "G tree" 30 || fail "the tree did not appear:" "$(term_screen)"
}

# screen_wait REGEX [SECONDS]: until the pane shows a line matching REGEX (default 10 s).
screen_wait() {
	local i

	for ((i = 0; i < ${2:-10} * 10; i++)); do
		term_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# keys KEY...: sends them one at a time, each after the screen changed for the one before (up to
# 3 s: some keys change nothing), then waits until the screen stays the same for 0.3 s.
keys() {
	local before now k i

	for k in "$@"; do
		before=$(term_screen -e)
		term_keys "$k"
		for ((i = 0; i < 60; i++)); do
			sleep 0.05
			[ "$(term_screen -e)" != "$before" ] && break
		done
	done
	before=$(term_screen -e)
	for ((i = 0; i < 50; i++)); do
		sleep 0.3
		now=$(term_screen -e)
		[ "$now" = "$before" ] && break
		before=$now
	done
}

# row REGEX: the pane shows a line matching REGEX within 5 s, or the case fails
row() {
	screen_wait "$1" 5 || fail "no line matches '$1':" "$(term_screen)"
}

# selected: the text of the selected row (drawn in reverse video: tmux shows it as ESC[7m or
# ESC[0;7m)
selected() {
	term_screen -e | grep -E -m1 $'\e\\[(0;)?7m' | sed 's/\x1b\[[0-9;]*m//g'
}

# selected_is REGEX: the selected row matches REGEX within 5 s
selected_is() {
	local i

	for ((i = 0; i < 50; i++)); do
		selected | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# tui_quit: q, then ftrace ends with 0 and the pane is back on the normal screen
tui_quit() {
	term_keys q
	term_wait 10 || fail "ftrace tui did not end on q:" "$(term_screen)"
	[ "$(cat "$T/term.rc")" = 0 ] || fail "ftrace tui exited $(cat "$T/term.rc"):" "$(term_screen)"
	[ "$(tmux -S "$T/tmux.sock" display -p -t 0 '#{alternate_on}')" = 0 ] ||
		fail "the terminal is still on the alternate screen after q"
}
