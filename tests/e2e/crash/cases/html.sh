# SPDX-License-Identifier: MIT
# dump --html shows crashes and flight rings: a segfault three calls deep in one of two threads is stated
# at the top of the page (as info says it) and marked "CRASH SIGSEGV" on the frame it stopped, whose path
# is open when the page loads; a --flight ring that overwrote older calls is stated at the top too.
. "$E2E/crash/lib.sh"
. "$SRCDIR/tests/browser/lib.sh"
mode=$(crash_modes | head -n 1)
[ -n "$mode" ] || skip "no crash mode selected in FTRACE_MODES"
browser_setup
crash_build "$CRASH_DIR/programs/threads.c" "$mode"
crash_record "$T/d" "$BIN"
[ "$RC" -eq 139 ] || fail "ftrace record exited $RC, expected 139:" "$(cat "$T/err")"
"$FTRACE" dump -d "$T/d" --html -o crash.html 2>dump.err || fail "dump --html failed:" "$(cat dump.err)"
crash_build "$CRASH_DIR/programs/flight.c" "$mode" -O2
"$FTRACE" record --flight=256k -d "$T/f" "$BIN" >/dev/null 2>"$T/err"
"$FTRACE" dump -d "$T/f" --html -o flight.html 2>dump.err || fail "dump --html failed:" "$(cat dump.err)"
cat >check.js <<'JS'
const {open, check} = require('lib');
const rows = (page) => page.$$eval('#treeinner .row', (rs) => rs.map((r) => ({
	name: r.children[0].querySelector('.label').textContent, text: r.children[0].textContent,
	depth: parseInt(r.children[0].style.paddingLeft) / 14})));
(async () => {
	let {browser, page, problems} = await open(process.argv[2]);
	let warn = await page.$eval('#warnings', (e) => e.innerText);
	check(/^crash: pid \d+ tid \d+ killed by SIGSEGV \(address 0x4\) in crash <- work <- main/.test(warn), 'crash warning:', warn);
	const rs = await rows(page);
	const at = rs.findIndex((r) => r.name === 'crash'), path = [];
	for (let k = at, d = 99; k >= 0; k--) if (rs[k].depth < d) { path.unshift(rs[k].name); d = rs[k].depth; }
	check(at > 0 && /CRASH SIGSEGV/.test(rs[at].text) && /^pid \d+ threads[^>]*>main>work>crash$/.test(path.join('>')),
		'the crash frame is not shown marked under main > work:', path.join('>'), JSON.stringify(rs));
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
	({browser, page, problems} = await open(process.argv[3]));
	warn = await page.$eval('#warnings', (e) => e.innerText);
	check(/flight recorder: 1 thread\(s\) start after older calls were overwritten/.test(warn), 'flight warning:', warn);
	check(/killed by SIGSEGV/.test(warn), 'flight crash warning:', warn);
	check((await rows(page)).some((r) => /CRASH SIGSEGV/.test(r.text)), 'no crash mark in the flight ring page');
	check(problems.length === 0, 'problems:', problems.join('\n'));
	await browser.close();
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
JS
browser_node check.js "$T/crash.html" "$T/flight.html"
