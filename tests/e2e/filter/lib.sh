# SPDX-License-Identifier: MIT
# Helpers for the filter cases in tests/e2e/filter/cases (sourced after tests/e2e/lib.sh).
# Every filter must mean the same thing at record time and at replay time: filter_case records the
# program with the options and without, replays the full trace with them, and wants both trees to be
# the expected one, in each instrumentation mode.
FILTER_DIR=$E2E/filter
FILTER_MODES=${FILTER_MODES:-"gcc -pg|gcc -pg -mfentry|gcc -finstrument-functions|clang -pg -O2"}

# filter_build OUT CC-AND-FLAGS [PROGRAM]: builds programs/PROGRAM.c (default filtered), or skips
# when the compiler is missing.
filter_build() {
	local src=${3:-filtered}

	command -v "${2%% *}" >/dev/null || skip "${2%% *} is not installed"
	# shellcheck disable=SC2086 # the flags are words
	$2 -g -I"$E2E/programs" -o "$1" "$FILTER_DIR/programs/$src.c" 2>"$T/build.err" ||
		fail "cannot build $src.c with '$2':" "$(cat "$T/build.err")"
}

# filter_replay DATA OUT [OPTIONS...]: the normalised replay, which must exit 0 and be silent.
filter_replay() {
	local d=$1 out=$2 rc
	shift 2

	"$FTRACE" replay --no-libcall "$@" -d "$d" >"$T/replay.out" 2>"$T/replay.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace replay $* exited $rc:" "$(cat "$T/replay.err")"
	[ -s "$T/replay.err" ] && fail "ftrace replay $* wrote to stderr:" "$(cat "$T/replay.err")"
	normalize <"$T/replay.out" >"$out"
}

# filter_record DATA PROG [OPTIONS...]
filter_record() {
	local d=$1 prog=$2 rc
	shift 2

	"$FTRACE" record --no-libcall "$@" -d "$d" "$prog" >/dev/null 2>"$T/record.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace record $* exited $rc:" "$(cat "$T/record.err")"
	[ -s "$T/record.err" ] && fail "ftrace record $* wrote to stderr:" "$(cat "$T/record.err")"
	return 0
}

# filter_case EXPECTED-NAME [OPTIONS...]: record-time and replay-time filtering give expected/NAME.out.
# FILTER_PROG names another program of programs/ (default filtered).
filter_case() {
	local name=$1 expected=$FILTER_DIR/expected/$1.out mode
	shift

	IFS='|' read -ra modes <<<"$FILTER_MODES"
	for mode in "${modes[@]}"; do
		filter_build "$T/prog" "$mode" "${FILTER_PROG:-filtered}"
		rm -rf "$T/full" "$T/rec"
		filter_record "$T/full" "$T/prog"
		filter_record "$T/rec" "$T/prog" "$@"
		filter_replay "$T/full" "$T/at-replay" "$@"
		filter_replay "$T/rec" "$T/at-record"
		diff -u "$expected" "$T/at-replay" >"$T/diff" || fail "[$mode] replay $* of a full trace:" "$(cat "$T/diff")"
		diff -u "$expected" "$T/at-record" >"$T/diff" || fail "[$mode] record $*, then replay:" "$(cat "$T/diff")"
	done
	return 0
}
