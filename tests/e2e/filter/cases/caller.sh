# SPDX-License-Identifier: MIT
# -C lex: lex and the calls that lead to it; at record time the others are taken back at their exit.
. "$E2E/filter/lib.sh"
filter_case caller -C lex
exit 0
