# SPDX-License-Identifier: MIT
# graph: the calling-context tree of the whole run, children merged per path, in uftrace's layout.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" graph -d "$T/d"
times_out <out >out.norm
diff -u "$ANALYSIS_DIR/expected/graph-tree.out" out.norm >diff || fail "$(cat diff)"
