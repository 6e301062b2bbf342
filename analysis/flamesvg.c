/* SPDX-License-Identifier: MIT */
/* The flame graph of dump --flame-svg: one self-contained SVG, hover titles, click to zoom (inline
 * script). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callstats.h"
#include "flamesvg.h"

/*
 * Frames are drawn from the calling-context tree: width = the path's total time (or, for a frame
 * inherited from a fork parent, which counts none, the sum of its children), the root at the
 * bottom. Frames narrower than a millionth of the whole are left out with everything above them, so
 * the file stays small whatever the trace, yet zooming in still finds the small frames. Each frame
 * carries its position as a fraction of the whole (data-x, data-w) and its full name (data-n); the
 * script only rescales those. A root frame ("all") spans the whole run. "Search" highlights the
 * frames whose name matches a regular expression and says which share of the run they cover
 * ("Matched: N%", nested matches counted once), as flamegraph.pl does. Opening the file with
 * "#zoom=NAME" zooms on the first frame named NAME, "#search=REGEX" searches (what the tests use).
 * Inverted (an icicle graph, for deep stacks read from the top), the root is at the top and the
 * calls hang below it; only the rows move, so zoom and search work the same.
 */

#define WIDTH	 1200
#define PAD	 10
#define FRAME_H	 16
#define TOP	 34   /* title */
#define BOTTOM	 24   /* the details line */
#define MIN_FRAC 1e-6 /* narrower frames are left out: 0.1 px even after zooming 100x on 1% */

static const char script[] =
	"var frames, unz, det, srch, mat, W = "
	"1180"
	", X0 = "
	"10"
	";\n"
	"function attr(g, k) { return parseFloat(g.getAttribute(k)); }\n"
	"function fit(g) {\n"
	"  var r = g.querySelector('rect'), t = g.querySelector('text'), w = attr(r, 'width');\n"
	"  var n = g.getAttribute('data-n'), c = Math.floor((w - 6) / 7);\n"
	"  t.setAttribute('x', attr(r, 'x') + 3);\n"
	"  t.textContent = c < 3 ? '' : (n.length <= c ? n : n.substring(0, c - 2) + '..');\n"
	"}\n"
	"function zoom(x0, w0) {\n"
	"  for (var i = 0; i < frames.length; i++) {\n"
	"    var g = frames[i], x = attr(g, 'data-x'), w = attr(g, 'data-w'), r = "
	"g.querySelector('rect');\n"
	"    if (x + w <= x0 + 1e-12 || x >= x0 + w0 - 1e-12) { g.style.display = 'none'; "
	"continue; }\n"
	"    var nx = Math.max(x, x0), nw = Math.min(x + w, x0 + w0) - nx;\n"
	"    g.style.display = '';\n"
	"    r.setAttribute('x', X0 + (nx - x0) / w0 * W);\n"
	"    r.setAttribute('width', nw / w0 * W);\n"
	"    fit(g);\n"
	"  }\n"
	"  unz.style.opacity = w0 < 1 ? 1 : 0;\n"
	"}\n"
	"function click(e) { var g = e.currentTarget; zoom(attr(g, 'data-x'), attr(g, 'data-w')); "
	"}\n"
	"function unzoom() { zoom(0, 1); }\n"
	"function dosearch(s) {\n"
	"  var re, iv = [], sum = 0, end = 0;\n"
	"  try { re = new RegExp(s); } catch (e) { srch.textContent = 'Search: bad regex'; return; "
	"}\n"
	"  for (var i = 0; i < frames.length; i++) {\n"
	"    var g = frames[i], r = g.querySelector('rect'), hit = "
	"re.test(g.getAttribute('data-n'));\n"
	"    r.setAttribute('fill', hit ? 'rgb(230,0,230)' : g.getAttribute('data-c'));\n"
	"    if (hit && g.id != 'root') iv.push([attr(g, 'data-x'), attr(g, 'data-w')]);\n"
	"  }\n"
	"  iv.sort(function (a, b) { return a[0] - b[0]; });\n"
	"  for (var i = 0; i < iv.length; i++) {\n"
	"    var a = Math.max(iv[i][0], end), b = iv[i][0] + iv[i][1];\n"
	"    if (b > a) { sum += b - a; end = b; }\n"
	"  }\n"
	"  mat.textContent = 'Matched: ' + (100 * sum).toFixed(2) + '%';\n"
	"  srch.textContent = 'Reset search';\n"
	"}\n"
	"function search() {\n"
	"  if (mat.textContent != ' ') { for (var i = 0; i < frames.length; i++)\n"
	"      frames[i].querySelector('rect').setAttribute('fill', "
	"frames[i].getAttribute('data-c'));\n"
	"    mat.textContent = ' '; srch.textContent = 'Search'; return; }\n"
	"  var s = prompt('Search for (a regular expression)', '');\n"
	"  if (s) dosearch(s);\n"
	"}\n"
	"function over(e) { det.textContent = e.currentTarget.querySelector('title').textContent; "
	"}\n"
	"function out() { det.textContent = ' '; }\n"
	"function init() {\n"
	"  frames = document.getElementById('frames').children;\n"
	"  unz = document.getElementById('unzoom');\n"
	"  det = document.getElementById('details');\n"
	"  srch = document.getElementById('search');\n"
	"  mat = document.getElementById('matched');\n"
	"  for (var i = 0; i < frames.length; i++) {\n"
	"    frames[i].onclick = click; frames[i].onmouseover = over; frames[i].onmouseout = out;\n"
	"    fit(frames[i]);\n"
	"  }\n"
	"  var h = decodeURIComponent(location.hash.substring(1));\n"
	"  if (h.indexOf('search=') == 0) dosearch(h.substring(7));\n"
	"  if (h.indexOf('zoom=') == 0)\n"
	"    for (var i = 0; i < frames.length; i++)\n"
	"      if (frames[i].getAttribute('data-n') == h.substring(5)) {\n"
	"        zoom(attr(frames[i], 'data-x'), attr(frames[i], 'data-w'));\n"
	"        break;\n"
	"      }\n"
	"}\n";

