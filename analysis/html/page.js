/* SPDX-License-Identifier: MIT */
/* dump --html: the page's script. Reads the JSON block written by analysis/htmlpage.c and draws the
 * call tree, search, flat profile, flame graph and timeline. No network, no library. */
/*
 * The data (id "ftrace-data"):
 *   N  tree rows, six numbers each: parent row, key, calls, total ns, self ns, flags. Row 0 is the
 *      whole run; rows come depth first, heaviest child first. key >= 0: function id; -1: an
 *      "N more" row (flags = call paths cut there); -2-i: the root of thread i.
 *      flags: 1 recursive, 2 crash point, 4 inherited (its time counted in the fork parent)
 *   F  per function id: [name, module, file index, line] (0 when the page does not need it)
 *   S  source file names;  H  threads: [label, tid, pid, first ns, last ns, records]
 *   R  flat profile, five numbers a row: function id, calls, total, self, call paths
 *   T  timeline lanes: [thread, depth, start, end, function id, calls merged, ...]
 *   O  when context switches were recorded: off-CPU ns per tree row (the time its thread was switched
 *      out inside it);  P  then also two numbers per R row: off-CPU ns, off-CPU ns while innermost
 *   C  crash marks: [row, text ("CRASH SIGSEGV", or "open when tid N crashed"), tid];  W  warnings;  I  facts about the run
 */
