# SPDX-License-Identifier: MIT
# Helpers for the analysis cases in tests/e2e/analysis/cases (sourced after tests/e2e/lib.sh): report,
# graph and dump read one trace of programs/analysed.c (calls: main 1, middle 4, leaf 8, fib 9, worker 1).
ANALYSIS_DIR=$E2E/analysis

# analysed_trace [CC-AND-FLAGS]: builds analysed.c and records it into $T/d (library calls not traced).
analysed_trace() {
	local cc=${1:-gcc -pg} rc

	command -v "${cc%% *}" >/dev/null || skip "${cc%% *} is not installed"
	# shellcheck disable=SC2086 # the flags are words
	$cc -g -I"$E2E/programs" -o "$T/analysed" "$ANALYSIS_DIR/programs/analysed.c" -lpthread 2>"$T/build.err" ||
		fail "cannot build analysed.c with '$cc':" "$(cat "$T/build.err")"
	"$FTRACE" record --no-libcall -d "$T/d" "$T/analysed" >/dev/null 2>"$T/record.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace record exited $rc:" "$(cat "$T/record.err")"
	return 0
}

# pftrace_decode IN OUT: protoc's text of the Perfetto trace IN, its compressed blocks expanded first
pftrace_decode() {
	python3 "$ANALYSIS_DIR/pftrace-inflate.py" "$1" "$T/inflated.pftrace" 2>"$T/inflate.err" ||
		fail "$1 is not a Perfetto trace whose blocks inflate:" "$(cat "$T/inflate.err")"
	protoc --proto_path="$ANALYSIS_DIR" --decode=Trace perfetto.proto <"$T/inflated.pftrace" >"$2" 2>"$T/protoc.err" ||
		fail "protoc cannot decode $1:" "$(cat "$T/protoc.err")"
}

# svg_zoom_check SVG BROWSER: opened at #zoom=worker in headless BROWSER, the flame SVG widens worker's
# frame to the full width, shows "Reset zoom" and hides main (not an ancestor of worker's frames)
svg_zoom_check() {
	timeout 60 "$2" --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" --dump-dom \
		"file://$1#zoom=worker" >"$T/dom.html" 2>"$T/chrome.err" || fail "chromium failed:" "$(tail -5 "$T/chrome.err")"
	python3 - "$T/dom.html" <<'PY' || fail "zoom did not happen in the browser:" "$(head -c 3000 "$T/dom.html")"
import re, sys
dom = open(sys.argv[1]).read()
g = re.search(r'<g class="f"[^>]*data-n="worker"[^>]*>.*?</g>', dom, re.S).group(0)
width = float(re.search(r'<rect[^>]*width="([0-9.]+)"', g).group(1))
assert abs(width - 1180) < 0.5, width
assert re.search(r'id="unzoom"[^>]*opacity: 1', dom), "Reset zoom not shown"
assert re.search(r'data-n="main"[^>]*style="display: none;?"', dom), "main not hidden when zoomed on worker"
PY
}

# csv_field FILE FUNCTION COLUMN: a column of report --format=csv for one function
csv_field() {
	python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["function"] == sys.argv[2]]
print(rows[0][sys.argv[3]] if rows else "")
PY
}

# times_out < graph-output: the times and the backtraces' addresses replaced (they vary between runs)
times_out() {
	sed -E -e 's/^ +[0-9]+\.[0-9]{3} ( s|us|ms| m| h) :/         X :/' \
		-e 's/time +[0-9]+\.[0-9]{3} ( s|us|ms| m| h)$/time X/' \
		-e 's/^(   \[[0-9]+\] .*) \(0x[0-9a-f]+\)$/\1 (0xADDR)/'
}

# same_folds DIR [fails]: every folding command prints the same (stdout and stderr, exit status) with
# -j1, -j2, -j4 and the default; with "fails", each must exit 1 (else 0)
same_folds() {
	local d=$1 args j rc1 rc w want=0
	local -a cmds=("report --sort=total" "report --threads" "report -f total,total-min,total-max,self,self-min,self-max,call"
		"report -s self,call --format=csv" "graph" "graph mid" "dump --flame-graph" "dump --callgrind")

	[ "${2:-}" = fails ] && want=1
	for args in "${cmds[@]}"; do
		read -r -a w <<<"$args" # the command, then its options and arguments: -d and -j go between
		"$FTRACE" "${w[0]}" -d "$d" -j1 "${w[@]:1}" >"$T/one.out" 2>"$T/one.err"
		rc1=$?
		[ $rc1 -eq $want ] || fail "'$args -j1' on $d exits $rc1, expected $want:" "$(cat "$T/one.err")"
		[ $want = 1 ] || [ -s "$T/one.out" ] || fail "'$args -j1' on $d printed nothing:" "$(cat "$T/one.err")"
		for j in 2 4 default; do
			# shellcheck disable=SC2046 # no -j for the default
			"$FTRACE" "${w[0]}" -d "$d" $([ $j = default ] || echo "-j$j") "${w[@]:1}" >"$T/many.out" 2>"$T/many.err"
			rc=$?
			[ $rc -eq $rc1 ] || fail "'$args' on $d exits $rc1 with -j1, $rc with -j$j"
			cmp -s "$T/one.out" "$T/many.out" ||
				fail "'$args' on $d prints otherwise with -j$j than with -j1:" "$(diff -u "$T/one.out" "$T/many.out" | head -40)"
			cmp -s "$T/one.err" "$T/many.err" ||
				fail "'$args' on $d warns otherwise with -j$j than with -j1:" "$(diff -u "$T/one.err" "$T/many.err" | head -20)"
		done
	done
}
