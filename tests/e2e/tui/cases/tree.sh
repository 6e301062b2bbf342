# SPDX-License-Identifier: MIT
# ftrace tui opens on the tree with the heaviest path open (main > compute > heavy_work), the rest
# folded; j/k move, Enter folds and unfolds, h/l fold, unfold and go to the parent, c/e collapse and
# expand all; q quits with 0 and leaves the terminal on its normal screen.
. "$E2E/tui/lib.sh"
tui_trace d
tui_start "-d d"
# the heaviest path is open, the others are not
row "^ +[0-9.]+ ms .* - main$"
row "^ .* - compute$"
row "^ .* - heavy_work$"
row "^ .* \+ parse_input$"
row "^ .* \+ worker_main$"
term_screen | grep -q "lex_token" && fail "parse_input's children are shown at start:" "$(term_screen)"
selected_is "tuiprog$" || fail "the cursor is not on the first row:" "$(selected)"

# j j: parse_input; Enter unfolds it, Enter again folds it
keys j j
selected_is "parse_input$" || fail "j j is not on parse_input:" "$(term_screen)"
keys Enter
row "^ .* - parse_input$"
row "^ .* 5  .*lex_token$"
keys Enter
term_screen | grep -q "lex_token" && fail "Enter did not fold parse_input:" "$(term_screen)"
# l unfolds, l again goes to the first child, h goes back to the parent, h folds
keys l
row "lex_token$"
keys l
selected_is "lex_token$" || fail "l on an open node did not go to its child:" "$(term_screen)"
keys h
selected_is "parse_input$" || fail "h on a folded node did not go to the parent:" "$(term_screen)"
keys h
term_screen | grep -q "lex_token" && fail "h did not fold parse_input:" "$(term_screen)"
keys k
selected_is "main$" || fail "k did not go up:" "$(term_screen)"

# c: only the top's children; e: everything, worker_main's light_work included
keys c
term_screen | grep -q "compute" && fail "c did not collapse everything:" "$(term_screen)"
row " \+ main$"
keys e
[ "$(term_screen | grep -c "shared_leaf$")" = 4 ] || fail "e did not expand everything:" "$(term_screen)"
[ "$(term_screen | grep -c -- "- light_work$")" = 2 ] || fail "e did not open both light_work:" "$(term_screen)"
tui_quit
exit 0
