# SPDX-License-Identifier: MIT
# A program built without instrumentation gets one line that says so and how to rebuild, not an empty trace.
cc -O2 -I"$E2E/programs" -o plain "$E2E/programs/replay-nested.c" || fail "cannot build the plain program"
expect_error "'[^']*plain' is not instrumented.*-pg" "$FTRACE" record -d data ./plain
[ -e data/info ] && fail "a trace was written for an uninstrumented program: $(ls data)"
exit 0
