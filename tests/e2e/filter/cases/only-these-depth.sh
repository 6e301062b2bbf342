# SPDX-License-Identifier: MIT
# -F with -D: the depth counts from the -F function.
. "$E2E/filter/lib.sh"
filter_case only-these-depth -F compile -D 2
exit 0
