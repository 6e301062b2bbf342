#!/bin/bash
# SPDX-License-Identifier: MIT
# The e2e runner: builds tests/e2e/programs/*.c once per instrumentation mode, then runs, in parallel,
# every replay-* program in every mode (record, replay, compare with expected/) and every scripted case
# in tests/e2e/cases/ and tests/e2e/lang/cases/ (C++ and Rust, named lang-NAME). Prints one
# "PASS: name", "FAIL: name" (then a diff -u or the reason) or "SKIP: name (reason)" per case.
#
# usage: tests/e2e/run.sh SRCDIR BUILDDIR
# environment:
#   FTRACE_TESTS='replay-loop* record-*'  only the cases whose name matches one of these globs
#   FTRACE_MODES='gcc-pg-O0 clang-cyg-O2' only these modes (default: all of ALL_MODES)
#   FTRACE_JOBS=N                          parallel jobs (default: the number of CPUs)
#   FTRACE_KEEP=1                          keep the work directory (its path is printed)
#   FTRACE_CASE_TIMEOUT=S                  seconds before a case is killed and failed (default 300: a loaded machine runs the heavy cases several times slower)
set -u

ALL_MODES="gcc-pg-O0 gcc-pg-O2 gcc-fentry-O0 gcc-fentry-O2 gcc-cyg-O0 gcc-cyg-O2
	clang-pg-O0 clang-pg-O2 clang-cyg-O0 clang-cyg-O2"

# "gcc-fentry-O2" -> "gcc -pg -mfentry -O2"
mode_compiler() {
	local opt=${1##*-}

	case ${1%-*} in
	gcc-pg) echo "gcc -pg -$opt" ;;
	gcc-fentry) echo "gcc -pg -mfentry -$opt" ;;
	gcc-cyg) echo "gcc -finstrument-functions -$opt" ;;
	clang-pg) echo "clang -pg -$opt" ;;
	clang-cyg) echo "clang -finstrument-functions -$opt" ;;
	*) return 1 ;;
	esac
}

# Builds one program for one mode into $WORK/bin/MODE/NAME; a missing compiler leaves NAME.skip.
build_one() {
	local mode=$1 name=$2 cc out
	cc=$(mode_compiler "$mode") || { echo "unknown mode '$mode'" >&2; return 1; }
	out=$WORK/bin/$mode/$name
	mkdir -p "$WORK/bin/$mode"
	if ! command -v "${cc%% *}" >/dev/null; then
		echo "${cc%% *} is not installed" >"$out.skip"
		return 0
	fi
	$cc -g -Wall -Wextra -I"$E2E/programs" -o "$out" "$E2E/programs/$name.c" -lpthread >"$out.log" 2>&1 ||
		mv "$out.log" "$out.err"
}

# A replay case: record the program built in MODE, replay it, compare the normalised tree.
run_replay_case() {
	local name=$1 mode=$2 bin=$WORK/bin/$2/$1 d=$T/data expected rc

	[ -e "$bin.skip" ] && skip "$(cat "$bin.skip")"
	[ -e "$bin.err" ] && fail "cannot build $name with '$(mode_compiler "$mode")':" "$(cat "$bin.err")"
	"$FTRACE" record -d "$d" "$bin" >"$T/prog.out" 2>"$T/record.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace record exited $rc (the program exits 0):" "$(cat "$T/record.err")"
	[ -s "$T/record.err" ] && fail "ftrace record wrote to stderr:" "$(cat "$T/record.err")"
	expected=$E2E/expected/$name.$mode.out
	[ -e "$expected" ] || expected=$E2E/expected/$name.out
	replay_check "$d" "$expected"
	decoders_agree "$d"
}

# Suites are the folders with a cases/ of their own: tests/e2e/SUITE/cases/NAME.sh is the case
# SUITE-NAME, so a new suite needs no change here. Plain tests/e2e/cases/NAME.sh is NAME.
suites() {
	local d

	for d in "$E2E"/*/cases; do
		[ -d "$d" ] && basename "$(dirname "$d")"
	done
}

case_file() {
	local id=$1 s

	for s in $(suites); do
		if [ "${id#"$s"-}" != "$id" ] && [ -e "$E2E/$s/cases/${id#"$s"-}.sh" ]; then
			echo "$E2E/$s/cases/${id#"$s"-}.sh"
			return
		fi
	done
	echo "$E2E/cases/$id.sh"
}

# The body of one case, in its own temporary directory T (cwd); its output goes to the case log.
case_body() {
	local id=$1

	T=$WORK/tmp/${id//\//@}
	mkdir -p "$T" && cd "$T" || exit 1
	export T
	case $id in
	*/*) run_replay_case "${id%/*}" "${id#*/}" ;;
	*)
		# shellcheck disable=SC1090 # one file per case
		. "$(case_file "$id")"
		;;
	esac
}

