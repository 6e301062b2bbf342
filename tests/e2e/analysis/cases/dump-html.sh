# SPDX-License-Identifier: MIT
# dump --html in headless Chromium, on analysed.c (main 1, middle 3+1, leaf 6+2, fib 1+2+4+2 by depth, worker 1 in a
# second thread): no console or page error, no request leaves file://; the tree has a root per thread,
# the right counts and source lines per path; search (substring and regex) finds the functions of both
# threads with their counts; the flat profile sorts and selects in the tree; keyboard walks the tree;
# the flame graph and the timeline draw. -o FILE writes the same page as stdout; a page filtered to
# nothing says so.
. "$E2E/analysis/lib.sh"
. "$SRCDIR/tests/browser/lib.sh"
analysed_trace
run_ok page.html "$FTRACE" dump -d "$T/d" --html
run_ok /dev/null "$FTRACE" dump -d "$T/d" --html -o "$T/page2.html"
cmp -s page.html page2.html || fail "dump --html -o FILE differs from dump --html > FILE"
# bad input: one line naming the problem, a non-zero exit, no file left behind
"$FTRACE" dump -d "$T/nothing" --html -o "$T/bad.html" 2>bad.err && fail "dump --html of a missing directory exited 0"
[ "$(wc -l <bad.err)" -eq 1 ] && grep -q "^ftrace: .*'$T/nothing'" bad.err || fail "unexpected error:" "$(cat bad.err)"
[ -e "$T/bad.html" ] && fail "a failed dump -o left $T/bad.html"
"$FTRACE" dump -d "$T/d" --html -o "$T/no/such/dir/p.html" 2>bad.err && fail "dump -o into a missing directory exited 0"
grep -q "^ftrace: cannot open '$T/no/such/dir/p.html': No such file or directory$" bad.err || fail "unexpected error:" "$(cat bad.err)"
grep -Eiq '<(script|link|img|iframe)[^>]+(src|href)=' page.html && fail "the page loads an external resource:" \
	"$(grep -Eio '<(script|link|img|iframe)[^>]+(src|href)=[^>]*' page.html | head -3)"
