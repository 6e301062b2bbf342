# SPDX-License-Identifier: MIT
# -T depth=N: a depth limit below one function only.
. "$E2E/filter/lib.sh"
filter_case trigger-depth -T parse@depth=1 -T fib@depth=2
exit 0
