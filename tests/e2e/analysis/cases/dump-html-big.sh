# SPDX-License-Identifier: MIT
# dump --html on a 3-million-call trace of programs/manypaths.c (two threads, ~560k distinct call paths):
# the page is under 5 MB and ready in under 3 s after navigation in headless Chromium (from the
# navigation's start to the first drawn tree: CPU time of all Chromium's processes, and wall time as the
# page measures it unless the machine's load is over 2 per CPU), cut to the node budget with
# "more" rows, while its flat profile and timeline still count every call (as many as the program made).
. "$E2E/analysis/lib.sh"
. "$SRCDIR/tests/browser/lib.sh"
browser_setup
gcc -O2 -pg -g -I"$E2E/programs" -o manypaths "$ANALYSIS_DIR/programs/manypaths.c" -lpthread 2>build.err ||
	fail "cannot build manypaths.c:" "$(cat build.err)"
"$FTRACE" record --no-libcall -d "$T/d" ./manypaths 1467 >out 2>record.err || fail "record failed:" "$(cat record.err)"
read -r _ calls _ gamma_calls <out
[ "${calls:-0}" -ge 3000000 ] || fail "expected 3M calls, the program says:" "$(cat out)"
run_ok page.html "$FTRACE" dump -d "$T/d" --html
size=$(stat -c %s page.html)
[ "$size" -lt 5000000 ] || fail "page is $size bytes, not under 5 MB"
# the timeline is thinned, yet counts every call: main's depth-1 lane holds its 1467 top and 10269 tick
python3 - page.html "$calls" <<'PY' || fail "timeline or record count check failed"
import json, re, sys
page = open(sys.argv[1]).read()
d = json.loads(re.search(r'<script id="ftrace-data" type="application/json">(.*?)</script>', page, re.S).group(1))
main = [i for i, h in enumerate(d["H"]) if h[1] == h[2]][0]
lane = [l for l in d["T"] if l[0] == main and l[1] == 1][0][2:]
segs = [lane[k:k + 4] for k in range(0, len(lane), 4)]
assert sum(s[3] for s in segs) == 1467 + 10269, sum(s[3] for s in segs)
assert len(segs) < 4096, len(segs)
assert all(a[1] <= b[0] for a, b in zip(segs, segs[1:])), "segments overlap"
assert sum(len(l) - 2 for l in d["T"]) // 4 <= 20000
assert d["I"]["records"] == 2 * int(sys.argv[2]), (d["I"]["records"], sys.argv[2])
PY
cat >check.js <<'JS'
const {open, check, reload} = require('lib');
(async () => {
	const {browser, page, problems, cpuMs} = await open(process.argv[2]);
	const f = await page.evaluate(() => ({ready: window.ftrace.readyMs, rows: window.ftrace.rows, vis: window.ftrace.vis()}));
	const again = await reload(browser, page);
	const load = require('os').loadavg()[0] / require('os').cpus().length;
	const cpu = Math.min(cpuMs, again.cpuMs), ready = Math.min(f.ready, again.readyMs);
	console.log('page ready', Math.round(f.ready), 'then', Math.round(again.readyMs), 'ms after navigation started;', cpuMs, 'then',
		again.cpuMs, 'ms of CPU;', f.rows, 'rows; load', load.toFixed(1), 'per CPU');
	// the better of two loads; CPU time holds on a loaded machine, wall time unless other work takes the CPUs
	check(cpu < 3000, 'opening the page took', cpu, 'ms of CPU, not under 3 s');
	check(ready < 3000 || load > 2, 'page ready after', ready, 'ms, not under 3 s');
	check(f.rows > 20000 && f.rows < 100000, 'rows in the page:', f.rows);
	check(/Page shows [\d,]+ rows of [\d,]+ call paths/.test(await page.$eval('#budget', (e) => e.textContent)), 'no budget note');
	await page.evaluate(() => window.ftrace.expandAll());
	check(await page.evaluate(() => document.querySelectorAll('#treeinner .row.more').length) > 0, 'no "more" row in view after opening all');
	await page.click('nav button[data-pane="profilepane"]');
	const calls = await page.$$eval('#profile tbody tr', (trs) => trs.filter((t) => t.children[4].textContent === 'gamma_').map((t) => t.children[2].textContent));
	check(calls.length === 1 && calls[0].replace(/,/g, '') === process.argv[3], 'gamma_ calls in the profile:', calls, 'the program made', process.argv[3]);
	await page.click('nav button[data-pane="flamepane"]');
	check(await page.evaluate(() => window.ftrace.flameFrames()) > 100, 'flame graph frames');
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
JS
browser_node check.js "$T/page.html" "$gamma_calls"
