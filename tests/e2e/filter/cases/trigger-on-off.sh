# SPDX-License-Identifier: MIT
# --disable with trace_on and trace_off triggers.
. "$E2E/filter/lib.sh"
filter_case trigger-on-off --disable -T compile@trace_on -T fib@trace_off
exit 0
