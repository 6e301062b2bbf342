# SPDX-License-Identifier: MIT
# Without a terminal ftrace tui says so in one line and exits 1 (graph and report print the same as
# text); a missing data directory is the readers' one-line error; --help lists its options.
. "$E2E/tui/lib.sh"
tui_trace d
"$FTRACE" tui -d d </dev/null >out.txt 2>err.txt && fail "ftrace tui without a terminal exited 0"
[ "$(wc -l <err.txt)" = 1 ] || fail "not one line on stderr:" "$(cat err.txt)"
grep -q "^ftrace: tui needs a terminal" err.txt || fail "no 'needs a terminal':" "$(cat err.txt)"
[ -s out.txt ] && fail "ftrace tui wrote to a file:" "$(cat out.txt)"
TERM_COLS=80 TERM_ROWS=24 term_run '"$FTRACE" tui -d nothing-here 2>err.txt'
term_wait 20 || fail "ftrace tui -d nothing-here did not end:" "$(term_screen)"
[ "$(cat "$T/term.rc")" = 1 ] || fail "a missing directory: exit $(cat "$T/term.rc")"
grep -q "nothing-here" err.txt || fail "the error does not name the directory:" "$(cat err.txt)"
"$FTRACE" tui --help >help.txt || fail "ftrace tui --help failed"
for o in --data --tid --filter --demangle --color; do
	grep -q -- "$o" help.txt || fail "ftrace tui --help lacks $o:" "$(cat help.txt)"
done
exit 0
