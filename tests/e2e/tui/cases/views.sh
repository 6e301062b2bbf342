# SPDX-License-Identifier: MIT
# R shows the report (s sorts by the next column), Enter on a row goes to the function's places in
# the tree, b lists a function's backtraces (Enter goes to one), S picks a thread, I shows what
# `ftrace info` prints, ? the keys; q goes back to the tree.
. "$E2E/tui/lib.sh"
tui_trace d
tui_start "-d d"
keys R
row "R report"
row "sorted by total"
[ "$(term_screen | sed -n 3p | awk '{print $NF}')" = main ] || fail "the report does not start with main:" "$(term_screen)"
keys s
row "sorted by self"
# heavy_work sleeps: above compute, which calls it (main's self time waits for the thread: anywhere)
line_of() { term_screen | grep -n -- " $1$" | cut -d: -f1; }
[ "$(line_of heavy_work)" -lt "$(line_of compute)" ] || fail "self: heavy_work is not above compute:" "$(term_screen)"
keys s
row "sorted by calls"
[ "$(term_screen | sed -n 3p | awk '{print $(NF-1), $NF}')" = "8 shared_leaf" ] || fail "calls: shared_leaf (8) is not first:" "$(term_screen)"
# Enter: shared_leaf's places in the tree
keys Enter
row "G tree"
row "shared_leaf: place 1 of 4"
selected_is "shared_leaf$" || fail "Enter in the report did not select shared_leaf in the tree:" "$(term_screen)"
# b: its backtraces, most hits first (5 under lex_token); Enter on a path line goes there
keys b
row "callers of shared_leaf in all tasks: 4 backtraces"
row "backtrace #0: hit 5"
keys j j j j j
selected_is "\[2\] lex_token" || fail "not on the lex_token line of backtrace #0:" "$(term_screen)"
keys Enter
row "G tree"
selected_is "lex_token$" || fail "Enter in the backtraces did not go to lex_token:" "$(term_screen)"

# S: the tasks; the worker thread's tree has worker_main only
keys S
row "all tasks: tuiprog \(2 threads\)"
row "thread [0-9]+ tuiprog \\(main\\) .* records"
keys j j j Enter
row "G tree \| tid [0-9]+"
row " - worker_main$"
term_screen | grep -q "compute" && fail "the worker's tree shows the main thread's calls:" "$(term_screen)"
keys R
[ "$(term_screen | sed -n '3,$p' | grep -c "[0-9]  [a-z_]*$")" = 3 ] || fail "the worker's report has not 3 functions:" "$(term_screen)"
keys S
selected_is "thread [0-9]+ tuiprog  " || fail "S is not on the thread shown:" "$(term_screen)"
keys k k Enter
row "G tree \| pid [0-9]+ tuiprog"
row " - main$"
row " \+ worker_main$"
keys S k Enter
row "G tree \| all tasks"

# I: ftrace info; ? help; q back to the tree, q again quits
keys I
screen_wait "exe image .*tuiprog" || fail "I does not show ftrace info:" "$(term_screen)"
keys End
row "# records +: [0-9]+"
keys '?'
row "collapse all, expand all"
keys q
row "I info"
keys q
row "G tree"
tui_quit
exit 0
