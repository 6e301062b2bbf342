# SPDX-License-Identifier: MIT
# Helpers for the terminal cases in tests/e2e/term/cases (sourced after tests/e2e/lib.sh): a program
# with calls of every magnitude, and a private tmux server whose pane is the terminal ftrace sees.

# shades_trace DIR [ARGS...]: builds programs/shades.c with -pg and records it into DIR.
shades_trace() {
	local d=$1
	shift

	[ -x "$T/shades" ] || cc -pg -O1 -o "$T/shades" "$E2E/term/programs/shades.c" 2>"$T/build.err" ||
		fail "cannot build shades.c:" "$(cat "$T/build.err")"
	"$FTRACE" record --no-libcall -d "$d" "$T/shades" "$@" >/dev/null 2>"$T/record.err"
	return 0
}

# term_run 'COMMAND LINE': runs it in $T in a detached tmux pane of TERM_COLS x TERM_ROWS (default
# 120x40; environment: FTRACE and what the line sets); $T/term.rc holds its exit status once it
# ended. The server is ours alone.
term_run() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	printf 'cd %q || exit 1\nFTRACE=%q\nunset NO_COLOR PAGER\nexport TERM=screen\n%s\necho $? >%q\n' \
		"$T" "$FTRACE" "$1" "$T/term.rc.tmp" >"$T/term.sh"
	printf "mv %q %q; exec sleep 600\n" "$T/term.rc.tmp" "$T/term.rc" >>"$T/term.sh"
	rm -f "$T/term.rc"
	trap 'tmux -S "$T/tmux.sock" kill-server 2>/dev/null' EXIT
	tmux -S "$T/tmux.sock" new-session -d -x "${TERM_COLS:-120}" -y "${TERM_ROWS:-40}" "bash $(printf %q "$T/term.sh")" ||
		fail "cannot start tmux"
}

# term_wait [SECONDS]: waits until the command line ended (default 20 s); false when it did not.
term_wait() {
	local i

	for ((i = 0; i < ${1:-20} * 10; i++)); do
		[ -e "$T/term.rc" ] && return 0
		sleep 0.1
	done
	return 1
}

# term_screen [-e]: what the pane shows (-e: with its colour escapes).
term_screen() {
	tmux -S "$T/tmux.sock" capture-pane -p "$@" -t 0
}

term_keys() {
	tmux -S "$T/tmux.sock" send-keys -t 0 "$@"
}