static void put_xml(struct out *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': out_str(out, "&amp;", 5); break;
		case '<': out_str(out, "&lt;", 4); break;
		case '>': out_str(out, "&gt;", 4); break;
		case '"': out_str(out, "&quot;", 6); break;
		case '\'': out_str(out, "&apos;", 6); break;
		default:
			if ((unsigned char)s[i] >= 0x20)
				out_str(out, &s[i], 1);
		}
	}
}

/* flamegraph.pl's warm palette, the same colour for the same name */
static void frame_color(const char *name, unsigned rgb[3])
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	rgb[0] = 205 + h % 50;
	rgb[1] = (h >> 8) % 230;
	rgb[2] = (h >> 16) % 55;
}

/* width of every node in ns: its total, or the sum of its children when that is more */
static uint64_t *frame_widths(const struct ca_tree *t)
{
	uint64_t *w = xcalloc(t->nnodes, sizeof(*w)), *kids = xcalloc(t->nnodes, sizeof(*kids));

	/* a child always has a larger index than its parent: one backward pass sums bottom-up */
	for (uint32_t i = t->nnodes; i-- > 1;) {
		w[i] = t->nodes[i].total > kids[i] ? t->nodes[i].total : kids[i];
		kids[t->nodes[i].parent] += w[i];
	}
	w[CA_ROOT] = kids[CA_ROOT];
	free(kids);
	return w;
}

static uint64_t *frame_offsets(const struct ca_tree *t, const uint64_t *w)
{
	uint64_t *x = xcalloc(t->nnodes, sizeof(*x));

	for (uint32_t i = 0; i < t->nnodes; i++) {
		uint64_t at = x[i];

		for (uint32_t c = t->nodes[i].first; c != CA_NONE; c = t->nodes[c].next) {
			x[c] = at;
			at += w[c];
		}
	}
	return x;
}

/* The top of the row of frames at depth (the root frame is at depth -1) */
static double row_y(int depth, uint32_t ymax, bool inverted)
{
	return TOP + (inverted ? depth + 1 : (double)ymax - depth) * FRAME_H;
}

static void put_frame(struct out *out, const struct ca_tree *t, const struct ca_funcs *fn,
		      uint32_t i, double fx, double fw, double y)
{
	const struct ca_node *n = &t->nodes[i];
	const struct ca_func *f = ca_func(fn, n->key);
	unsigned rgb[3];
	char dur[16];

	frame_color(f->name, rgb);
	*put_duration(dur, n->total) = '\0';
	out_printf(out, "<g class=\"f\" data-x=\"%.9f\" data-w=\"%.9f\" data-n=\"", fx, fw);
	put_xml(out, f->name, f->name_len);
	out_printf(out, "\" data-c=\"rgb(%u,%u,%u)\"><title>", rgb[0], rgb[1], rgb[2]);
	put_xml(out, f->name, f->name_len);
	out_printf(out,
		   " (%llu %s, %s, %.2f%%)</title><rect x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" "
		   "height=\"%d\" "
		   "fill=\"rgb(%u,%u,%u)\"/><text x=\"%.2f\" y=\"%.0f\"></text></g>\n",
		   (unsigned long long)n->calls, n->calls == 1 ? "call" : "calls",
		   dur + strspn(dur, " "), fw * 100, PAD + fx * (WIDTH - 2 * PAD), y,
		   fw * (WIDTH - 2 * PAD), FRAME_H - 1, rgb[0], rgb[1], rgb[2],
		   PAD + fx * (WIDTH - 2 * PAD) + 3, y + FRAME_H - 4);
}

