# SPDX-License-Identifier: MIT
# A trace of 3 million calls (733 rounds of a 4095-call tree) opens within 30 s, however loaded the
# machine (doc/ftrace-tui.md gives the time measured idle); the heaviest path is open down to a
# leaf, e expands all 4097 rows and End goes to the last.
. "$E2E/tui/lib.sh"
cc -pg -O1 -o bigtree "$E2E/tui/programs/bigtree.c" 2>build.err || fail "cannot build bigtree.c:" "$(cat build.err)"
"$FTRACE" record --no-libcall -d big ./bigtree 733 >/dev/null 2>record.err || fail "cannot record bigtree:" "$(cat record.err)"
"$FTRACE" report -d big --no-pager --format=csv >report.csv || fail "ftrace report failed"
calls=$(awk -F, 'NR > 1 { n += $3 } END { print n }' report.csv)
[ "$calls" -ge 3000000 ] || fail "the trace has $calls calls, not 3 million:" "$(cat report.csv)"
start=$(date +%s%N)
# 30 rows: the heaviest path of the 12-level binary tree, with each open level's other child, is up
# to 25 rows, more than 80x24 shows (which child is heavier depends on the run's timing)
TERM_ROWS=30 tui_start "-d big"
ms=$((($(date +%s%N) - start) / 1000000))
echo "opened in $ms ms"
[ "$ms" -lt 30000 ] || fail "3 million calls took $ms ms to open"
# open down to a leaf: 12 levels below main, the deepest row has no fold mark
row " 733 .*[^+-] f[0-3]$"
keys e
keys End
row "row 4097/4097" # the program, main and 4095 calls
tui_quit
exit 0