cat >check.js <<'JS'
const {open, check} = require('lib');
(async () => {
	const {browser, page, problems} = await open(process.argv[2]);
	const rows = () => page.$$eval('#treeinner .row', (rs) => rs.map((r) => {
		const c = r.children;
		return {name: c[0].querySelector('.label').textContent, text: c[0].textContent, calls: c[1].textContent,
			src: c[5].textContent, depth: parseInt(c[0].style.paddingLeft) / 14, sel: r.classList.contains('sel'),
			hit: r.classList.contains('hit')};
	}));
	const path = (rs, i) => { const p = [rs[i].name]; for (let d = rs[i].depth, k = i; k-- > 0;) if (rs[k].depth < d) { p.unshift(rs[k].name); d = rs[k].depth; } return p.join('>'); };

	// the tree: opened along the heaviest path at first, then everything
	let rs = await rows();
	check(rs.length >= 4 && rs[0].name.match(/^pid \d+ analysed/) && rs[1].name === 'main', 'first rows', JSON.stringify(rs.slice(0, 4)));
	await page.evaluate(() => window.ftrace.expandAll());
	rs = await rows();
	const got = {};
	rs.forEach((r, i) => { got[path(rs, i).replace(/^pid \d+ analysed/, 'T1').replace(/^tid \d+ of pid \d+ analysed/, 'T2')] = r.calls + ' ' + r.src; });
	const want = {'T1>main': '1 analysed.c:34', 'T1>main>middle': '3 analysed.c:12', 'T1>main>middle>leaf': '6 analysed.c:7',
		'T1>main>fib': '1 analysed.c:19', 'T1>main>fib>fib': '2 analysed.c:19',
		'T1>main>fib>fib>fib': '4 analysed.c:19', 'T1>main>fib>fib>fib>fib': '2 analysed.c:19', 'T2>worker': '1 analysed.c:27',
		'T2>worker>middle': '1 analysed.c:12', 'T2>worker>middle>leaf': '2 analysed.c:7'};
	for (const k in want) check(got[k] === want[k], 'tree row', k, 'is', got[k], 'not', want[k]);
	check(Object.keys(got).length === 12, 'tree rows', JSON.stringify(got));
	check(rs.some((r) => r.name === 'fib' && r.text.includes('(recursive)')), 'nested fib not marked recursive');

	// search: a substring, then a regex; each call site with its path and counts
	await page.focus('#tree');
	await page.keyboard.press('/');
	check(await page.evaluate(() => document.activeElement.id) === 'search', '/ does not focus the search box');
	await page.keyboard.type('work');
	await page.waitForFunction(() => document.querySelector('#results.on'), {timeout: 5000});
	let res = await page.$eval('#results', (e) => e.innerText);
	check(/worker — 1 call, total/.test(res), 'search "work": no worker with its count:', res);
	check(/1 call, .* — tid \d+ of pid \d+ analysed › worker/.test(res), 'search "work": no call site path:', res);
	await page.click('#search', {clickCount: 3});
	await page.keyboard.type('^le.f$');
	await page.keyboard.press('Enter');
	res = await page.$eval('#results', (e) => e.innerText);
	check(/leaf — 8 calls/.test(res) && (res.match(/› leaf/g) || []).length === 2 && !/middle —/.test(res), 'regex search:', res);
	rs = await rows();
	check(rs.filter((r) => r.hit).length === 2 && rs.find((r) => r.sel).name === 'leaf', 'hits and selection in the tree', JSON.stringify(rs));
	const selPath = (rs) => path(rs, rs.findIndex((r) => r.sel));
	const firstHit = selPath(rs);
	await page.keyboard.press('n');
	rs = await rows();
	check(selPath(rs) !== firstHit && selPath(rs).endsWith('leaf'), 'n does not go to the next hit:', firstHit, selPath(rs));
	await page.keyboard.press('N');
	check(selPath(await rows()) === firstHit, 'N does not come back to the first hit');

	// keyboard: Home, Down, Left closes, Right opens
	await page.focus('#tree');
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowDown');
	rs = await rows();
	check(rs.find((r) => r.sel).name === 'main', 'Down from the first row:', JSON.stringify(rs.find((r) => r.sel)));
	const before = rs.length;
	await page.keyboard.press('ArrowLeft');
	check((await rows()).length < before, 'Left does not close main');
	await page.keyboard.press('Enter');
	check((await rows()).length === before, 'Enter does not open main again');

	// flat profile: sort by calls, click a function: its call sites in the tree
	await page.click('nav button[data-pane="profilepane"]');
	const prof = () => page.$$eval('#profile tbody tr', (trs) => trs.map((t) => [...t.children].map((c) => c.textContent)));
	let pr = await prof();
	const calls = {};
	pr.forEach((r) => { calls[r[4]] = r[2]; });
	check(JSON.stringify(calls) === JSON.stringify(Object.assign({}, calls, {main: '1', middle: '4', leaf: '8', fib: '9', worker: '1'})), 'profile calls', JSON.stringify(calls));
	await page.click('#profile th:nth-child(3)');
	pr = await prof();
	check(pr[0][4] === 'fib' && pr[1][4] === 'leaf', 'sorted by calls:', JSON.stringify(pr));
	await page.evaluate(() => [...document.querySelectorAll('#profile td.fn a')].find((a) => a.textContent === 'middle').click());
	check(await page.$eval('#treepane', (e) => e.classList.contains('on')), 'clicking a function does not show the tree');
	rs = await rows();
	check(rs.filter((r) => r.hit && r.name === 'middle').length === 2, 'both call sites of middle marked', JSON.stringify(rs));

	// flame graph: frames drawn, pixels painted, click zooms
	await page.click('nav button[data-pane="flamepane"]');
	const frames = await page.evaluate(() => window.ftrace.flameFrames());
	// the whole run, the main thread and main are always wide enough to draw; how wide the rest is
	// depends on how long main waited for the worker
	check(frames >= 3, 'flame frames drawn:', frames);
	const painted = await page.evaluate(() => { const c = document.getElementById('flame'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let k = 0; for (let i = 3; i < d.length; i += 4) k += d[i] > 0; return k; });
	check(painted > 1000, 'flame canvas is blank');
	const box = await page.$eval('#flame', (c) => { const r = c.getBoundingClientRect(); return {x: r.left, y: r.bottom}; });
	await page.mouse.move(box.x + 20, box.y - 17 - 8);
	check(/^pid \d+ analysed/.test(await page.$eval('#flamedetails', (e) => e.textContent)), 'hover details', await page.$eval('#flamedetails', (e) => e.textContent));
	await page.mouse.click(box.x + 20, box.y - 17 * 2 - 8);
	check(/zoomed on .*main/.test(await page.$eval('#flamezoom', (e) => e.textContent)), 'click does not zoom on main');

	// timeline: two threads, their calls drawn
	await page.click('nav button[data-pane="timepane"]');
	const segs = await page.$eval('#timewrap', (e) => +e.dataset.segments);
	check(segs >= 4, 'timeline segments:', segs);
	if (process.argv[3]) {
		await page.click('nav button[data-pane="treepane"]');
		await page.screenshot({path: process.argv[3]});
	}
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
JS
grep -q '"offcpu":false' page.html || fail "a trace without context switches has off-CPU columns"
browser_node check.js "$T/page.html"
# a filtered page says so; an empty one says there is nothing, without an error
"$FTRACE" dump -d "$T/d" --html -F nosuchfunc >empty.html 2>empty.err || fail "dump --html -F nosuchfunc failed:" "$(cat empty.err)"
[ "$(grep -vc "pattern 'nosuchfunc' matched no function" empty.err)" = 0 ] || fail "dump --html -F nosuchfunc: unexpected stderr:" "$(cat empty.err)"
cat >empty.js <<'JS'
const {open, check} = require('lib');
(async () => {
	const {browser, page, problems} = await open(process.argv[2]);
	check(/shown with -F nosuchfunc/.test(await page.$eval('#summary', (e) => e.textContent)), 'the filter is not stated');
	check(await page.$eval('#treeinner', (e) => e.textContent) === 'No call in this trace with -F nosuchfunc.', 'empty tree message');
	await page.focus('#tree');
	await page.keyboard.press('ArrowDown');
	await page.click('nav button[data-pane="flamepane"]');
	await page.click('nav button[data-pane="profilepane"]');
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
JS
browser_node empty.js "$T/empty.html"
