# SPDX-License-Identifier: MIT
# ^C and SIGTERM end ftrace tui with the terminal given back: off the alternate screen, keys echoed
# again (stty echo), the shell's lines visible.
. "$E2E/tui/lib.sh"
tui_trace d
normal_screen() {
	[ "$(tmux -S "$T/tmux.sock" display -p -t 0 '#{alternate_on}')" = 0 ] ||
		fail "$1: the terminal is still on the alternate screen:" "$(term_screen)"
}
TERM_COLS=80 TERM_ROWS=24 term_run 'echo before; "$FTRACE" tui -d d; echo $? >tui.rc; stty -a | grep -o "[ -]echo " >stty.txt'
screen_wait "G tree" 30 || fail "the tree did not appear:" "$(term_screen)"
term_keys C-c
term_wait 10 || fail "^C did not end ftrace tui:" "$(term_screen)"
[ "$(cat tui.rc)" = 0 ] && fail "^C: ftrace tui exited 0"
normal_screen "^C"
grep -q "^ echo $" stty.txt || fail "^C: the terminal does not echo any more:" "$(cat stty.txt)"
term_screen | grep -q "^before$" || fail "^C: the shell's screen is not back:" "$(term_screen)"

tmux -S "$T/tmux.sock" kill-server
# in the background (stdin given back from the terminal), so that its pid is known
TERM_COLS=80 TERM_ROWS=24 term_run '"$FTRACE" tui -d d </dev/tty & echo $! >tui.pid; wait $!; stty -a | grep -o "[ -]echo " >stty.txt'
screen_wait "G tree" 30 || fail "the tree did not appear:" "$(term_screen)"
kill -TERM "$(cat tui.pid)"
term_wait 10 || fail "SIGTERM did not end ftrace tui:" "$(term_screen)"
normal_screen SIGTERM
grep -q "^ echo $" stty.txt || fail "SIGTERM: the terminal does not echo any more:" "$(cat stty.txt)"
exit 0
