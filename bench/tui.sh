#!/bin/bash
# SPDX-License-Identifier: MIT
# ftrace tui against uftrace tui: the CPU time (user + sys) each takes to put the tree of a big trace
# on screen, in the same rounds. The program is tests/e2e/tui/programs/bigtree.c (rounds of a 4095-call
# tree of four functions), recorded by each tracer; each tui runs in a tmux pane under `time` and gets
# `q` as soon as its tree is on screen, so the time is the opening plus one key.
#
# usage: bench/tui.sh [BUILD_DIR]      (default ./build; needs tmux, uftrace for its column)
# environment: BENCH_TUI_ROUNDS (733: 3 million calls), BENCH_TUI_RUNS (5 runs of each tui)
set -u
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRCDIR/build}" && pwd) || exit 1
FTRACE=$BUILD/ftrace
ROUNDS=${BENCH_TUI_ROUNDS:-733}
RUNS=${BENCH_TUI_RUNS:-5}
W=$(mktemp -d "${TMPDIR:-/tmp}/ftrace-bench-tui.XXXXXX") || exit 1
trap 'tmux -S "$W/sock" kill-server 2>/dev/null; rm -rf "$W"' EXIT
command -v tmux >/dev/null || { echo "bench/tui.sh: tmux is not installed"; exit 1; }

cc -pg -O1 -o "$W/bigtree" "$SRCDIR/tests/e2e/tui/programs/bigtree.c" || exit 1
"$FTRACE" record --no-libcall -d "$W/f" "$W/bigtree" "$ROUNDS" >/dev/null || exit 1
have_uftrace=false
if command -v uftrace >/dev/null && uftrace record --no-libcall -d "$W/u" "$W/bigtree" "$ROUNDS" >/dev/null 2>&1; then
	have_uftrace=true
fi

# cpu MARK COMMAND...: user + sys of COMMAND, started in a 100x30 pane and sent q once MARK is shown
cpu() {
	local mark=$1 i
	shift
	rm -f "$W/time"
	tmux -S "$W/sock" new-session -d -x 100 -y 30 \
		"bash -c 'TIMEFORMAT=\"%U %S\"; time $*' 2>$W/time; sleep 60"
	for ((i = 0; i < 1200; i++)); do
		tmux -S "$W/sock" capture-pane -p -t 0 | grep -q -- "$mark" && break
		sleep 0.05
	done
	tmux -S "$W/sock" send-keys -t 0 q
	for ((i = 0; i < 200; i++)); do
		[ -s "$W/time" ] && break
		sleep 0.05
	done
	tmux -S "$W/sock" kill-server 2>/dev/null
	awk 'END { printf "%.3f", $1 + $2 }' "$W/time"
}

echo "tui: $((ROUNDS * 4095)) calls, 4095 distinct paths; CPU seconds (user+sys) to open, then q"
printf '%-5s %10s %10s %8s\n' run ftrace uftrace ratio
for ((r = 1; r <= RUNS; r++)); do
	f=$(cpu "G tree" "$FTRACE" tui -d "$W/f")
	u=n/a ratio=n/a
	if $have_uftrace; then
		u=$(cpu f0 uftrace tui -d "$W/u")
		ratio=$(awk -v f="$f" -v u="$u" 'BEGIN { if (u > 0) printf "%.2f", f / u; else print "n/a" }')
	fi
	printf '%-5s %10s %10s %8s\n' "$r" "$f" "$u" "$ratio"
done
