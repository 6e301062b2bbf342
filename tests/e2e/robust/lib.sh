# SPDX-License-Identifier: MIT
# Helpers for tests/e2e/robust/cases (sourced by a case after tests/e2e/lib.sh, inside run.sh, so
# mode_compiler is defined): hostile programs, exhausted resources and planted files.
# shellcheck disable=SC2034 # used by the cases
ROBUST_DIR=$E2E/robust

# robust_build SOURCE [MODE [CC OPTIONS...]]: builds tests/e2e/robust/programs/SOURCE in MODE (default:
# the first of $MODES) into $T/NAME and sets BIN.
robust_build() {
	local src=$ROBUST_DIR/programs/$1 mode=${2:-} cc name
	shift 2 2>/dev/null || shift $#

	# shellcheck disable=SC2086 # split the list
	[ -n "$mode" ] || mode=$(echo $MODES | cut -d" " -f1)
	cc=$(mode_compiler "$mode") || fail "unknown mode '$mode'"
	command -v "${cc%% *}" >/dev/null || skip "${cc%% *} is not installed"
	name=$(basename "${src%.*}")
	BIN=$T/$name
	$cc -g -Wall -Wextra -I"$E2E/programs" -o "$BIN" "$src" "$@" -lpthread 2>"$T/build.err" ||
		fail "cannot build $src with '$cc $*':" "$(cat "$T/build.err")"
}

# untraced_same DIR BIN [ARGS...]: BIN prints and exits the same traced (its exit code is ftrace record's)
# as untraced. Record's stdout and stderr are in $T/NAME.out and $T/NAME.err, NAME being DIR's last part
# (outside DIR, which may be on a disk that fills up).
untraced_same() {
	local d=$1 o rc0 rc1
	shift

	o=$T/$(basename "$d")
	"$@" >"$T/plain.out" 2>"$T/plain.err"
	rc0=$?
	"$FTRACE" record -d "$d" "$@" >"$o.out" 2>"$o.err"
	rc1=$?
	[ "$rc0" -eq "$rc1" ] || fail "traced exit $rc1, untraced $rc0; ftrace said:" "$(cat "$o.err")"
	diff -u "$T/plain.out" "$o.out" >"$T/out.diff" || fail "traced output differs:" "$(cat "$T/out.diff")"
	return 0
}
