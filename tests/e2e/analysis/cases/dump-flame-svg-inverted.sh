# SPDX-License-Identifier: MIT
# dump --flame-svg=inverted: an icicle graph, the same frames as the flame graph with the root at
# the top and each call hanging below its caller; in headless Chromium zoom and search work as in
# the upright graph.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok up.svg "$FTRACE" dump -d "$T/d" --flame-svg
run_ok down.svg "$FTRACE" dump -d "$T/d" --flame-svg=inverted
expect_error "invalid --flame-svg 'upside'" "$FTRACE" dump -d "$T/d" --flame-svg=upside
python3 - up.svg down.svg <<'PY' || fail "the icicle graph is not the flame graph upside down"
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
def frames(path):
    root = ET.parse(path).getroot()
    out = []
    for g in root.findall(".//s:g[@class='f']", ns):
        r = g.find("s:rect", ns)
        out.append((g.get("data-n"), float(g.get("data-x")), float(g.get("data-w")), float(r.get("y"))))
    return root, out
up_root, up = frames(sys.argv[1])
down_root, down = frames(sys.argv[2])
assert sorted(f[:3] for f in up) == sorted(f[:3] for f in down), "not the same frames"
assert "Icicle graph" in "".join(down_root.itertext()), "no Icicle title"
# each frame's caller is the frame one row above (icicle) or below (flame) that spans it
def check(fr, step):
    root = [f for f in fr if f[0] == "all"][0]
    assert root[3] == (min if step > 0 else max)(f[3] for f in fr), "root not at the end it should be"
    for f in fr:
        if f is root:
            continue
        assert any(p[3] == f[3] - step and p[1] <= f[1] + 1e-9 and f[1] + f[2] <= p[1] + p[2] + 1e-9
                   for p in fr), ("no caller spans", f)
check(down, 16)
check(up, -16)
PY
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || skip "chromium is not installed"
svg_zoom_check "$T/down.svg" "$browser"
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" --dump-dom \
	"file://$T/down.svg#search=^(middle|leaf)\$" >search.html 2>chrome.err || fail "chromium failed:" "$(tail -5 chrome.err)"
python3 - search.html down.svg <<'PY' || fail "search did not work in the browser:" "$(head -c 3000 search.html)"
import re, sys
dom, svg = open(sys.argv[1]).read(), open(sys.argv[2]).read()
want = sum(float(w) for w in re.findall(r'data-w="([0-9.]+)" data-n="middle"', svg))
got = float(re.search(r'id="matched"[^>]*>Matched: ([0-9.]+)%<', dom).group(1))
assert abs(got - 100 * want) < 0.006, (got, 100 * want)
for g in re.findall(r'<g class="f"[^>]*data-n="(\w+)"[^>]*>.*?<rect[^>]*fill="([^"]*)"', dom, re.S):
    assert (g[1] == "rgb(230,0,230)") == (g[0] in ("middle", "leaf")), g
PY
exit 0
