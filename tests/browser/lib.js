// SPDX-License-Identifier: MIT
// Opens a dump --html page in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) and
// records what must never happen: console errors, page errors, a request that leaves file://.
'use strict';
const puppeteer = require('puppeteer-core');

// CPU seconds all of Chromium's processes have used so far (processes that ended are not counted)
async function cpuSeconds(browser) {
	const cdp = await browser.target().createCDPSession();
	const info = (await cdp.send('SystemInfo.getProcessInfo')).processInfo;
	await cdp.detach();
	return info.reduce((sum, p) => sum + p.cpuTime, 0);
}

// open(file) -> {browser, page, problems, loadMs, cpuMs}: wall and CPU time (of every Chromium
// process) from the start of navigation to the page's "ready" mark
async function open(file, opts = {}) {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
	});
	const page = await browser.newPage();
	const problems = [];
	await page.setViewport({width: opts.width || 1400, height: opts.height || 900});
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warn' || m.type() === 'warning')
			problems.push('console ' + m.type() + ': ' + m.text());
	});
	page.on('pageerror', (e) => problems.push('page error: ' + e.message));
	await page.setRequestInterception(true);
	page.on('request', (r) => {
		const u = r.url();
		if (u.startsWith('file://') || u.startsWith('data:') || u === 'about:blank') {
			r.continue();
		} else {
			problems.push('request leaves file://: ' + u);
			r.abort();
		}
	});
	const cpu0 = await cpuSeconds(browser), t0 = Date.now();
	await page.goto('file://' + require('path').resolve(file), {waitUntil: 'load', timeout: 60000});
	try {
		await page.waitForSelector('body[data-ready="1"]', {timeout: opts.timeout || 30000});
	} catch (e) {
		await browser.close();
		throw new Error('the page never became ready: ' + (problems.join('; ') || e.message));
	}
	const loadMs = Date.now() - t0, cpuMs = Math.round((await cpuSeconds(browser) - cpu0) * 1000);
	return {browser, page, problems, loadMs, cpuMs};
}

// Loads the page again in the same tab: {loadMs, cpuMs, readyMs} of that load (readyMs as the page
// measures it, from the navigation's start)
async function reload(browser, page) {
	const cpu0 = await cpuSeconds(browser), t0 = Date.now();
	await page.reload({waitUntil: 'load', timeout: 60000});
	await page.waitForSelector('body[data-ready="1"]', {timeout: 30000});
	const loadMs = Date.now() - t0, cpuMs = Math.round((await cpuSeconds(browser) - cpu0) * 1000);
	return {loadMs, cpuMs, readyMs: await page.evaluate(() => window.ftrace.readyMs)};
}

// fails the test (exit 1) with a message when cond is false
function check(cond, ...msg) {
	if (!cond) {
		console.log('FAILED:', ...msg);
		process.exitCode = 1;
	}
	return cond;
}

module.exports = {open, check, cpuSeconds, reload};
