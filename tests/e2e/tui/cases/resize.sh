# SPDX-License-Identifier: MIT
# In 80x24 every row fits in 80 columns and the tree fills the 21 rows between the bars; the pane
# grown to 120x40 and shrunk to 60x15 is redrawn at once (SIGWINCH) to the new size.
. "$E2E/tui/lib.sh"
tui_trace d
tui_start "-d d"
keys e
term_screen >small.txt
[ "$(wc -l <small.txt)" -le 24 ] || fail "more than 24 lines:" "$(cat small.txt)"
awk 'length > 80 { exit 1 }' small.txt || fail "a line longer than 80 columns:" "$(cat small.txt)"
[ "$(grep -c "shared_leaf$" small.txt)" = 4 ] || fail "80x24 does not show the expanded tree:" "$(cat small.txt)"
tail -n 1 small.txt | grep -q "q quit" || fail "no status line at the bottom of 80x24:" "$(cat small.txt)"
tmux -S "$T/tmux.sock" resize-window -t 0 -x 120 -y 40
screen_wait "^ ftrace tui: .* help$" 5 || fail "no title bar after growing:" "$(term_screen)"
for i in $(seq 30); do
	[ "$(term_screen | sed -n 40p)" != "" ] && break
	sleep 0.1
done
term_screen | sed -n 40p | grep -q "q quit" || fail "the status line did not move to row 40:" "$(term_screen)"
[ "$(term_screen | head -1 | sed 's/ *$//' | wc -c)" -gt 100 ] || fail "the title bar did not widen to 120 columns:" "$(term_screen | head -1)"
tmux -S "$T/tmux.sock" resize-window -t 0 -x 60 -y 15
for i in $(seq 30); do
	term_screen | sed -n 15p | grep -q "q quit" && break
	sleep 0.1
done
term_screen >tiny.txt
sed -n 15p tiny.txt | grep -q "q quit" || fail "the status line is not on row 15 of 60x15:" "$(cat tiny.txt)"
awk 'length > 60 { exit 1 }' tiny.txt || fail "a line longer than 60 columns:" "$(cat tiny.txt)"
keys j
selected_is "main$" || fail "j after the resizes:" "$(term_screen)"
tui_quit
exit 0
