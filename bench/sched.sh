#!/bin/bash
# SPDX-License-Identifier: MIT
# The cost of recording context switches, ftrace vs uftrace side by side: bench/sleepwake.c, two
# threads that each sleep and wake 100,000 times (a token through pipes).
#
# usage: bench/sched.sh [BUILD_DIR]      (BUILD_DIR holds ftrace and libmcount.so; default ./build)
# environment: SCHED_N=100000 (turns: each thread sleeps and wakes that often), BENCH_ROUNDS=5 (paired
#   runs), BENCH_TMPDIR=DIR (where traces go), CC=gcc
# Each round runs, one after the other: the untraced program, `TOOL record --no-event` and
# `TOOL record` (both tools record switches by default), and for ftrace both of its ways: one perf
# event per CPU (the default) and one per thread (--sched-events=thread). The cost of the switches
# is the median over rounds of cpu (user + sys, of the recorder and the program) with switches minus
# without, divided by the switches ftrace counted in that run (info's "sched" line); uftrace's run
# has the same switches within the noise. Also printed: the whole recording overhead over the
# untraced run, and the size. Then the cost per thread started, where the per-thread way pays its
# syscalls: bench/churn.c (CHURN_ROUNDS=200 rounds of 16 short threads), cpu with switches minus
# --no-event, per thread.
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" 2>/dev/null && pwd) || { echo "bench: no build directory" >&2; exit 1; }
N=${SCHED_N:-100000}
ROUNDS=${BENCH_ROUNDS:-5}
CC=${CC:-gcc}
FTRACE=$build/ftrace
UFTRACE=$(command -v uftrace || true)

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$FTRACE" ] || die "no ftrace in '$build'"
T=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/ftrace-sched.XXXXXX") || die "cannot create a temporary directory"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/res"

"$CC" -O2 -Wall -o "$T/timeit" "$here/timeit.c" || die "cannot build timeit.c"
"$CC" -O2 -fno-omit-frame-pointer -o "$T/plain" "$here/sleepwake.c" -lpthread &&
	"$CC" -O2 -fno-omit-frame-pointer -pg -o "$T/pg" "$here/sleepwake.c" -lpthread || die "cannot build sleepwake.c"
"$CC" -O2 -fno-omit-frame-pointer -pg -o "$T/churn" "$here/churn.c" -lpthread || die "cannot build churn.c"
CHURN=${CHURN_ROUNDS:-200}

run() { # KEY CMD...: one line "wall user sys rss status" per run in res/KEY
	local key=$1
	shift
	"$T/timeit" -e "$T/$key.err" "$@" >>"$T/res/$key" || die "timeit failed"
}

for ((r = 1; r <= ROUNDS; r++)); do
	run plain "$T/plain" "$N"
	rm -rf "$T/ft0" "$T/ft"
	run ftrace0 "$FTRACE" record --no-event -d "$T/ft0" "$T/pg" "$N"
	run ftrace "$FTRACE" record -d "$T/ft" "$T/pg" "$N"
	sed -n 's/^sched: yes (\([0-9]*\) switches, \([0-9]*\) lost)$/\1 \2/p' "$T/ft/info" >>"$T/res/switches"
	rm -rf "$T/ftt"
	run ftracet "$FTRACE" record --sched-events=thread -d "$T/ftt" "$T/pg" "$N"
	sed -n 's/^sched: yes (\([0-9]*\) switches, \([0-9]*\) lost)$/\1 \2/p' "$T/ftt/info" >>"$T/res/tswitches"
	rm -rf "$T/c0" "$T/c1" "$T/ct"
	run churn0 "$FTRACE" record --no-event -d "$T/c0" "$T/churn" "$CHURN"
	run churn1 "$FTRACE" record -d "$T/c1" "$T/churn" "$CHURN"
	run churnt "$FTRACE" record --sched-events=thread -d "$T/ct" "$T/churn" "$CHURN"
	sed -n 's/^sched: yes (\([0-9]*\) switches, \([0-9]*\) lost)$/\1 \2/p' "$T/c1/info" >>"$T/res/cswitches"
	sed -n 's/^sched: yes (\([0-9]*\) switches, \([0-9]*\) lost)$/\1 \2/p' "$T/ct/info" >>"$T/res/ctswitches"
	du -sk "$T/ft0" | cut -f1 >>"$T/res/size0"
	du -sk "$T/ft" | cut -f1 >>"$T/res/size"
	if [ -n "$UFTRACE" ]; then
		rm -rf "$T/uf0" "$T/uf"
		run uftrace0 "$UFTRACE" record --no-event -d "$T/uf0" "$T/pg" "$N"
		run uftrace "$UFTRACE" record -d "$T/uf" "$T/pg" "$N"
		du -sk "$T/uf0" | cut -f1 >>"$T/res/usize0"
		du -sk "$T/uf" | cut -f1 >>"$T/res/usize"
		rm -rf "$T/uc0" "$T/uc1"
		run uchurn0 "$UFTRACE" record --no-event -d "$T/uc0" "$T/churn" "$CHURN"
		run uchurn1 "$UFTRACE" record -d "$T/uc1" "$T/churn" "$CHURN"
	fi
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# median over rounds of A - B in cpu ms (user + sys)
diff_ms() {
	[ -s "$T/res/$1" ] || return 0
	paste -d' ' "$T/res/$1" "$T/res/$2" |
		awk '$5 == 0 && $10 == 0 { print ($2 + $3 - $7 - $8) * 1e3 }' | median
}
# median over rounds of (A - B) cpu / the round's switches (SWITCHES-FILE, default switches), in ns
per_switch() {
	[ -s "$T/res/$1" ] || return 0
	paste -d' ' "$T/res/$1" "$T/res/$2" "$T/res/${3:-switches}" |
		awk '$5 == 0 && $10 == 0 && $11 > 0 { print ($2 + $3 - $7 - $8) * 1e9 / $11 }' | median
}
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }' || echo "n/a"; }

