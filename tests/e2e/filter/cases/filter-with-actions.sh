# SPDX-License-Identifier: MIT
# uftrace's -F PATTERN@ACTIONS and the filter/notrace/hide trigger actions: -F 'compile@depth=1' is
# -F compile -T compile@depth=1; -T compile@filter,depth=2 is -F compile -D 2.
. "$E2E/filter/lib.sh"
filter_case filter-depth-action -F 'compile@depth=1'
filter_case filter-depth-action -T 'compile@filter,depth=1'
filter_case only-these-depth -T 'compile@filter,depth=2'
filter_case not-these -T 'parse@notrace'
filter_case hide -T 'parse@hide'
exit 0
