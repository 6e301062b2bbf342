# SPDX-License-Identifier: MIT
# -T emit@trace with -t 1ms: emit is shown whatever its duration (with its callers), the rest is
# judged by -t; uftrace's hyphenated and short spellings of trace_on/trace_off are the same actions.
. "$E2E/filter/lib.sh"
filter_case trigger-trace -t 1ms -T emit@trace
filter_case trigger-on-off --disable -T compile@trace-on -T fib@traceoff
exit 0