sw=$(awk '{ print $1 }' "$T/res/switches" | median) tsw=$(awk '{ print $1 }' "$T/res/tswitches" | median)
lost=$(awk '{ s += $2 } END { print s + 0 }' "$T/res/switches") tlost=$(awk '{ s += $2 } END { print s + 0 }' "$T/res/tswitches")
pc=$(awk '$5 == 0 { print ($2 + $3) * 1e3 }' "$T/res/plain" | median)
fs=$(per_switch ftrace ftrace0) ts=$(per_switch ftracet ftrace0 tswitches) us=$(per_switch uftrace uftrace0)
echo "sleep/wake: 2 threads x $N turns, $ROUNDS paired runs; ${sw:-?} switches recorded per run per CPU (${lost} lost in all runs), ${tsw:-?} per thread (${tlost} lost); untraced ${pc} ms cpu"
printf '%-34s %12s %12s %12s %8s %8s\n' "" "per CPU" "per thread" "uftrace" "cpu/uf" "thr/uf"
row() { printf '%-34s %12s %12s %12s %8s %8s\n' "$1" "${2:-n/a}" "${3:-n/a}" "${4:-n/a}" "$(ratio "$2" "$4")" "$(ratio "$3" "$4")"; }
row "cpu ns per switch recorded" "$fs" "$ts" "$us"
f0=$(diff_ms ftrace0 plain) f1=$(diff_ms ftrace plain) t1=$(diff_ms ftracet plain) u0=$(diff_ms uftrace0 plain) u1=$(diff_ms uftrace plain)
row "overhead cpu ms, --no-event" "$f0" "$f0" "$u0"
row "overhead cpu ms, with switches" "$f1" "$t1" "$u1"
s0=$(median <"$T/res/size0") s1=$(median <"$T/res/size")
if [ -s "$T/res/usize" ]; then v0=$(median <"$T/res/usize0") v1=$(median <"$T/res/usize"); fi
printf '%-34s %12s %12s\n' "trace KiB, --no-event / switches" "$s0 / $s1" "${v0:-n/a} / ${v1:-n/a}"
# thread start: cpu with switches minus --no-event, per thread of churn (16 per round)
per_thread() { [ -s "$T/res/$1" ] && paste -d' ' "$T/res/$1" "$T/res/${2:-churn0}" | awk -v n=$((CHURN * 16)) '$5 == 0 && $10 == 0 { print ($2 + $3 - $7 - $8) * 1e9 / n }' | median; }
cs=$(awk '{ print $1 }' "$T/res/cswitches" | median) cts=$(awk '{ print $1 }' "$T/res/ctswitches" | median)
echo "thread churn: $CHURN rounds of 16 threads; switches recorded per run: ${cs:-?} per CPU, ${cts:-?} per thread"
pt1=$(per_thread churn1) ptt=$(per_thread churnt) ptu=$(per_thread uchurn1 uchurn0)
row "cpu ns per thread started" "$pt1" "$ptt" "$ptu"
