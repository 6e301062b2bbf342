# SPDX-License-Identifier: MIT
# dump --html with context switches: the data carries each tree row's off-CPU time ("O") and each
# function's off-CPU and self off-CPU time ("P"), equal to what report gives; in headless Chromium the
# tree has an Off-CPU column (sleeper's shows its sleep, the thread's row its functions' sum) and the
# flat profile Off-CPU and Self off columns that sort. With --no-event the page has none of them.
. "$E2E/sched/lib.sh"
. "$SRCDIR/tests/browser/lib.sh"
prog sched-offcpu
sched_record d "$PROG"
run_ok report.csv "$FTRACE" report -d d -f total,offcpu,offcpu-self,calls --format=csv
run_ok page.html "$FTRACE" dump -d d --html
run_ok plain.html "$FTRACE" dump -d d --html --no-event
python3 - page.html plain.html report.csv <<'PY' || fail "the page's off-CPU data is not report's:" "$(cat report.csv)"
import csv, json, re, sys
def data(f):
    return json.loads(re.search(r'<script id="ftrace-data" type="application/json">(.*?)</script>', open(f).read(), re.S).group(1))
D, plain = data(sys.argv[1]), data(sys.argv[2])
rep = {r["function"]: r for r in csv.DictReader(open(sys.argv[3]))}
names = [f[0] if f else None for f in D["F"]]
N, O = D["N"], D["O"]
assert D["I"]["offcpu"] is True and len(O) == len(N) // 6, (len(O), len(N))
rows = {}
for i in range(1, len(N) // 6):
    k = N[6 * i + 1]
    if k >= 0:
        rows.setdefault(names[k], []).append(O[i])
for f in ("sleeper", "waiter", "spinner", "main"):
    assert rows[f] == [int(rep[f]["offcpu_ns"])], (f, rows[f], rep[f])
assert int(rep["sleeper"]["offcpu_ns"]) >= 30000000
threads = [O[i] for i in range(1, len(N) // 6) if N[6 * i + 1] <= -2]
assert threads[0] >= rows["main"][0] and O[0] == sum(threads), (O[0], threads)
R, P = D["R"], D["P"]
assert len(P) == 2 * len(R) // 5
for j in range(len(R) // 5):
    f = names[R[5 * j]]
    assert [P[2 * j], P[2 * j + 1]] == [int(rep[f]["offcpu_ns"]), int(rep[f]["offcpu_self_ns"])], f
assert plain["I"]["offcpu"] is False and "O" not in plain and "P" not in plain
PY
sleep_ns=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "offcpu_ns") c = i; for (i = 1; i <= NF; i++) if ($i == "function") f = i }
	NR > 1 && $f == "sleeper" { print $c }' report.csv)
cat >check.js <<'JS'
const {open, check} = require('lib');
const ns = (s) => { const m = /^([\d.]+) (ns|us|ms|s)$/.exec(s); return m ? parseFloat(m[1]) * {ns: 1, us: 1e3, ms: 1e6, s: 1e9}[m[2]] : NaN; };
(async () => {
	const [file, plainFile, sleepNs] = process.argv.slice(2);
	let {browser, page, problems} = await open(file);
	const head = await page.$$eval('#treepane .cols span', (ss) => ss.filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.textContent));
	check(head.join('|') === 'Function (calling context)|Calls|Total|Self|Off-CPU|% parent|Source', 'tree columns:', head.join('|'));
	await page.evaluate(() => window.ftrace.expandAll());
	const rows = await page.$$eval('#treeinner .row', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
	const sleeper = rows.find((r) => r[0].endsWith('sleeper'));
	check(sleeper && sleeper.length === 7 && Math.abs(ns(sleeper[4]) - +sleepNs) < 1000, 'sleeper off-CPU in the tree:', JSON.stringify(sleeper), sleepNs);
	const spinner = rows.find((r) => r[0].endsWith('spinner'));
	check(spinner && ns(spinner[4]) <= ns(spinner[2]), 'spinner off-CPU beyond its total:', JSON.stringify(spinner));
	await page.click('nav button[data-pane="profilepane"]');
	const ths = await page.$$eval('#profile th', (ts) => ts.map((t) => t.textContent));
	check(ths.join('|') === 'Total|Self|Off-CPU|Self off|Calls|Avg total|Function|Source|Call paths', 'profile columns:', ths.join('|'));
	await page.click('#profile th:nth-child(3)'); /* by off-CPU, heaviest first */
	const prof = await page.$$eval('#profile tbody tr', (trs) => trs.map((t) => [...t.children].map((c) => c.textContent)));
	check(prof[0][6] === 'main' && ns(prof[0][2]) >= ns(prof[1][2]), 'sorted by off-CPU:', JSON.stringify(prof.slice(0, 3)));
	const ps = prof.find((r) => r[6] === 'sleeper');
	check(Math.abs(ns(ps[2]) - +sleepNs) < 1000 && ns(ps[3]) === 0, 'sleeper in the profile (its sleep is its callee\'s own):', JSON.stringify(ps));
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
	({browser, page, problems} = await open(plainFile));
	const plainHead = await page.$$eval('#treepane .cols span', (ss) => ss.filter((s) => getComputedStyle(s).display !== 'none').length);
	check(plainHead === 6, '--no-event page has an Off-CPU column');
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
JS
browser_node check.js "$T/page.html" "$T/plain.html" "$sleep_ns"
exit 0
