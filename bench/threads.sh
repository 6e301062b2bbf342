#!/bin/bash
# SPDX-License-Identifier: MIT
# Thread churn, ftrace vs uftrace side by side: 500 rounds of 16 short threads (bench/churn.c).
#
# usage: bench/threads.sh [BUILD_DIR]      (BUILD_DIR holds ftrace and libmcount.so; default ./build)
# environment: CHURN_ROUNDS=500 (rounds of 16 threads per run), BENCH_ROUNDS=7 (paired runs),
#   BENCH_TMPDIR=DIR (where traces go), CC=gcc
# Prints, per tool, the median wall and cpu (user + sys) time of `TOOL record ./churn` minus the
# untraced program's in the same round (the recording overhead), and ftrace / uftrace for each: the
# target of issue 13 is <= 0.5. Each round runs untraced, ftrace and uftrace one after the other.
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" 2>/dev/null && pwd) || { echo "bench: no build directory" >&2; exit 1; }
CR=${CHURN_ROUNDS:-500}
ROUNDS=${BENCH_ROUNDS:-7}
CC=${CC:-gcc}
FTRACE=$build/ftrace
UFTRACE=$(command -v uftrace || true)

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$FTRACE" ] || die "no ftrace in '$build'"
T=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/ftrace-churn.XXXXXX") || die "cannot create a temporary directory"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/res"

"$CC" -O2 -Wall -o "$T/timeit" "$here/timeit.c" || die "cannot build timeit.c"
"$CC" -O2 -fno-omit-frame-pointer -o "$T/plain" "$here/churn.c" -lpthread &&
	"$CC" -O2 -fno-omit-frame-pointer -pg -o "$T/pg" "$here/churn.c" -lpthread || die "cannot build churn.c"

run() { # KEY CMD...: one line "wall user sys rss status" per run in res/KEY
	local key=$1
	shift
	"$T/timeit" -e "$T/$key.err" "$@" >>"$T/res/$key" || die "timeit failed"
}

for ((r = 1; r <= ROUNDS; r++)); do
	run plain "$T/plain" "$CR"
	rm -rf "$T/ft"
	run ftrace "$FTRACE" record -d "$T/ft" "$T/pg" "$CR"
	if [ -n "$UFTRACE" ]; then
		rm -rf "$T/uf"
		run uftrace "$UFTRACE" record -d "$T/uf" "$T/pg" "$CR"
	fi
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# median over rounds of TOOL - plain, f=1 wall, f=2 cpu, in ms
over() {
	[ -s "$T/res/$1" ] || return 0
	paste -d' ' "$T/res/$1" "$T/res/plain" |
		awk -v f="$2" '$5 == 0 && $10 == 0 { if (f == 1) print ($1 - $6) * 1e3; else print ($2 + $3 - $7 - $8) * 1e3 }' | median
}
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }' || echo "n/a"; }

fw=$(over ftrace 1) fc=$(over ftrace 2) uw=$(over uftrace 1) uc=$(over uftrace 2)
pw=$(awk '$5 == 0 { print $1 * 1e3 }' "$T/res/plain" | median)
echo "thread churn: $CR rounds of 16 threads, $ROUNDS paired runs; untraced ${pw} ms wall"
printf '%-22s %12s %12s\n' "recording overhead" "wall ms" "cpu ms"
printf '%-22s %12s %12s\n' "ftrace" "${fw:-n/a}" "${fc:-n/a}"
printf '%-22s %12s %12s\n' "uftrace" "${uw:-n/a}" "${uc:-n/a}"
printf '%-22s %12s %12s   (target <= 0.50)\n' "ftrace / uftrace" "$(ratio "$fw" "$uw")" "$(ratio "$fc" "$uc")"
