#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole test run of one build tree (`make check` calls it): the formatting check (tests/format.sh),
# every cmocka unit test binary, then the e2e suite (tests/e2e/run.sh). Ends with exactly one line "N passed, N failed, N skipped"; exits 1 when
# anything failed.
#
# usage: tests/run-tests.sh SRCDIR BUILDDIR
# Unit tests count one per cmocka case; a binary that dies without a cmocka summary counts as one failure.
# FTRACE_TESTS, FTRACE_MODES, FTRACE_JOBS, FTRACE_KEEP: see tests/e2e/run.sh (FTRACE_TESTS also filters
# unit test binaries by name, e.g. FTRACE_TESTS=test_format).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
SRCDIR=$(cd "$1" && pwd) && BUILDDIR=$(cd "$2" && pwd) || exit 2
passed=0 failed=0 skipped=0

selected() {
	local pattern

	[ -z "${FTRACE_TESTS:-}" ] && return 0
	for pattern in $FTRACE_TESTS; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $1 == $pattern ]] && return 0
	done
	return 1
}

# Runs one cmocka binary and adds its cases to the counts, from cmocka's own summary lines.
run_unit() {
	local bin=$1 name out rc p f

	name=$(basename "$bin")
	out=$(mktemp)
	"$bin" >"$out" 2>&1 </dev/null
	rc=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$p" ] && [ -z "$f" ]; then
		# no summary: it crashed or is not a cmocka program
		[ $rc -eq 77 ] && { skipped=$((skipped + 1)); echo "SKIP: $name"; return; }
		[ $rc -eq 0 ] && { passed=$((passed + 1)); echo "PASS: $name"; return; }
		failed=$((failed + 1))
		echo "FAIL: $name (exit $rc, no cmocka summary)"
		return
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		failed=$((failed + 1))
		echo "FAIL: $name (exit $rc after its summary)"
	fi
}

run_units() {
	local bin found=0

	echo "== unit tests"
	for bin in "$BUILDDIR"/tests/unit/test_*; do
		{ [ -f "$bin" ] && [ -x "$bin" ]; } || continue
		found=1
		selected "$(basename "$bin")" || continue
		run_unit "$bin"
	done
	if [ $found -eq 0 ]; then
		echo "SKIP: unit tests (none built in $BUILDDIR/tests/unit: is libcmocka-dev installed? run 'make check')"
		skipped=$((skipped + 1))
	fi
}

run_e2e() {
	local out line

	echo "== end-to-end tests"
	out=$(mktemp)
	bash "$SRCDIR/tests/e2e/run.sh" "$SRCDIR" "$BUILDDIR" | tee "$out"
	while IFS= read -r line; do
		case $line in
		PASS:*) passed=$((passed + 1)) ;;
		FAIL:*) failed=$((failed + 1)) ;;
		SKIP:*) skipped=$((skipped + 1)) ;;
		esac
	done <"$out"
	if [ -z "${FTRACE_TESTS:-}" ] && ! grep -Eq '^(PASS|FAIL|SKIP):' "$out"; then
		echo "FAIL: e2e (tests/e2e/run.sh reported no case)"
		failed=$((failed + 1))
	fi
	rm -f "$out"
}

# The house formatting rule (tests/format.sh): one case, "format".
run_format() {
	local rc

	selected format || return 0
	echo "== format"
	bash "$SRCDIR/tests/format.sh" "$SRCDIR"
	rc=$?
	case $rc in
	0) passed=$((passed + 1)); echo "PASS: format" ;;
	77) skipped=$((skipped + 1)); echo "SKIP: format (clang-format not installed)" ;;
	*) failed=$((failed + 1)); echo "FAIL: format" ;;
	esac
}

run_format
run_units
run_e2e
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
