# SPDX-License-Identifier: MIT
# No pager with --no-pager, PAGER=cat or PAGER= on a terminal, nor ever in a pipe.
. "$E2E/term/lib.sh"
shades_trace d 200
for line in '"$FTRACE" replay --no-pager -d d' 'PAGER=cat "$FTRACE" replay -d d' \
	'PAGER= "$FTRACE" graph -d d'; do
	term_run "$line"
	term_wait 10 || fail "'$line' waited (in a pager?):" "$(term_screen)"
	[ "$(cat "$T/term.rc")" = 0 ] || fail "'$line' exited $(cat "$T/term.rc"):" "$(term_screen)"
	term_screen | grep -q "leaf" || fail "'$line' showed nothing:" "$(term_screen)"
	tmux -S "$T/tmux.sock" kill-server
done
# stdout a pipe, on a terminal: the pager is not run
term_run 'PAGER="touch pager-ran; cat" "$FTRACE" replay -d d | cat >piped.out'
term_wait 10 || fail "a piped replay waited:" "$(term_screen)"
[ -e pager-ran ] && fail "the pager ran although stdout was a pipe"
grep -q "leaf" piped.out || fail "no output through the pipe:" "$(cat piped.out)"
PAGER="touch pager-ran2; cat" "$FTRACE" dump -d d >dump.out 2>&1
[ -e pager-ran2 ] && fail "the pager ran without a terminal"
exit 0
