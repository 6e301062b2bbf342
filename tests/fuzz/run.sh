#!/bin/bash
# SPDX-License-Identifier: MIT
# The fuzz smoke test: builds the libFuzzer harnesses (tests/fuzz/build.sh) and runs each one over its
# committed seeds (corpus/<target>/) and the inputs that once broke it (regressions/<target>/), once
# each. One test per harness; ends with "N passed, N failed, N skipped" (skipped: no libFuzzer here).
#
# usage: tests/fuzz/run.sh [BUILDDIR]    (default: build-fuzz at the top of the source tree)
#   FUZZ_RUNS=N     after the replay, also run N mutations of each target from the fixed seed FUZZ_SEED
#                   (default 1): the same inputs on every run of one commit, so a CI result can be
#                   reproduced. New findings fail the run and land in BUILDDIR/fuzz/<target>.artifacts/.
#   FUZZ_SECONDS=N  instead, fuzz each target for N seconds from a random seed (exploration: doc/fuzzing.md)
set -u

SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILDDIR=${1:-$SRCDIR/build-fuzz}
FUZZ=$SRCDIR/tests/fuzz
passed=0 failed=0 skipped=0

bash "$FUZZ/build.sh" "$BUILDDIR"
rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP: fuzz harnesses (libFuzzer is not available: see the line above)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
elif [ $rc -ne 0 ]; then
	echo "FAIL: fuzz harnesses (the build failed)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# libFuzzer's options for the fuzzing after the replay: a fixed seed and count, or a random seed and a time
fuzz_budget() {
	if [ "${FUZZ_RUNS:-0}" -gt 0 ]; then
		echo "-seed=${FUZZ_SEED:-1} -runs=$FUZZ_RUNS"
	else
		echo "-max_total_time=$FUZZ_SECONDS"
	fi
}

fuzz_said() {
	if [ "${FUZZ_RUNS:-0}" -gt 0 ]; then
		echo ", $FUZZ_RUNS mutations from seed ${FUZZ_SEED:-1}"
	elif [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
		echo ", fuzzed ${FUZZ_SECONDS}s"
	fi
}

# Replays every seed and regression of one target; a crash, leak, UB report, hang or an allocation
# of 16 MB (no input of a few KiB needs one: regressions/reader_dir/deep-headers-no-max-stack made
# the reader stack 2^20 frames per stream before fuzz_reader_dir bounded info's max-stack) fails it.
run_target() {
	local t=$1 bin=$BUILDDIR/fuzz/fuzz_$1 log=$BUILDDIR/fuzz/$1.log inputs art

	mapfile -t inputs < <(find "$FUZZ/corpus/$t" "$FUZZ/regressions/$t" -type f 2>/dev/null | sort)
	if ! "$bin" -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=16 "${inputs[@]}" >"$log" 2>&1; then
		echo "FAIL: fuzz_$t: an input of corpus/$t or regressions/$t fails:"
		grep -E "ERROR|runtime error|Running:|SUMMARY" "$log" | tail -n 4
		return 1
	fi
	if [ "${FUZZ_RUNS:-0}" -gt 0 ] || [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
		art=$BUILDDIR/fuzz/$t.artifacts
		# a fresh working corpus, so that a fixed seed replays the same mutations
		rm -rf "$BUILDDIR/fuzz/$t.corpus"
		mkdir -p "$art" "$BUILDDIR/fuzz/$t.corpus"
		if ! "$bin" -close_fd_mask=3 $(fuzz_budget) -max_len=16384 -timeout=10 \
			-rss_limit_mb=2048 -artifact_prefix="$art/" "$BUILDDIR/fuzz/$t.corpus" "$FUZZ/corpus/$t" \
			>>"$log" 2>&1; then
			echo "FAIL: fuzz_$t: fuzzing found a new failure, in $art (log: $log)"
			return 1
		fi
	fi
	echo "PASS: fuzz_$t (${#inputs[@]} inputs$(fuzz_said))"
}

for src in "$FUZZ"/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	if run_target "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
