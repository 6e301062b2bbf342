#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole test suite, as the README and .ci/run run it: a normal build running the unit and e2e tests
# (`make check`), then the same tests on a sanitizer build (tests/sanitize.sh), then the fuzz harnesses
# over their seeds and regressions, then FUZZ_RUNS mutations of each (default 1000, from a fixed
# seed so that a result can be reproduced; tests/fuzz/run.sh; skipped when clang has no libFuzzer). Ends with one
# line "N passed, N failed, N skipped" over all three; exits non-zero when a build or a test failed.
#
# usage: tests/ci.sh   (build trees build-ci/, build-sanitize/ and build-fuzz/ at the top of the source tree;
#                       logs in each one's test-suite.log)
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
JOBS=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0 skipped=0

# Adds the "N passed, N failed[, N skipped]" line of a log to the totals; a log without one is a failure.
count() {
	local line p f s

	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$1: no summary line (the build or the test run failed, see $2)"
		failed=$((failed + 1))
		return
	fi
	echo "$1: $line"
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
}

normal_build() {
	local b=$SRCDIR/build-ci

	mkdir -p "$b" && cd "$b" || return 1
	[ -f Makefile ] || "$SRCDIR/configure" -q || return 1
	make -s -j"$JOBS" all && make -s -j"$JOBS" check
}

cd "$SRCDIR" || exit 1
[ -x configure ] || ./bootstrap || exit 1
start=$(date +%s)
echo "=== normal build (build-ci/)"
mkdir -p build-ci build-sanitize build-fuzz
normal_build 2>&1 | tee build-ci/test-suite.log
echo "=== sanitizer build (build-sanitize/: -fsanitize=address,undefined, libmcount unsanitized)"
bash tests/sanitize.sh "$SRCDIR/build-sanitize" 2>&1 | tee build-sanitize/test-suite.log
echo "=== fuzz smoke (build-fuzz/: libFuzzer harnesses over tests/fuzz/corpus and regressions, then ${FUZZ_RUNS:-1000} mutations each from seed ${FUZZ_SEED:-1}, clang)"
FUZZ_RUNS=${FUZZ_RUNS:-1000} bash tests/fuzz/run.sh "$SRCDIR/build-fuzz" 2>&1 | tee build-fuzz/test-suite.log
echo "=== summary ($(($(date +%s) - start)) s)"
count "normal build" build-ci/test-suite.log
count "sanitizer build" build-sanitize/test-suite.log
count "fuzz smoke" build-fuzz/test-suite.log
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
