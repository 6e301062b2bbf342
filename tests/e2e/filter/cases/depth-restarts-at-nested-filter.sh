# SPDX-License-Identifier: MIT
# -D with several -F: the depth counts again from each nested -F match (lex inside parse inside
# compile), as in uftrace, instead of cutting it with parse.
. "$E2E/filter/lib.sh"
filter_case depth-restarts-at-nested-filter -D 1 -F '^(compile|lex)$'
exit 0
