# SPDX-License-Identifier: MIT
# -N: parse and what it calls are gone; compile keeps its other children.
. "$E2E/filter/lib.sh"
filter_case not-these -N parse
exit 0
