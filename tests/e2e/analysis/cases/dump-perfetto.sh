# SPDX-License-Identifier: MIT
# dump --perfetto: decodes with protoc against the schema subset (perfetto.proto); one sequence and
# track per thread, process and thread descriptors, interned names, slices that nest with the same
# names and times as --chrome, every call, in zlib-compressed blocks; at least 4x smaller than --chrome
# on a trace of 68,000 calls.
. "$E2E/analysis/lib.sh"
command -v protoc >/dev/null || skip "protoc is not installed (Debian protobuf-compiler)"
analysed_trace
run_ok out.pftrace "$FTRACE" dump -d "$T/d" --perfetto
run_ok out.json "$FTRACE" dump -d "$T/d" --chrome
pftrace_decode out.pftrace out.txt
cat >"$T/check.py" <<'PY'
import json, re, sys

def parse(lines):
    """protoc's text format into nested dicts of lists"""
    root, stack = {}, []
    cur = root
    for line in lines:
        line = line.strip()
        if line.endswith("{"):
            child = {}
            cur.setdefault(line[:-1].strip(), []).append(child)
            stack.append(cur)
            cur = child
        elif line == "}":
            cur = stack.pop()
        elif line:
            k, v = line.split(":", 1)
            v = v.strip()
            cur.setdefault(k, []).append(json.loads(v) if v.startswith('"') else v)
    return root

def one(d, k, default=None):
    return d[k][0] if k in d else default

packets = parse(open(sys.argv[1]))["packet"]
seqs, procs, threads = {}, {}, {}
for p in packets:
    seq = int(one(p, "trusted_packet_sequence_id"))
    st = seqs.setdefault(seq, {"names": {}, "open": [], "t": None, "track": None, "slices": []})
    if "track_descriptor" in p:
        td = one(p, "track_descriptor")
        if "process" in td:
            pr = one(td, "process")
            procs[td["uuid"][0]] = (pr["pid"][0], one(pr, "process_name"))
        if "thread" in td:
            th = one(td, "thread")
            threads[td["uuid"][0]] = (th["pid"][0], th["tid"][0], one(th, "thread_name"), one(td, "parent_uuid"))
        continue
    if "trace_packet_defaults" in p:
        assert one(p, "sequence_flags") == "1", ("defaults without state cleared", p)
        d = one(p, "trace_packet_defaults")
        assert one(d, "timestamp_clock_id") == "64"
        st["track"] = one(one(d, "track_event_defaults"), "track_uuid")
        clocks = one(p, "clock_snapshot")["clocks"]
        inc = [c for c in clocks if one(c, "clock_id") == "64"][0]
        assert one(inc, "is_incremental") == "true"
        st["t"] = int(one(inc, "timestamp"))
        continue
    assert st["t"] is not None, ("an event before its sequence's clock", p)
    st["t"] += int(one(p, "timestamp"))
    for n in p.get("interned_data", [{}])[0].get("event_names", []):
        st["names"][one(n, "iid")] = one(n, "name")
    ev = one(p, "track_event")
    assert "track_uuid" not in ev, "the track comes from the sequence's defaults"
    kind = one(ev, "type")
    if kind == "TYPE_SLICE_BEGIN":
        name = st["names"][one(ev, "name_iid")]
        st["open"].append(name)
        st["slices"].append((name, st["t"]))
    elif kind == "TYPE_SLICE_END":
        assert st["open"], ("an end without a begin", p)
        st["open"].pop()

assert len(procs) == 1 and list(procs.values())[0][1] == "analysed", procs
assert len(threads) == 2, threads
pid = list(procs.values())[0][0]
assert {t[0] for t in threads.values()} == {pid}, threads
assert all(t[3] == list(procs)[0] for t in threads.values()), "threads hang under their process"
assert sorted(t[2] for t in threads.values()) == ["analysed", "thread"], threads
assert {s["track"] for s in seqs.values()} == set(threads), "one sequence per thread track"
assert all(not s["open"] for s in seqs.values()), "slices left open"
calls = {}
for s in seqs.values():
    for name, _ in s["slices"]:
        calls[name] = calls.get(name, 0) + 1
assert calls == {"main": 1, "middle": 4, "leaf": 8, "fib": 9, "worker": 1}, calls
# the same slices, at the same nanosecond, as --chrome's B and X events
chrome = {}
for e in json.load(open(sys.argv[2]))["traceEvents"]:
    if e["ph"] in "BX":
        chrome.setdefault(str(e["tid"]), []).append((e["name"], round(e["ts"] * 1000)))
ours = {threads[s["track"]][1]: s["slices"] for s in seqs.values()}
assert ours == chrome, (ours, chrome)
PY
python3 "$T/check.py" out.txt out.json || fail "perfetto trace check failed"

# size: a trace of 68,000 calls, two thirds of them leaves (the worst case for the ratio)
cat >"$T/many.c" <<'C'
volatile int sink;
__attribute__((noinline)) void leaf(int i) { sink += i; }
__attribute__((noinline)) void mid(int i) { leaf(i); leaf(i + 1); }
__attribute__((noinline)) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void) { for (int i = 0; i < 20000; i++) mid(i); sink = fib(18); return 0; }
C
gcc -pg -O1 -o "$T/many" "$T/many.c" || fail "cannot build many.c"
"$FTRACE" record -d "$T/m" "$T/many" >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
run_ok many.pftrace "$FTRACE" dump -d "$T/m" --perfetto
run_ok many.json "$FTRACE" dump -d "$T/m" --chrome
pf=$(wc -c <many.pftrace) js=$(wc -c <many.json)
echo "perfetto $pf bytes, chrome $js bytes, ratio $((js * 100 / pf))%"
[ $((pf * 4)) -le "$js" ] || fail "--perfetto is $pf bytes, not 4x smaller than --chrome's $js"
pftrace_decode many.pftrace many.txt
grep -q compressed_packets many.txt && fail "a compressed block was left after inflating"
n=$(grep -c 'type: TYPE_SLICE_BEGIN' many.txt)
[ "$n" -eq "$(grep -c 'type: TYPE_SLICE_END' many.txt)" ] || fail "begins and ends differ"
[ "$n" -ge 68000 ] || fail "only $n slices"