# Runs one case under a time limit (a hung ftrace fails its case, not the suite); writes
# $WORK/res/ID.status and ID.log.
run_case() {
	local id=$1 res=$WORK/res/${1//\//@} rc

	timeout -k 5 "$CASE_TIMEOUT" "$0" --case-body "$id" >"$res.log" 2>&1 </dev/null
	rc=$?
	case $rc in
	0) echo PASS >"$res.status" ;;
	77) echo "SKIP ($(tail -n 1 "$res.log"))" >"$res.status" ;;
	124 | 137) echo "FAIL (timed out after $CASE_TIMEOUT s)" | tee -a "$res.log" >"$res.status" ;;
	*) echo FAIL >"$res.status" ;;
	esac
}

selected() {
	local pattern

	[ -z "${FTRACE_TESTS:-}" ] && return 0
	for pattern in $FTRACE_TESTS; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $1 == $pattern ]] && return 0
	done
	return 1
}

list_cases() {
	local f name mode s

	for f in "$E2E"/programs/replay-*.c; do
		name=$(basename "$f" .c)
		for mode in $MODES; do
			selected "$name/$mode" || selected "$name" && echo "$name/$mode"
		done
	done
	for f in "$E2E"/cases/*.sh; do
		name=$(basename "$f" .sh)
		selected "$name" && echo "$name"
	done
	for s in $(suites); do
		for f in "$E2E/$s"/cases/*.sh; do
			[ -e "$f" ] || continue
			name=$s-$(basename "$f" .sh)
			selected "$name" && echo "$name"
		done
	done
}

report() {
	local id res status

	while read -r id; do
		res=$WORK/res/${id//\//@}
		status=$(cat "$res.status" 2>/dev/null || echo "FAIL")
		case $status in
		PASS) echo "PASS: $id" ;;
		SKIP*) echo "SKIP: $id ${status#SKIP }" ;;
		*)
			echo "FAIL: $id"
			sed 's/^/    /' "$res.log"
			;;
		esac
	done <"$WORK/cases"
}

main() {
	SRCDIR=$(cd "$1" && pwd) && BUILDDIR=$(cd "$2" && pwd) || exit 2
	E2E=$SRCDIR/tests/e2e
	FTRACE=$BUILDDIR/ftrace
	MODES=${FTRACE_MODES:-$ALL_MODES}
	CASE_TIMEOUT=${FTRACE_CASE_TIMEOUT:-300}
	JOBS=${FTRACE_JOBS:-$(nproc 2>/dev/null || echo 2)}
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/ftrace-e2e.XXXXXX") || exit 2
	if [ "${FTRACE_KEEP:-}" = 1 ]; then
		echo "e2e work directory: $WORK"
	else
		trap 'rm -rf "$WORK"' EXIT
	fi
	# recorded context switches would make every expected tree depend on the scheduler: the cases
	# of tests/e2e/sched/ turn them back on
	export FTRACE_NO_EVENT=1
	export SRCDIR BUILDDIR E2E FTRACE WORK MODES CASE_TIMEOUT
	mkdir -p "$WORK/res" "$WORK/tmp"

	if [ ! -x "$FTRACE" ]; then
		echo "FAIL: e2e ($FTRACE was not built)"
		return 1
	fi
	list_cases >"$WORK/cases"
	[ -s "$WORK/cases" ] || return 0
	for mode in $MODES; do
		for f in "$E2E"/programs/*.c; do
			echo "$mode $(basename "$f" .c)"
		done
	done | xargs -P "$JOBS" -L 1 "$0" --build
	xargs -P "$JOBS" -L 1 "$0" --case <"$WORK/cases"
	report
}

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
case ${1:-} in
--build) build_one "$2" "$3" ;;
--case) run_case "$2" ;;
--case-body) case_body "$2" ;;
*)
	[ $# -eq 2 ] || { echo "usage: $0 SRCDIR BUILDDIR" >&2; exit 2; }
	main "$@"
	;;
esac
