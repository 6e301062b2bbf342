# SPDX-License-Identifier: MIT
# On a terminal (a tmux pane) replay is coloured by default; NO_COLOR and --color=never turn it off.
. "$E2E/term/lib.sh"
shades_trace d 0
term_run '"$FTRACE" replay --no-pager -d d'
term_wait || fail "replay did not end:" "$(term_screen)"
term_screen -e >on.txt
grep -q $'\033\\[33m' on.txt || fail "no yellow ms duration on a terminal:" "$(cat -v on.txt)"
grep -q "slow" on.txt || fail "no replay on the terminal:" "$(cat on.txt)"
tmux -S "$T/tmux.sock" kill-server

for off in 'NO_COLOR=1 "$FTRACE" replay --no-pager -d d' '"$FTRACE" replay --no-pager --color=never -d d'; do
	term_run "$off"
	term_wait || fail "'$off' did not end:" "$(term_screen)"
	term_screen -e >off.txt
	grep -q "slow" off.txt || fail "no replay on the terminal for '$off':" "$(cat off.txt)"
	grep -q $'\033' off.txt && fail "colour with '$off':" "$(cat -v off.txt)"
	tmux -S "$T/tmux.sock" kill-server
done
exit 0
