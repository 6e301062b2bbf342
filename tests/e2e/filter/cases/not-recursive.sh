# SPDX-License-Identifier: MIT
# -N on a recursive function inside -F: the whole recursion is gone.
. "$E2E/filter/lib.sh"
filter_case not-recursive -F main -N fib
exit 0
