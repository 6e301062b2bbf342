# SPDX-License-Identifier: MIT
# -F twice and -H: the union of -F, minus the hidden one.
. "$E2E/filter/lib.sh"
filter_case several -F parse -F 'fib' -H lex
exit 0
