# SPDX-License-Identifier: MIT
# -N parse then -F parse: the later option wins (parse is shown), as in uftrace; -F then -N hides it.
. "$E2E/filter/lib.sh"
filter_case only-these -N parse -F parse
filter_case later-notrace-wins -F '^(parse|emit)$' -N parse
exit 0