/* the frame of the whole run, below the outermost calls */
static void put_root(struct out *out, uint64_t all, double y)
{
	char dur[16];

	*put_duration(dur, all) = '\0';
	out_printf(out,
		   "<g class=\"f\" id=\"root\" data-x=\"0\" data-w=\"1\" data-n=\"all\" "
		   "data-c=\"rgb(250,200,160)\"><title>all (%s, 100%%)</title><rect x=\"%d\" "
		   "y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"rgb(250,200,160)\"/><text "
		   "x=\"%d\" y=\"%.0f\"></text></g>\n",
		   dur + strspn(dur, " "), PAD, y, WIDTH - 2 * PAD, FRAME_H - 1, PAD + 3,
		   y + FRAME_H - 4);
}

void flamesvg_write(struct out *out, const struct ca_tree *t, const struct ca_funcs *fn,
		    const char *title, bool inverted)
{
	uint64_t *w = frame_widths(t), *x = frame_offsets(t, w), all = w[CA_ROOT] ? w[CA_ROOT] : 1;
	double min_frac = MIN_FRAC;
	bool *drawn = xcalloc(t->nnodes, sizeof(*drawn));
	uint32_t ymax = 0, height;

	drawn[CA_ROOT] = true;
	for (uint32_t i = 1; i < t->nnodes; i++) {
		drawn[i] = drawn[t->nodes[i].parent] && (double)w[i] / (double)all >= min_frac;
		if (drawn[i] && t->nodes[i].depth > ymax)
			ymax = t->nodes[i].depth;
	}
	height = TOP + (ymax + 2) * FRAME_H + BOTTOM; /* + the root frame */
	out_printf(out,
		   "<?xml version=\"1.0\" standalone=\"no\"?>\n<svg version=\"1.1\" width=\"%d\" "
		   "height=\"%u\" "
		   "viewBox=\"0 0 %d %u\" xmlns=\"http://www.w3.org/2000/svg\" onload=\"init()\">\n"
		   "<style>text{font-family:monospace;font-size:12px} .f{cursor:pointer} "
		   ".f:hover "
		   "rect{stroke:#000;stroke-width:0.5}</style>\n<script><![CDATA[\n%s]]></script>\n"
		   "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%u\" fill=\"#f8f8f0\"/>\n"
		   "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" style=\"font-size:16px\">%s "
		   "graph: ",
		   WIDTH, height, WIDTH, height, script, WIDTH, height, WIDTH / 2,
		   inverted ? "Icicle" : "Flame");
	put_xml(out, title, strlen(title));
	out_printf(
		out,
		"</text>\n<text id=\"unzoom\" x=\"%d\" y=\"22\" style=\"opacity:0;cursor:pointer\" "
		"onclick=\"unzoom()\">Reset zoom</text>\n<text id=\"search\" x=\"%d\" y=\"22\" "
		"text-anchor=\"end\" style=\"cursor:pointer\" onclick=\"search()\">Search</text>\n"
		"<text id=\"matched\" x=\"%d\" y=\"%u\" text-anchor=\"end\"> </text>\n"
		"<text id=\"details\" x=\"%d\" y=\"%u\"> </text>\n"
		"<g id=\"frames\">\n",
		PAD, WIDTH - PAD, WIDTH - PAD, height - 8, PAD, height - 8);
	put_root(out, w[CA_ROOT], row_y(-1, ymax, inverted));
	for (uint32_t i = 1; i < t->nnodes && !out->failed; i++)
		if (drawn[i])
			put_frame(out, t, fn, i, (double)x[i] / (double)all,
				  (double)w[i] / (double)all,
				  row_y((int)t->nodes[i].depth, ymax, inverted));
	out_printf(out, "</g>\n</svg>\n");
	free(drawn);
	free(w);
	free(x);
}
