# SPDX-License-Identifier: MIT
# dump --chrome: valid JSON; B/E pairs and X events nest per thread; process and thread names; every call.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out.json "$FTRACE" dump -d "$T/d" --chrome
python3 - out.json <<'PY' || fail "chrome trace check failed"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
meta = [e for e in ev if e["ph"] == "M"]
assert {e["name"] for e in meta} == {"process_name", "thread_name"}, meta
assert len({e["tid"] for e in meta if e["name"] == "thread_name"}) == 2, meta
# the process and its main thread are named for the program (from the task log)
procs = [e for e in meta if e["name"] == "process_name"]
assert len(procs) == 1 and procs[0]["args"]["name"] == "[%d] analysed" % procs[0]["pid"], procs
mains = [e for e in meta if e["name"] == "thread_name" and e["tid"] == e["pid"]]
assert len(mains) == 1 and mains[0]["args"]["name"] == "[%d] analysed" % mains[0]["pid"], mains
stacks, last, calls = {}, {}, {}
for e in ev:
    if e["ph"] == "M":
        continue
    tid, ts = e["tid"], e["ts"]
    assert isinstance(ts, (int, float))
    assert ts >= last.get(tid, 0), ("time goes back", e)
    last[tid] = ts
    st = stacks.setdefault(tid, [])
    if e["ph"] == "B":
        st.append(e)
    elif e["ph"] == "E":
        assert st and st[-1]["name"] == e["name"], ("E does not close the innermost B", e)
        st.pop()
    elif e["ph"] == "X":
        # an X event lies inside the innermost open B
        if st:
            assert st[-1]["ts"] <= ts
        last[tid] = ts + e["dur"]
    if e["ph"] in "BX":
        calls[e["name"]] = calls.get(e["name"], 0) + 1
assert all(not s for s in stacks.values()), stacks
assert calls == {"main": 1, "middle": 4, "leaf": 8, "fib": 9, "worker": 1}, calls
PY
