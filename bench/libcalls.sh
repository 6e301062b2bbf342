#!/bin/bash
# SPDX-License-Identifier: MIT
# Instructions per traced library call (the PLT hook's path), counted by callgrind, so that a change
# to the hook can be compared before/after on a loaded machine: bench/libcalls.c, built with -pg,
# makes N and 2N strlen() calls under valgrind with libmcount.so preloaded as `ftrace record` does;
# the difference of the two totals / N is the cost of one call (hook entry, strlen, exit). Three
# cases: no filter; a record-time filter table that names no function (`-D 1000`: the filtered
# entry, finding no rule); one whose rule names the call (`-T strlen@plt,trace`: the filtered
# entry reads the slot's rule, then records the call as usual; a build from before record-time
# @plt rules finds none).
#
# usage: bench/libcalls.sh [BUILD_DIR...]   (default ./build; several: one line each, same rounds)
set -u

here=$(cd "$(dirname "$0")" && pwd)
N=${BENCH_LIBCALLS_N:-100000}
command -v valgrind >/dev/null || { echo "libcalls: valgrind is not installed"; exit 77; }
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
"${CC:-gcc}" -O2 -fno-omit-frame-pointer -pg -o "$T/libcalls" "$here/libcalls.c" || exit 2

# total instructions of one run: BUILD FILTER-TABLE-OR-EMPTY CALLS
count() {
	rm -rf "$T/d" && mkdir "$T/d"
	env LD_PRELOAD="$1/libmcount.so" FTRACE_DIR="$T/d" FTRACE_CLOCK=tsc ${2:+FTRACE_FILTER=$2} \
		valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$T/libcalls" "$3" 2>&1 |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_call() {
	local a b
	a=$(count "$1" "$2" "$N") b=$(count "$1" "$2" $((2 * N)))
	awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN { printf "%.1f", (b - a) / n }'
}

# table BUILD NAME OPTIONS...: the filter table ftrace record writes for OPTIONS, as $T/NAME
table() {
	local build=$1 name=$2
	shift 2
	rm -rf "$T/rec"
	if ! "$build/ftrace" record -d "$T/rec" "$@" "$T/libcalls" 1 >/dev/null 2>&1; then
		echo "libcalls: ftrace record $* failed with $build"
		exit 1
	fi
	cp "$T/rec/filter" "$T/$name"
}

printf '%-36s %12s %12s %20s\n' "instructions per call" "unfiltered" "-D 1000" "-T strlen@plt,trace"
for build in "${@:-build}"; do
	build=$(cd "$build" && pwd) || exit 2
	table "$build" depth -D 1000
	table "$build" rule -T 'strlen@plt,trace'
	printf '%-36s %12s %12s %20s\n' "$build" "$(per_call "$build" "")" \
		"$(per_call "$build" "$T/depth")" "$(per_call "$build" "$T/rule")"
done
