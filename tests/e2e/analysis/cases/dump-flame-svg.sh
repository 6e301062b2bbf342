# SPDX-License-Identifier: MIT
# dump --flame-svg: well-formed SVG with a frame per path; headless Chromium runs its script and zooms
# on a frame (the #zoom=NAME hook): the zoomed frame spans the whole width and "Reset zoom" shows.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out.svg "$FTRACE" dump -d "$T/d" --flame-svg
python3 - out.svg <<'PY' || fail "SVG check failed"
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
frames = root.findall(".//s:g[@class='f']", ns)
names = sorted(g.get("data-n") for g in frames)
assert names.count("leaf") == 2 and names.count("middle") == 2 and "main" in names and "worker" in names, names
for g in frames:
    assert g.find("s:title", ns) is not None and g.find("s:rect", ns) is not None
assert root.find(".//s:script", ns) is not None
PY
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || skip "chromium is not installed"
svg_zoom_check "$T/out.svg" "$browser"
# the root frame spans the run; search highlights the matches and counts nested ones once:
# middle|leaf covers exactly what the middle frames cover
python3 - out.svg <<'PY' || fail "no root frame"
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
r = root.find(".//s:g[@id='root']", ns)
assert r is not None and r.get("data-n") == "all" and r.get("data-w") == "1", r
assert root.find(".//s:text[@id='search']", ns).text == "Search"
PY
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" --dump-dom \
	"file://$T/out.svg#search=^(middle|leaf)\$" >search.html 2>chrome.err || fail "chromium failed:" "$(tail -5 chrome.err)"
python3 - search.html out.svg <<'PY' || fail "search did not work in the browser:" "$(head -c 3000 search.html)"
import re, sys
dom, svg = open(sys.argv[1]).read(), open(sys.argv[2]).read()
want = sum(float(w) for w in re.findall(r'data-w="([0-9.]+)" data-n="middle"', svg))
got = float(re.search(r'id="matched"[^>]*>Matched: ([0-9.]+)%<', dom).group(1))
assert abs(got - 100 * want) < 0.006, (got, 100 * want)
for g in re.findall(r'<g class="f"[^>]*data-n="(\w+)"[^>]*>.*?<rect[^>]*fill="([^"]*)"', dom, re.S):
    assert (g[1] == "rgb(230,0,230)") == (g[0] in ("middle", "leaf")), g
assert re.search(r'id="search"[^>]*>Reset search<', dom), "no Reset search"
PY
exit 0