'use strict';
(function () {
	var t0 = performance.now();
	var D = JSON.parse(document.getElementById('ftrace-data').textContent);
	var N = D.N, n = N.length / 6;
	var par = new Int32Array(n), key = new Int32Array(n), calls = new Float64Array(n);
	var tot = new Float64Array(n), slf = new Float64Array(n), flg = new Float64Array(n);
	var first = new Int32Array(n).fill(-1), next = new Int32Array(n).fill(-1);
	var lastKid = new Int32Array(n).fill(-1), depth = new Int32Array(n);
	var open = new Uint8Array(n), hit = new Uint8Array(n), crashSig = {};
	var off = D.O || null; /* off-CPU ns per row, when the trace has context switches */
	if (off) document.body.classList.add('offcpu'); /* the tree's Off-CPU column */
	var i;

	for (i = 0; i < n; i++) {
		par[i] = i ? N[6 * i] : -1;
		key[i] = N[6 * i + 1];
		calls[i] = N[6 * i + 2];
		tot[i] = N[6 * i + 3];
		slf[i] = N[6 * i + 4];
		flg[i] = N[6 * i + 5];
		if (i) {
			var p = par[i];
			if (lastKid[p] < 0) first[p] = i; else next[lastKid[p]] = i;
			lastKid[p] = i;
			depth[i] = depth[p] + 1;
		}
	}
	D.C.forEach(function (c) { crashSig[c[0]] = c[1]; });

	/* ---- formatting ---- */

	function fmt(ns) {
		if (ns < 1e3) return ns.toFixed(0) + ' ns';
		if (ns < 1e6) return (ns / 1e3).toFixed(3) + ' us';
		if (ns < 1e9) return (ns / 1e6).toFixed(3) + ' ms';
		return (ns / 1e9).toFixed(3) + ' s';
	}
	function count(v) { return v.toLocaleString('en-US'); }
	function ncalls(v) { return count(v) + (v === 1 ? ' call' : ' calls'); }
	function pct(v) { return v > 0 && v < 0.1 ? '<0.1%' : v.toFixed(1) + '%'; }
	function isMore(r) { return key[r] === -1; }
	function isThread(r) { return key[r] <= -2; }
	function fname(fid) { var f = D.F[fid]; return f ? f[0] : '?'; }
	function name(r) {
		if (r === 0) return 'all threads';
		if (isMore(r)) return count(flg[r]) + ' more call path' + (flg[r] > 1 ? 's' : '') + ' (cut by the page budget)';
		if (isThread(r)) return D.H[-2 - key[r]][0];
		return fname(key[r]);
	}
	function source(fid, full) {
		var f = D.F[fid];
		if (!f || f.length < 4) return '';
		var file = D.S[f[2]];
		if (!full) file = file.substring(file.lastIndexOf('/') + 1);
		return file + ':' + f[3];
	}
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function $(id) { return document.getElementById(id); }
	function pathOf(r) {
		var p = [];
		for (; r > 0; r = par[r]) p.push(name(r));
		return p.reverse().join(' \u203A ');
	}

	/* ---- header ---- */

	var I = D.I;
	$('title').textContent = 'ftrace: ' + I.program;
	document.title = 'ftrace: ' + I.program;
	$('summary').textContent = [I.cmdline || I.program, I.recorded ? 'recorded ' + I.recorded : '',
		'elapsed ' + fmt(I.elapsed), count(I.records) + ' records',
		I.threads + ' thread' + (I.threads > 1 ? 's' : '') + ' in ' + I.processes + ' process' + (I.processes > 1 ? 'es' : ''),
		I.exit ? 'exit status: ' + I.exit : '', I.flight ? 'flight recorder ' + I.flight : '',
		I.filters ? 'shown with ' + I.filters : ''].filter(Boolean).join(' \u00B7 ');
	D.W.forEach(function (w) { $('warnings').appendChild(el('li', '', w)); });
	$('budget').textContent = I.nodes - 1 > I.kept - 1
		? 'Page shows ' + count(I.kept - 1) + ' rows of ' + count(I.nodes - 1) + ' call paths (budget ' + count(I.budget) + '): cut paths are summed in "more" rows; the flat profile counts everything. To see a part whole: ftrace dump --html -F FUNC (or --tid, -D).'
		: 'All ' + count(I.nodes - 1) + ' call paths shown.';

	/* ---- the tree: a virtual list of the open rows ---- */

	var ROWH = 20, vis = [], sel = -1, tree = $('tree'), inner = $('treeinner');

	function rebuild() {
		vis = [];
		var stack = [], kids = [];
		pushKids(stack, kids, 0);
		while (stack.length) {
			var r = stack.pop();
			vis.push(r);
			if (open[r]) pushKids(stack, kids, r);
		}
		inner.style.height = Math.max(1, vis.length) * ROWH + 'px';
		draw();
	}
	/* r's children onto the stack, the first one on top */
	function pushKids(stack, kids, r) {
		kids.length = 0;
		for (var c = first[r]; c >= 0; c = next[c]) kids.push(c);
		for (var k = kids.length; k-- > 0;) stack.push(kids[k]);
	}

	function rowEl(r, at) {
		var d = el('div', 'row'), nm = el('span', 'name'), tog = el('span', 'tog');
		d.style.top = at * ROWH + 'px';
		d.dataset.row = r;
		d.setAttribute('role', 'treeitem');
		if (r === sel) d.classList.add('sel');
		if (hit[r]) d.classList.add('hit');
		if (isThread(r)) d.classList.add('thread');
		if (isMore(r)) d.classList.add('more');
		nm.style.paddingLeft = (depth[r] - 1) * 14 + 'px';
		tog.textContent = first[r] >= 0 ? (open[r] ? '\u25BE' : '\u25B8') : ' ';
		if (first[r] >= 0) d.setAttribute('aria-expanded', open[r] ? 'true' : 'false');
		nm.appendChild(tog);
		if (hit[r]) nm.appendChild(el('b', 'mark', '\u25C6 '));
		nm.appendChild(el('span', 'label', name(r)));
		if (flg[r] & 1 && !isMore(r)) nm.appendChild(el('span', 'rec', '(recursive)'));
		if (flg[r] & 4 && !isMore(r)) nm.appendChild(el('span', 'rec', '(inherited from the fork parent)'));
		if (crashSig[r]) nm.appendChild(el('span', 'crash', crashSig[r]));
		nm.title = pathOf(r);
		d.appendChild(nm);
		d.appendChild(el('span', 'num', isThread(r) ? '' : count(calls[r])));
		d.appendChild(el('span', 'num', fmt(tot[r])));
		d.appendChild(el('span', 'num', isThread(r) ? '' : fmt(slf[r])));
		if (off) d.appendChild(el('span', 'num off', fmt(off[r])));
		var share = par[r] > 0 && tot[par[r]] > 0 ? 100 * tot[r] / tot[par[r]] : (par[r] === 0 && tot[0] > 0 ? 100 * tot[r] / tot[0] : 0);
		var sh = el('span', 'num share'), bar = el('i');
		bar.style.width = Math.min(100, share) + '%';
		sh.appendChild(bar);
		sh.appendChild(el('span', '', pct(share)));
		d.appendChild(sh);
		var src = key[r] >= 0 ? source(key[r], false) : '';
		var s = el('span', 'src', src);
		if (src) s.title = source(key[r], true);
		d.appendChild(s);
		return d;
	}

	function draw() {
		var top = tree.scrollTop, h = tree.clientHeight || 600;
		var a = Math.max(0, Math.floor(top / ROWH) - 5), b = Math.min(vis.length, Math.ceil((top + h) / ROWH) + 5);
		var frag = document.createDocumentFragment();
		for (var k = a; k < b; k++) frag.appendChild(rowEl(vis[k], k));
		inner.textContent = '';
		if (!vis.length) frag.appendChild(el('div', 'row', 'No call in this trace' + (I.filters ? ' with ' + I.filters : '') + '.'));
		inner.appendChild(frag);
	}
	tree.addEventListener('scroll', draw);
	window.addEventListener('resize', function () { draw(); if (flameOn) flameDraw(); });

	function toggle(r, how) {
		if (first[r] < 0) return;
		open[r] = how === undefined ? !open[r] : how;
		rebuild();
	}
	function reveal(r, focus) {
		for (var p = par[r]; p > 0; p = par[p]) open[p] = 1;
		sel = r;
		rebuild();
		var at = vis.indexOf(r);
		if (at >= 0 && (at * ROWH < tree.scrollTop || (at + 1) * ROWH > tree.scrollTop + tree.clientHeight))
			tree.scrollTop = Math.max(0, at * ROWH - tree.clientHeight / 3);
		draw();
		if (focus) tree.focus();
	}
	inner.addEventListener('click', function (e) {
		var d = e.target.closest('.row');
		if (!d) return;
		var r = +d.dataset.row;
		sel = r;
		if (e.target.classList.contains('tog') || e.detail === 2) toggle(r); else draw();
		tree.focus();
	});
	tree.addEventListener('keydown', function (e) {
		var at = vis.indexOf(sel), r = sel;
		if (!vis.length) return;
		if (at < 0) { at = 0; r = vis[0]; }
		switch (e.key) {
		case 'ArrowDown': r = vis[Math.min(vis.length - 1, at + 1)]; break;
		case 'ArrowUp': r = vis[Math.max(0, at - 1)]; break;
		case 'PageDown': r = vis[Math.min(vis.length - 1, at + 20)]; break;
		case 'PageUp': r = vis[Math.max(0, at - 20)]; break;
		case 'Home': r = vis[0]; break;
		case 'End': r = vis[vis.length - 1]; break;
		case 'ArrowRight':
			if (first[r] >= 0 && !open[r]) { sel = r; toggle(r, 1); e.preventDefault(); return; }
			if (first[r] >= 0) r = first[r];
			break;
		case 'ArrowLeft':
			if (open[r]) { sel = r; toggle(r, 0); e.preventDefault(); return; }
			if (par[r] > 0) r = par[r];
			break;
		case 'Enter': case ' ': sel = r; toggle(r); e.preventDefault(); return;
		case 'n': case 'N': /* the next (previous) search hit, in tree order */
			r = nextHit(r, e.key === 'n' ? 1 : -1);
			if (r < 0) return;
			break;
		default: return;
		}
		e.preventDefault();
		reveal(r);
	});

	/* opens along the heaviest path of every thread, so the first screen shows where time went */
	function openHeaviest() {
		for (var th = first[0]; th >= 0; th = next[th]) {
			for (var r = th, k = 0; r >= 0 && first[r] >= 0 && k < 64; r = first[r], k++)
				open[r] = 1;
		}
		/* and along every crash path */
		D.C.forEach(function (c) { for (var p = par[c[0]]; p > 0; p = par[p]) open[p] = 1; });
		sel = first[0];
	}

	/* ---- search ---- */

	var results = $('results'), info = $('searchinfo'), search = $('search');
	var rowsByFid = {};
	for (i = 0; i < D.R.length; i += 5) rowsByFid[D.R[i]] = i;

	function matcher(text) {
		var low = text.toLowerCase(), re = null;
		if (/[\\^$.*+?()[\]{}|]/.test(text)) {
			try { re = new RegExp(text); } catch (e) { re = null; }
		}
		return function (s) { return s.toLowerCase().indexOf(low) >= 0 || (re !== null && re.test(s)); };
	}

	/* the hit after (dir 1) or before (dir -1) row r in depth-first order, wrapping; -1 when none */
	function nextHit(r, dir) {
		for (var k = 1; k < n; k++) {
			var c = ((r + dir * k) % n + n) % n;
			if (hit[c]) return c;
		}
		return hit[r] ? r : -1;
	}
	function clearHits() { hit.fill(0); results.classList.remove('on'); results.textContent = ''; info.textContent = ''; }

	/* every call site of the functions in fids, grouped by function, heaviest first */
	function showSites(fids, what) {
		clearHits();
		var byFid = {}, nsites = 0, LIMIT = 300;
		for (var r = 1; r < n; r++) if (key[r] >= 0 && fids[key[r]]) {
			(byFid[key[r]] = byFid[key[r]] || []).push(r);
			hit[r] = 1;
			nsites++;
		}
		var list = Object.keys(byFid).map(Number);
		list.sort(function (a, b) { return total(b) - total(a); });
		function total(f) { var k = rowsByFid[f]; return k === undefined ? 0 : D.R[k + 2]; }
		info.textContent = list.length ? what + ': ' + list.length + ' function' + (list.length > 1 ? 's' : '') + ', ' + nsites + ' call site' + (nsites > 1 ? 's' : '') + ' in the tree'
			: what + ': no function found';
		var shown = 0;
		list.forEach(function (f) {
			var k = rowsByFid[f], h = el('h3', '');
			h.textContent = fname(f) + (k !== undefined ? ' \u2014 ' + ncalls(D.R[k + 1]) + ', total ' + fmt(D.R[k + 2]) + ', self ' + fmt(D.R[k + 3]) : '') +
				(source(f, true) ? ' \u2014 ' + source(f, true) : '') +
				(k !== undefined && D.R[k + 4] > byFid[f].length ? ' \u2014 ' + byFid[f].length + ' of ' + D.R[k + 4] + ' call paths shown (others cut by the budget)' : '');
			h.dataset.fid = f;
			results.appendChild(h);
			byFid[f].forEach(function (r) {
				if (shown++ >= LIMIT) return;
				var s = el('div', 'site', ncalls(calls[r]) + ', ' + fmt(tot[r]) + ' \u2014 ' + pathOf(r));
				s.tabIndex = 0;
				s.dataset.row = r;
				results.appendChild(s);
			});
		});
		if (shown > LIMIT) results.appendChild(el('div', '', (shown - LIMIT) + ' more call sites are marked \u25C6 in the tree.'));
		if (list.length) results.classList.add('on');
		rebuild();
		return list.length ? byFid[list[0]][0] : -1;
	}
	results.addEventListener('click', function (e) {
		var s = e.target.closest('.site');
		if (s) reveal(+s.dataset.row, true);
	});
	results.addEventListener('keydown', function (e) {
		var s = e.target.closest('.site'), all = results.querySelectorAll('.site'), at;
		if (!s) return;
		if (e.key === 'Enter') reveal(+s.dataset.row, true);
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			at = Array.prototype.indexOf.call(all, s) + (e.key === 'ArrowDown' ? 1 : -1);
			if (at >= 0 && at < all.length) all[at].focus();
			e.preventDefault();
		}
	});

	function runSearch() {
		var text = search.value.trim();
		if (!text) { clearHits(); rebuild(); if (flameOn) flameDraw(); return -1; }
		var m = matcher(text), fids = {};
		for (var f = 0; f < D.F.length; f++) if (D.F[f] && m(D.F[f][0])) fids[f] = 1;
		var r = showSites(fids, 'matches for "' + text + '"');
		if (flameOn) flameDraw();
		return r;
	}
	var timer = 0;
	search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runSearch, 120); });
	search.addEventListener('keydown', function (e) {
		if (e.key === 'Enter') { clearTimeout(timer); var r = runSearch(); show('treepane'); if (r > 0) reveal(r, true); }
		if (e.key === 'Escape') { search.blur(); tree.focus(); }
	});
	document.addEventListener('keydown', function (e) {
		if (e.key === '/' && document.activeElement !== search) { e.preventDefault(); search.focus(); search.select(); }
	});

	function selectFunction(fid) {
		var o = {};
		o[fid] = 1;
		search.value = '';
		var r = showSites(o, 'call sites of ' + fname(fid));
		show('treepane');
		if (r > 0) reveal(r, true);
	}

	/* ---- tabs ---- */

	var tabs = document.querySelectorAll('nav button'), flameOn = false, profileBuilt = false, timeBuilt = false;
	function show(pane) {
		tabs.forEach(function (b) { b.setAttribute('aria-selected', b.dataset.pane === pane ? 'true' : 'false'); });
		document.querySelectorAll('.pane').forEach(function (p) { p.classList.toggle('on', p.id === pane); });
		flameOn = pane === 'flamepane';
		if (pane === 'profilepane' && !profileBuilt) buildProfile();
		if (flameOn) flameDraw();
		if (pane === 'timepane') timeDraw();
		if (pane === 'treepane') draw();
	}
	tabs.forEach(function (b) { b.addEventListener('click', function () { show(b.dataset.pane); }); });

	/* ---- flat profile ---- */

	var COLS = [['Total', 2, 'num'], ['Self', 3, 'num'], ['Calls', 1, 'num'], ['Avg total', -1, 'num'],
		['Function', -2, 'fn'], ['Source', -3, ''], ['Call paths', 4, 'num']];
	if (D.P) COLS.splice(2, 0, ['Off-CPU', -4, 'num'], ['Self off', -5, 'num']);
	var sortCol = 0, sortDesc = true;

	function cell(k, c) {
		var R = D.R;
		if (c[1] >= 0) return R[k + c[1]];
		if (c[1] === -1) return R[k + 1] ? R[k + 2] / R[k + 1] : 0;
		if (c[1] === -2) return fname(R[k]);
		if (c[1] <= -4) return D.P[2 * k / 5 + (c[1] === -5 ? 1 : 0)];
		return source(R[k], true);
	}
	function buildProfile() {
		profileBuilt = true;
		var rows = [];
		for (var k = 0; k < D.R.length; k += 5) rows.push(k);
		var c = COLS[sortCol];
		rows.sort(function (a, b) {
			var x = cell(a, c), y = cell(b, c), v = x < y ? -1 : x > y ? 1 : 0;
			return sortDesc ? -v : v;
		});
		var t = el('table'), head = el('tr');
		COLS.forEach(function (col, ci) {
			var th = el('th', col[2], col[0]);
			th.tabIndex = 0;
			th.setAttribute('aria-sort', ci === sortCol ? (sortDesc ? 'descending' : 'ascending') : 'none');
			th.dataset.col = ci;
			head.appendChild(th);
		});
		var thead = el('thead');
		thead.appendChild(head);
		t.appendChild(thead);
		var body = el('tbody');
		rows.forEach(function (k) {
			var tr = el('tr');
			COLS.forEach(function (col) {
				var v = cell(k, col), td = el('td', col[2]);
				if (col[1] === -2) {
					var a = el('a', '', v);
					a.tabIndex = 0;
					a.dataset.fid = D.R[k];
					a.title = 'show every call site in the tree';
					td.appendChild(a);
				} else td.textContent = col[1] === 1 || col[1] === 4 ? count(v) : col[2] === 'num' ? fmt(v) : v;
				tr.appendChild(td);
			});
			body.appendChild(tr);
		});
		t.appendChild(body);
		var p = $('profile');
		p.textContent = '';
		if (D.nrows > D.R.length / 5)
			p.appendChild(el('div', 'tools', 'The ' + count(D.R.length / 5) + ' heaviest of ' + count(D.nrows) + ' functions.'));
		p.appendChild(t);
	}
	$('profile').addEventListener('click', function (e) {
		var th = e.target.closest('th'), a = e.target.closest('a');
		if (th) {
			var ci = +th.dataset.col;
			sortDesc = ci === sortCol ? !sortDesc : COLS[ci][2] === 'num';
			sortCol = ci;
			buildProfile();
		} else if (a) selectFunction(+a.dataset.fid);
	});
	$('profile').addEventListener('keydown', function (e) {
		if (e.key !== 'Enter') return;
		var th = e.target.closest('th'), a = e.target.closest('a');
		if (th || a) { e.preventDefault(); e.target.click(); }
	});

	/* ---- flame graph: canvas, root at the bottom ---- */

	var FH = 17, fx = null, maxDepth = 0, zoomRow = 0;
	var flame = $('flame'), fctx = flame.getContext('2d'), frames = 0;
	/* x of every frame, in ns from the left: children side by side from their parent's x */
	function layout() {
		var at = new Float64Array(n);
		fx = new Float64Array(n);
		for (var r = 1; r < n; r++) {
			var p = par[r];
			fx[r] = fx[p] + at[p];
			at[p] += tot[r];
			if (depth[r] > maxDepth) maxDepth = depth[r];
		}
		maxDepth = Math.min(maxDepth, 1500);
	}

	function hue(s) {
		var h = 0;
		for (var k = 0; k < s.length; k++) h = (h * 31 + s.charCodeAt(k)) | 0;
		return h >>> 0;
	}
	function frameColor(r) {
		if (isMore(r)) return '#c8c8c8';
		if (isThread(r) || r === 0) return '#b8c4d8';
		if (hit[r]) return '#e070e0';
		var h = hue(name(r));
		return 'rgb(' + (205 + h % 50) + ',' + (80 + (h >> 8) % 150) + ',' + ((h >> 16) % 55) + ')';
	}
	function flameDraw() {
		if (!fx) layout();
		var wrap = $('flamewrap'), W = wrap.clientWidth - 2 || 1200, H = (maxDepth + 1) * FH + 4;
		var x0 = fx[zoomRow], w0 = tot[zoomRow] || 1, ratio = window.devicePixelRatio || 1;
		flame.width = W * ratio;
		flame.height = H * ratio;
		flame.style.width = W + 'px';
		flame.style.height = H + 'px';
		fctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		fctx.clearRect(0, 0, W, H);
		fctx.font = '11px ui-monospace, monospace';
		fctx.textBaseline = 'middle';
		frames = 0;
		var zoomed = {};
		for (var p = zoomRow; p > 0; p = par[p]) zoomed[p] = 1;
		for (var r = 0; r < n; r++) {
			if (depth[r] > maxDepth) continue;
			var x, w;
			if (zoomed[r] || r === 0) { x = 0; w = W; } else {
				x = (fx[r] - x0) / w0 * W;
				w = tot[r] / w0 * W;
				if (w < 0.3 || x + w <= 0 || x >= W) continue;
			}
			var y = H - (depth[r] + 1) * FH;
			fctx.fillStyle = frameColor(r);
			fctx.fillRect(x, y, Math.max(w - 0.5, 0.3), FH - 1);
			if (crashSig[r]) { fctx.strokeStyle = '#000'; fctx.lineWidth = 2; fctx.strokeRect(x + 1, y + 1, w - 2, FH - 3); }
			if (w > 24) {
				var label = (crashSig[r] ? crashSig[r] + ': ' : '') + (hit[r] ? '\u25C6 ' : '') + name(r), c = Math.floor((w - 6) / 6.6);
				fctx.fillStyle = '#000';
				fctx.fillText(label.length <= c ? label : label.substring(0, Math.max(0, c - 2)) + '..', x + 3, y + FH / 2);
			}
			frames++;
		}
		$('flamezoom').textContent = zoomRow ? 'zoomed on ' + pathOf(zoomRow) : '';
		wrap.dataset.frames = frames;
		if (!flame.dataset.scrolled) { wrap.scrollTop = wrap.scrollHeight; flame.dataset.scrolled = 1; }
	}
	function flameAt(e) {
		var rect = flame.getBoundingClientRect(), W = rect.width, H = rect.height;
		var mx = e.clientX - rect.left, my = e.clientY - rect.top, d = Math.floor((H - my) / FH);
		var x0 = fx[zoomRow], w0 = tot[zoomRow] || 1, t = x0 + mx / W * w0;
		if (d < 0) return 0;
		for (var r = 1; r < n; r++) {
			if (depth[r] !== d) continue;
			var anc = zoomRow > 0 && depth[r] <= depth[zoomRow];
			if (anc) { var q = zoomRow; while (depth[q] > d) q = par[q]; if (q === r) return r; continue; }
			if (t >= fx[r] && t < fx[r] + tot[r]) return r;
		}
		return -1;
	}
	flame.addEventListener('mousemove', function (e) {
		var r = flameAt(e);
		$('flamedetails').textContent = r > 0 ? name(r) + ' \u2014 ' + (isThread(r) ? '' : ncalls(calls[r]) + ', ') + 'total ' + fmt(tot[r]) +
			', self ' + fmt(slf[r]) + (off ? ', off-CPU ' + fmt(off[r]) : '') + ', ' + (tot[0] ? (100 * tot[r] / tot[0]).toFixed(2) : '0') + '% of all' +
			(key[r] >= 0 && source(key[r], true) ? ' \u2014 ' + source(key[r], true) : '') + (crashSig[r] ? ' \u2014 ' + crashSig[r] : '')
			: 'Hover a frame for details; click to zoom.';
	});
	flame.addEventListener('click', function (e) {
		var r = flameAt(e);
		if (r < 0) return;
		zoomRow = r;
		flameDraw();
	});
	flame.addEventListener('dblclick', function (e) { var r = flameAt(e); if (r > 0) { show('treepane'); reveal(r, true); } });
	$('unzoom').addEventListener('click', function () { zoomRow = 0; flameDraw(); });

	/* ---- timeline: per thread, its calls at depth 0 and 1 (thinned) ---- */

	var tl = $('timeline'), tctx = tl.getContext('2d'), LABW = 260, LH = 18, tEnd = 1;
	var lanes = D.T.map(function (l) { return {th: l[0], d: l[1], v: l.slice(2)}; });
	lanes.sort(function (a, b) { return a.th - b.th || a.d - b.d; });
	D.H.forEach(function (h) { if (h[4] > tEnd) tEnd = h[4]; });
	if (D.H.length < 2) $('timetab').style.display = 'none';
	function timeDraw() {
		var wrap = $('timewrap'), W = (wrap.clientWidth - 2) || 1200, H = lanes.length * LH + 24, ratio = window.devicePixelRatio || 1;
		tl.width = W * ratio;
		tl.height = H * ratio;
		tl.style.width = W + 'px';
		tl.style.height = H + 'px';
		tctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		tctx.clearRect(0, 0, W, H);
		tctx.font = '11px ui-monospace, monospace';
		tctx.textBaseline = 'middle';
		var sc = (W - LABW - 8) / tEnd, segs = 0;
		lanes.forEach(function (l, li) {
			var y = li * LH;
			tctx.fillStyle = li % 2 ? '#f6f6f6' : '#fff';
			tctx.fillRect(0, y, W, LH);
			tctx.fillStyle = '#000';
			tctx.fillText((l.d ? '   depth 1' : D.H[l.th][0]).substring(0, 40), 4, y + LH / 2);
			var th = D.H[l.th];
			tctx.fillStyle = '#ccc';
			tctx.fillRect(LABW + th[3] * sc, y + LH / 2, Math.max(1, (th[4] - th[3]) * sc), 1);
			for (var k = 0; k < l.v.length; k += 4) {
				var x = LABW + l.v[k] * sc, w = Math.max(1, (l.v[k + 1] - l.v[k]) * sc), nm = fname(l.v[k + 2]);
				var h = hue(nm);
				tctx.fillStyle = 'rgb(' + (205 + h % 50) + ',' + (80 + (h >> 8) % 150) + ',' + ((h >> 16) % 55) + ')';
				tctx.fillRect(x, y + 2, w, LH - 4);
				if (w > 30) {
					tctx.fillStyle = '#000';
					var label = nm + (l.v[k + 3] > 1 ? ' +' + (l.v[k + 3] - 1) : ''), c = Math.floor((w - 4) / 6.6);
					tctx.fillText(label.length <= c ? label : label.substring(0, Math.max(0, c - 2)) + '..', x + 2, y + LH / 2);
				}
				segs++;
			}
		});
		var y = lanes.length * LH + 12;
		tctx.fillStyle = '#000';
		for (var k = 0; k <= 5; k++) {
			var tt = tEnd * k / 5;
			tctx.fillText(fmt(tt), Math.min(W - 70, LABW + tt * sc), y);
		}
		$('timeinfo').textContent = lanes.length / 1 + ' lanes (each thread: depth 0, then depth 1); short calls are merged ("+N" more calls) to fit the screen';
		wrap.dataset.segments = segs;
	}
	function timeAt(e) {
		var rect = tl.getBoundingClientRect(), li = Math.floor((e.clientY - rect.top) / LH), l = lanes[li];
		if (!l) return null;
		var sc = (rect.width - LABW - 8) / tEnd, t = (e.clientX - rect.left - LABW) / sc;
		for (var k = 0; k < l.v.length; k += 4)
			if (t >= l.v[k] - 1 / sc && t <= l.v[k + 1] + 1 / sc) return {l: l, k: k};
		return null;
	}
	tl.addEventListener('mousemove', function (e) {
		var s = timeAt(e), v = s && s.l.v;
		$('timedetails').textContent = s ? D.H[s.l.th][0] + ': ' + fname(v[s.k + 2]) + (v[s.k + 3] > 1 ? ' and ' + (v[s.k + 3] - 1) + ' more calls' : '') +
			' from ' + fmt(v[s.k]) + ' to ' + fmt(v[s.k + 1]) + ' (' + fmt(v[s.k + 1] - v[s.k]) + ')' : 'Hover a call for details; click it to show it in the tree.';
	});
	tl.addEventListener('click', function (e) {
		var s = timeAt(e);
		if (s) selectFunction(s.l.v[s.k + 2]);
	});

	/* ---- start ---- */

	openHeaviest();
	rebuild();
	window.ftrace = {rows: n, vis: function () { return vis.length; }, search: function (t) { search.value = t; return runSearch(); },
		select: selectFunction, show: show, expandAll: function () { open.fill(1); rebuild(); }, flameFrames: function () { return frames; }, reveal: reveal,
		scriptMs: performance.now() - t0, readyMs: performance.now()};
	document.body.dataset.ready = '1';
})();
