# SPDX-License-Identifier: MIT
# -T finish: no new call is recorded after fib starts; open calls still close.
. "$E2E/filter/lib.sh"
filter_case trigger-finish -T fib@finish
exit 0
