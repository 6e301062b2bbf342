# SPDX-License-Identifier: MIT
# Helpers for the thread/process/signal/non-local-exit cases in tests/e2e/proc/cases (sourced by a case,
# after tests/e2e/lib.sh, inside run.sh, so mode_compiler is defined). A case runs its checks once per
# mode with proc_each; a failure in a mode listed by proc_known (a bug named there, in code this suite
# does not own) is collected instead, and the case then skips naming it; a known failure that passes
# fails the case, so the list is kept true.
# shellcheck disable=SC2034 # used by the cases
PROC_DIR=$E2E/proc
KNOWN=""   # "GLOB|reason" lines
GAPS=""    # what failed as known
PASSED=""  # modes that passed
KNOWN_SEEN="" # the reasons of the known failures seen

# proc_modes [MODES...]: the modes a case runs in: its own list (default: every mode), restricted by $MODES.
proc_modes() {
	local m want

	want=$(echo "${*:-$MODES}" | tr -s " \t\n" "   ")
	for m in $want; do
		# shellcheck disable=SC2086,SC2116
		case " $(echo $MODES) " in
		*" $m "*) echo "$m" ;;
		esac
	done
}

# proc_known GLOB REASON [racy]: a mode matching GLOB is expected to fail this case, because of REASON (a
# bug). With "racy" (a bug that depends on timing) a pass is not reported as unexpected.
proc_known() {
	KNOWN="$KNOWN$1|${3:-}|$2
"
}

# proc_build SOURCE MODE [CC OPTIONS...]: builds tests/e2e/proc/programs/SOURCE (.c with cc, .cc with c++)
# in MODE into $T/MODE/NAME and sets BIN.
proc_build() {
	local src=$PROC_DIR/programs/$1 mode=$2 cc name
	shift 2

	cc=$(mode_compiler "$mode") || fail "unknown mode '$mode'"
	case $src in
	*.cc) cc=$(echo "$cc" | sed -e 's/^gcc/g++/' -e 's/^clang/clang++/') ;;
	esac
	command -v "${cc%% *}" >/dev/null || skip "${cc%% *} is not installed"
	name=$(basename "${src%.*}")
	mkdir -p "$T/$mode"
	BIN=$T/$mode/$name
	$cc -g -Wall -Wextra -I"$E2E/programs" -o "$BIN" "$src" "$@" -lpthread 2>"$T/build.err" ||
		fail "cannot build $src with '$cc $*':" "$(cat "$T/build.err")"
}

# proc_record DIR PROG [ARGS...]: ftrace record --no-libcall (the trees show the program's own functions);
# exit 0 and a silent stderr expected; the program's stdout is in DIR.out.
proc_record() {
	local d=$1 rc
	shift

	rm -rf "$d"
	"$FTRACE" record --no-libcall -d "$d" "$@" >"$d.out" 2>"$d.err"
	rc=$?
	[ $rc -eq 0 ] || { echo "ftrace record $* exited $rc:"; cat "$d.err"; return 1; }
	[ -s "$d.err" ] && { echo "ftrace record $* wrote to stderr:"; cat "$d.err"; return 1; }
	return 0
}

# proc_tree DIR EXPECTED [REPLAY OPTIONS...]: the normalised replay of DIR equals EXPECTED (a file).
proc_tree() {
	local d=$1 want=$2
	shift 2

	"$FTRACE" replay "$@" -d "$d" >"$d.replay" 2>"$d.rerr" || { echo "ftrace replay failed:"; cat "$d.rerr"; return 1; }
	[ -s "$d.rerr" ] && { echo "ftrace replay wrote to stderr:"; cat "$d.rerr"; return 1; }
	normalize <"$d.replay" >"$d.norm"
	diff -u "$want" "$d.norm" || return 1
	if [ -x "$BUILDDIR/tests/unit/test_buffer" ]; then # see decoders_agree in tests/e2e/lib.sh
		"$BUILDDIR/tests/unit/test_buffer" "$d" >"$d.decoders" 2>&1 ||
			{ echo "the reader's two decoders disagree on $d:"; cat "$d.decoders"; return 1; }
	fi
}

# proc_expected NAME MODE: the first of expected/NAME.MODE.out (gcc-cyg-O2), NAME.STYLE.out (gcc-cyg)
# and NAME.out that exists.
proc_expected() {
	local f

	for f in "$1.$2" "$1.${2%-*}" "$1"; do
		[ -e "$PROC_DIR/expected/$f.out" ] && { echo "$PROC_DIR/expected/$f.out"; return 0; }
	done
	echo "$PROC_DIR/expected/$1.out"
}

# known_reason MODE: the reason MODE is expected to fail, if it is.
known_reason() {
	local line

	while IFS= read -r line; do
		[ -n "$line" ] || continue
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $1 == ${line%%|*} ]] && { echo "${line#*|}"; return 0; }  # "racy|reason" or "|reason"
	done <<<"$KNOWN"
	return 1
}

# proc_each FUNCTION [MODES...]: runs FUNCTION MODE for each mode (its output goes to $T/MODE.log), then
# ends the case: exit 0 if all passed, fail with the logs of the unexpected failures, or skip naming
# the known bugs when those were the only failures.
proc_each() {
	local fn=$1 mode reason racy failed="" ran=0
	shift

	for mode in $(proc_modes "$@"); do
		ran=$((ran + 1))
		reason=$(known_reason "$mode")
		racy=${reason%%|*}
		reason=${reason#*|}
		if ("$fn" "$mode") >"$T/$mode.log" 2>&1; then
			PASSED="$PASSED $mode"
			[ -n "$reason" ] && [ -z "$racy" ] && failed="$failed
== $mode passed, but is listed as failing ($reason): remove it from the case"
		elif [ -n "$reason" ]; then
			GAPS="$GAPS $mode"
			case $KNOWN_SEEN in
			*"$reason"*) ;;
			*) KNOWN_SEEN="${KNOWN_SEEN:+$KNOWN_SEEN; }$reason" ;;
			esac
		else
			failed="$failed
== $mode
$(cat "$T/$mode.log")"
		fi
	done
	[ $ran -gt 0 ] || skip "none of this case's modes is in FTRACE_MODES"
	[ -z "$failed" ] || fail "$failed"
	[ -z "$GAPS" ] || skip "known bug in$GAPS: $KNOWN_SEEN (passed:${PASSED:- none})"
	exit 0
}
