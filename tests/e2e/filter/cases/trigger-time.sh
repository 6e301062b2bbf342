# SPDX-License-Identifier: MIT
# -t 1ms with parse@time=0: parse's subtree keeps its short calls, the rest is judged by -t.
. "$E2E/filter/lib.sh"
filter_case trigger-time -t 1ms -T parse@time=0
exit 0
