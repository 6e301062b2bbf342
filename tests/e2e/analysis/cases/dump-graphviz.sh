# SPDX-License-Identifier: MIT
# dump --graphviz: dot accepts it; edges carry the call counts ("1 call", "3 calls") and are as
# thick as their time; nodes are filled and sized by self time; --max-nodes keeps the heaviest.
. "$E2E/analysis/lib.sh"
command -v dot >/dev/null || skip "graphviz (dot) is not installed"
analysed_trace
run_ok out.dot "$FTRACE" dump -d "$T/d" --graphviz
dot -Tsvg out.dot >out.svg 2>dot.err || fail "dot rejected the graph:" "$(cat dot.err)"
[ -s dot.err ] && fail "dot warned:" "$(cat dot.err)"
grep -q '"main" -> "middle" \[label="3 calls\\n[0-9.]* [mun]*s", calls=3, ' out.dot || fail "main -> middle x3:" "$(cat out.dot)"
grep -q '"middle" -> "leaf" \[label="8 calls\\n' out.dot || fail "middle -> leaf x8:" "$(cat out.dot)"
grep -q '"worker" -> "middle" \[label="1 call\\n' out.dot || fail "worker -> middle: '1 call':" "$(cat out.dot)"
grep -q '"fib" -> "fib" \[label="8 calls", ' out.dot || fail "recursive edge: calls only:" "$(cat out.dot)"
grep -q '"main" \[label="main\\nself [0-9.]* [mun]*s ([0-9.]*%)\\ntotal [0-9.]* [mun]*s, 1 call", style=filled, fillcolor="#e31a1c", fontsize=24\]' out.dot ||
	fail "main (most self time): red, largest:" "$(cat out.dot)"
grep -q '"leaf" \[.*8 calls", style=filled, fillcolor="#ff[0-9a-f]*", fontsize=1[0-9]\]' out.dot ||
	fail "leaf: pale, small:" "$(cat out.dot)"
# the heaviest edge (main -> middle or main -> fib) is the thickest
python3 - out.dot <<'PY' || fail "edge widths do not follow time"
import re, sys
w = {(a, b): float(p) for a, b, p in re.findall(r'"(\w+)" -> "(\w+)" \[.*penwidth=([0-9.]+)', open(sys.argv[1]).read())}
assert max(w.values()) == 6.0 and w[("fib", "fib")] == 1.0, w
PY
run_ok cut.dot "$FTRACE" dump -d "$T/d" --graphviz --max-nodes 2
dot -Tsvg cut.dot >/dev/null 2>dot.err || fail "dot rejected the cut graph:" "$(cat dot.err)"
[ "$(grep -c '\[label="[a-z]*\\nself' cut.dot)" -eq 2 ] || fail "--max-nodes 2: not 2 nodes:" "$(cat cut.dot)"
grep -q '^	"main" \[' cut.dot || fail "--max-nodes 2 dropped main:" "$(cat cut.dot)"
grep -q 'label="2 of 5 functions (--max-nodes)' cut.dot || fail "the cut is not said:" "$(cat cut.dot)"
grep -q '"leaf"' cut.dot && fail "--max-nodes 2 kept leaf:" "$(cat cut.dot)"
expect_error "invalid node count .0." "$FTRACE" dump -d "$T/d" --graphviz --max-nodes 0
exit 0
