# SPDX-License-Identifier: MIT
# dump --graphviz: dot accepts it; edges carry the call counts.
. "$E2E/analysis/lib.sh"
command -v dot >/dev/null || skip "graphviz (dot) is not installed"
analysed_trace
run_ok out.dot "$FTRACE" dump -d "$T/d" --graphviz
dot -Tsvg out.dot >out.svg 2>dot.err || fail "dot rejected the graph:" "$(cat dot.err)"
grep -q '"main" -> "middle" \[label="3"\]' out.dot || fail "main -> middle x3:" "$(cat out.dot)"
grep -q '"middle" -> "leaf" \[label="8"\]' out.dot || fail "middle -> leaf x8:" "$(cat out.dot)"
grep -q '"worker" -> "middle" \[label="1"\]' out.dot || fail "worker -> middle x1:" "$(cat out.dot)"
