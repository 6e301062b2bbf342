# SPDX-License-Identifier: MIT
# -D 2: calls deeper than two levels are cut; compile and fib become leaves.
. "$E2E/filter/lib.sh"
filter_case depth -D 2
exit 0
