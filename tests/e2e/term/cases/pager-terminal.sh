# SPDX-License-Identifier: MIT
# On a terminal a long replay goes through less (-FRSX): it waits on its prompt; q ends less and
# ftrace, which exits 0 with no broken-pipe noise, although it had not written everything yet.
. "$E2E/term/lib.sh"
command -v less >/dev/null || skip "less is not installed"
shades_trace d 20000 # about 1 MB of replay: far more than the pipe holds
term_run '"$FTRACE" replay -d d'
for i in $(seq 50); do
	term_screen | grep -q "leaf();" && break
	sleep 0.1
done
sleep 0.5
term_wait 1 && fail "replay did not wait in a pager:" "$(term_screen)"
term_screen >paged.txt
[ "$(sed '/^$/d' paged.txt | tail -n 1)" = ":" ] || fail "the last line is not less's prompt:" "$(cat paged.txt)"
grep -q "DURATION" paged.txt || fail "the pager does not show the replay's top:" "$(cat paged.txt)"
term_keys q
term_wait || fail "ftrace did not end after the pager quit:" "$(term_screen)"
[ "$(cat "$T/term.rc")" = 0 ] || fail "ftrace exited $(cat "$T/term.rc") after q:" "$(term_screen)"
term_screen >after.txt
grep -Eqi "broken pipe|ftrace:|error" after.txt && fail "noise after quitting the pager:" "$(cat after.txt)"

# $PAGER is the pager when set
tmux -S "$T/tmux.sock" kill-server
term_run 'PAGER="tee paged.out" "$FTRACE" report -d d'
term_wait || fail "report through PAGER=tee did not end:" "$(term_screen)"
grep -q "leaf" paged.out || fail "report did not go through \$PAGER:" "$(cat paged.out)"
exit 0
