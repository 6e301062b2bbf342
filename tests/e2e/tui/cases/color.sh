# SPDX-License-Identifier: MIT
# Colours when the terminal has them (milliseconds yellow, the title bar blue); none with
# --color=never or a non-empty NO_COLOR, where the selected row and the bars are still in reverse
# video, so that the screen reads the same without colour.
. "$E2E/tui/lib.sh"
tui_trace d
colours() { term_screen -e | grep -cE $'\e\\[(3[1-7]|4[0-7])m'; }
tui_start "-d d"
[ "$(colours)" -gt 0 ] || fail "no colour on a colour terminal:" "$(term_screen -e | cat -v)"
term_screen -e | grep -E $'\e\\[33m' | grep -q " ms" || fail "milliseconds are not yellow:" "$(term_screen -e | cat -v)"
tui_quit
for how in "--color=never -d d" "-d d NO_COLOR"; do
	tmux -S "$T/tmux.sock" kill-server
	case $how in
	*NO_COLOR) TERM_COLS=80 TERM_ROWS=24 term_run 'NO_COLOR=1 "$FTRACE" tui -d d'
		screen_wait "G tree" 30 || fail "NO_COLOR: the tree did not appear:" "$(term_screen)" ;;
	*) tui_start "$how" ;;
	esac
	[ "$(colours)" = 0 ] || fail "$how: colours:" "$(term_screen -e | cat -v)"
	selected_is "tuiprog$" || fail "$how: no selected row in reverse video:" "$(term_screen -e | cat -v)"
	term_screen -e | head -1 | grep -q $'\e\\[[0-9;]*7m' || fail "$how: the title bar is not in reverse video:" "$(term_screen -e | head -1 | cat -v)"
	tui_quit
done
exit 0
