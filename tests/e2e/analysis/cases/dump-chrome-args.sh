# SPDX-License-Identifier: MIT
# dump --chrome and --perfetto with record -A/-R: each fib call's argument on its begin (B, X) and
# its return value on its end (E, X), the right value for the right call (fib(n) returns fib(n)).
. "$E2E/analysis/lib.sh"
command -v protoc >/dev/null || skip "protoc is not installed (Debian protobuf-compiler)"
analysed_trace
"$FTRACE" record --no-libcall -A 'fib@arg1' -R 'fib@retval' -d "$T/a" "$T/analysed" >/dev/null 2>"$T/record.err" ||
	fail "record -A -R failed:" "$(cat "$T/record.err")"
run_ok out.json "$FTRACE" dump -d "$T/a" --chrome
run_ok out.pftrace "$FTRACE" dump -d "$T/a" --perfetto
pftrace_decode out.pftrace out.txt
python3 - out.json out.txt <<'PY' || fail "arguments check failed"
import json, re, sys
fibs = lambda n: n if n < 2 else fibs(n - 1) + fibs(n - 2)
expect = [4, 3, 2, 1, 0, 1, 2, 1, 0]

def check(calls, what):
    args = [int(a) for a, _ in calls]
    assert args == expect, (what, "arguments in call order", args)
    for a, r in calls:
        assert int(r) == fibs(int(a)), (what, "fib(%s) returned %s" % (a, r))

# chrome: B/X carry args, E/X retval
calls, stack = [], []
for e in json.load(open(sys.argv[1]))["traceEvents"]:
    if e.get("name") != "fib":
        if e["ph"] in "BX" and "args" in e and ("args" in e["args"] or "retval" in e["args"]):
            raise AssertionError(("arguments on a function not asked for", e))
        continue
    a = e.get("args", {})
    if e["ph"] == "X":
        calls.append([a["args"], a["retval"]])
    elif e["ph"] == "B":
        assert "retval" not in a, e
        calls.append([a["args"], None]); stack.append(calls[-1])
    elif e["ph"] == "E":
        assert "args" not in a, e
        stack.pop()[1] = a["retval"]
check(calls, "chrome")

# perfetto: annotations on the begin and end packets of the main thread's sequence
calls, stack, names, cur = [], [], {}, None
text = open(sys.argv[2]).read()
for pkt in re.split(r"\npacket {", text):
    for iid, name in re.findall(r'iid: (\d+)\n\s*name: "([^"]*)"', pkt):
        names[iid] = name
    m = re.search(r"type: TYPE_SLICE_(BEGIN|END)", pkt)
    if not m:
        continue
    ann = dict((n, v) for v, n in re.findall(r'string_value: "([^"]*)"\n\s*name: "([^"]*)"', pkt))
    if m.group(1) == "BEGIN":
        iid = re.search(r"name_iid: (\d+)", pkt).group(1)
        entry = [ann.get("args"), None, names[iid]]
        stack.append(entry)
        if names[iid] == "fib":
            calls.append(entry)
    else:
        stack.pop()[1] = ann.get("retval")
check([c[:2] for c in calls], "perfetto")
PY
