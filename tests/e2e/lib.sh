# SPDX-License-Identifier: MIT
# Helpers for the e2e cases (sourced by run.sh; a case in cases/NAME.sh runs in its own directory $T).
# A case passes by returning 0, fails with fail(), skips with skip() (exit 77, the reason on the last line).
# Set by run.sh: FTRACE (the build tree's ftrace), SRCDIR, BUILDDIR, E2E (tests/e2e), WORK, MODES.

fail() {
	printf '%s\n' "$@"
	exit 1
}

skip() {
	printf '%s\n' "$1"
	exit 77
}

# install_into DIR: `make install DESTDIR=DIR` of the build tree, output in install.log. Cases run two at a
# time and three of them install: one at a time, so that two makes never rebuild the same file at once.
install_into() {
	flock "$BUILDDIR/.e2e-install.lock" make -s -C "$BUILDDIR" install DESTDIR="$1" >install.log 2>&1
}

# prog NAME [MODE]: sets PROG to tests/e2e/programs/NAME.c built in MODE (default: the first of $MODES).
# Not a $(...) function, so that its skip or fail ends the case.
prog() {
	local mode=${2:-} bin

	# shellcheck disable=SC2086 # split the list
	[ -n "$mode" ] || mode=$(echo $MODES | cut -d" " -f1)
	bin=$WORK/bin/$mode/$1
	[ -e "$bin.skip" ] && skip "$(cat "$bin.skip")"
	[ -e "$bin.err" ] && fail "cannot build $1 in $mode:" "$(cat "$bin.err")"
	[ -x "$bin" ] || fail "$1 was not built in $mode"
	# shellcheck disable=SC2034 # used by the cases
	PROG=$bin
}

# normalize < replay-output: see normalize.sh
normalize() {
	sh "$E2E/normalize.sh"
}

# replay_check DIR EXPECTED [REPLAY OPTIONS...]: `ftrace replay -d DIR` exits 0, is silent on stderr,
# prints the tree in EXPECTED.
# decoders_agree DIR: the reader's fast and slow decoders (decode_run, decode_one) read DIR record for
# record alike, run by tests/unit/test_buffer DIR (not built without cmocka: then nothing is checked).
decoders_agree() {
	local bin=$BUILDDIR/tests/unit/test_buffer

	[ -x "$bin" ] || return 0
	"$bin" "$1" >"$1.decoders" 2>&1 ||
		fail "the reader's two decoders disagree on $1:" "$(cat "$1.decoders")"
}

replay_check() {
	local d=$1 expected=$2 rc
	shift 2

	"$FTRACE" replay "$@" -d "$d" >"$T/replay.out" 2>"$T/replay.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace replay $* exited $rc:" "$(cat "$T/replay.err")"
	[ -s "$T/replay.err" ] && fail "ftrace replay $* wrote to stderr:" "$(cat "$T/replay.err")"
	normalize <"$T/replay.out" >"$T/replay.norm"
	diff -u "$expected" "$T/replay.norm" >"$T/replay.diff" || fail "replay $* of $d:" "$(cat "$T/replay.diff")"
	return 0
}

# expect_error REGEX CMD [ARGS...]: CMD fails cleanly: a non-zero exit that is not a crash (< 128), and
# exactly one line on stderr, "ftrace: ..." matching REGEX (grep -E).
expect_error() {
	local regex=$1 rc lines
	shift

	"$@" >"$T/cmd.out" 2>"$T/cmd.err"
	rc=$?
	lines=$(wc -l <"$T/cmd.err")
	[ $rc -ne 0 ] || fail "'$*' exited 0; stderr:" "$(cat "$T/cmd.err")"
	[ $rc -lt 128 ] || fail "'$*' crashed (exit $rc); stderr:" "$(cat "$T/cmd.err")"
	[ "$lines" -eq 1 ] || fail "'$*' wrote $lines lines on stderr, expected one:" "$(cat "$T/cmd.err")"
	grep -Eq "^ftrace: .*($regex)" "$T/cmd.err" ||
		fail "'$*': stderr does not match 'ftrace: .*($regex)':" "$(cat "$T/cmd.err")"
	return 0
}

# record_ok DIR PROG [ARGS...]: record PROG into DIR, expecting exit 0 and a silent stderr.
record_ok() {
	local d=$1 rc
	shift

	"$FTRACE" record -d "$d" "$@" >"$T/record.out" 2>"$T/record.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace record $* exited $rc:" "$(cat "$T/record.err")"
	return 0
}

# run_ok OUT CMD...: CMD exits 0 with nothing on stderr; its stdout goes to OUT.
run_ok() {
	local out=$1 rc
	shift

	"$@" >"$out" 2>"$T/run.err"
	rc=$?
	[ $rc -eq 0 ] || fail "'$*' exited $rc:" "$(cat "$T/run.err")"
	[ -s "$T/run.err" ] && fail "'$*' wrote to stderr:" "$(cat "$T/run.err")"
	return 0
}

# first_dat DIR: the path of the first <tid>.dat stream in a data directory.
first_dat() {
	local f

	for f in "$1"/*.dat; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	fail "no .dat stream in '$1':" "$(ls -la "$1")"
}
