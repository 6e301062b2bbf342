# SPDX-License-Identifier: MIT
# A name wider than its row is cut at the screen's edge with a '>' (the row never wraps); when that
# row is selected, the status line shows the name's end, which the row hides; on a row that fits,
# the status line keeps the view's keys. In the tree and in the report.
. "$E2E/tui/lib.sh"
name=parse_the_configuration_file_and_build_the_table_of_every_known_option_then_check_each_value_against_its_range_end
cc -pg -O1 -o longname "$E2E/tui/programs/longname.c" 2>build.err || fail "cannot build longname.c:" "$(cat build.err)"
"$FTRACE" record --no-libcall -d d ./longname >/dev/null 2>record.err || fail "cannot record longname:" "$(cat record.err)"
tui_start "-d d"
row " - main$"
row " parse_the_configuration_file.*>$"
term_screen >tree.txt
awk 'length > 80 { exit 1 }' tree.txt || fail "a line longer than 80 columns:" "$(cat tree.txt)"
tail -n 1 tree.txt | grep -q "q quit" || fail "the status line is not the keys on a row that fits:" "$(cat tree.txt)"
keys j j
selected_is "parse_the_configuration.*>$" || fail "j j is not on the long name:" "$(term_screen)"
# the status line: '<' and the last 78 characters of the name
row "^<${name: -78}$"
keys k
tail -n 1 <(term_screen) | grep -q "q quit" || fail "the status line did not go back to the keys:" "$(term_screen)"
keys R
row " parse_the_configuration_file.*>$"
keys j
selected_is "parse_the_configuration.*>$" || fail "the report's second row is not the long name:" "$(term_screen)"
row "^<${name: -78}$"
keys G
tui_quit
exit 0
