# SPDX-License-Identifier: MIT
# / searches every node of the tree, folded or not, opens the path to the match and selects it;
# n and N go to the next and previous ones (wrapping around); a search that finds nothing says so.
. "$E2E/tui/lib.sh"
tui_trace d
tui_start "-d d"
keys / l e x Enter
selected_is "lex_token$" || fail "/lex did not select lex_token:" "$(term_screen)"
row "lex: match 1 of 1"
row " - parse_input$"

# shared_leaf is at four places: first under lex_token, then heavy_work, light_work twice
keys / s h a r e d _ l e a f Enter
row "shared_leaf: match 1 of 4"
keys n
row "shared_leaf: match 2 of 4"
keys n n
row "shared_leaf: match 4 of 4"
row " - worker_main$"
keys n
row "shared_leaf: match 1 of 4"
keys N
row "shared_leaf: match 4 of 4"
selected_is "shared_leaf$" || fail "N did not select shared_leaf:" "$(term_screen)"
# upper case: exact case
keys / L E X Enter
row "LEX: not found"
keys q
term_wait 10 || fail "q did not quit after a search:" "$(term_screen)"
exit 0
