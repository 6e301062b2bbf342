# SPDX-License-Identifier: MIT
# Helpers for the crash cases in tests/e2e/crash/cases (sourced after tests/e2e/lib.sh, inside run.sh, so
# mode_compiler is defined). A known gap in code this suite does not own is noted with gap(); a case whose
# only failures are known gaps ends with gaps_end and skips, naming them, so it passes once they are fixed.
# shellcheck disable=SC2034 # used by the cases
CRASH_DIR=$E2E/crash
GAPS=""

# crash_modes: the modes the crash cases run in (one per compiler style, restricted by $MODES).
crash_modes() {
	local m

	for m in gcc-pg-O2 gcc-fentry-O0 gcc-cyg-O2 clang-pg-O0 clang-cyg-O2; do
		# shellcheck disable=SC2086,SC2116 # flatten the list's newlines and tabs
		case " $(echo $MODES) " in
		*" $m "*) echo "$m" ;;
		esac
	done
}

# crash_build SOURCE MODE [CC OPTIONS...]: builds SOURCE (a path) with MODE's compiler into $T/bin/NAME-MODE;
# sets BIN. Skips when the compiler is missing.
crash_build() {
	local src=$1 mode=$2 cc name
	shift 2

	cc=$(mode_compiler "$mode") || fail "unknown mode '$mode'"
	command -v "${cc%% *}" >/dev/null || skip "${cc%% *} is not installed"
	name=$(basename "$src" .c)
	mkdir -p "$T/bin"
	BIN=$T/bin/$name-$mode
	$cc -g -Wall -Wextra -o "$BIN" "$src" "$@" -lpthread 2>"$T/build.err" ||
		fail "cannot build $src with '$cc':" "$(cat "$T/build.err")"
}

# crash_record DIR PROG [ARGS...]: ftrace record, keeping the exit code in RC, stdout in $T/out, stderr in
# $T/err, and the last line of stderr (the crash line) in LINE.
crash_record() {
	local d=$1
	shift

	rm -rf "$d"
	"$FTRACE" record -d "$d" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	LINE=$(tail -n 1 "$T/err")
}

# replay_to DIR FILE [OPTIONS...]: replay DIR into FILE; replay must succeed without a word on stderr.
replay_to() {
	local d=$1 f=$2
	shift 2

	"$FTRACE" replay "$@" -d "$d" >"$f" 2>"$T/replay.err" || fail "ftrace replay -d $d failed:" "$(cat "$T/replay.err")"
	[ -s "$T/replay.err" ] && fail "ftrace replay -d $d wrote to stderr:" "$(cat "$T/replay.err")"
	return 0
}

# count_entries FILE NAMES: how many calls of the functions in NAMES (an ERE alternation) FILE shows.
count_entries() {
	grep -Ec "\| +($2)\(\)( \{|;)\$" "$1"
}

# gap TEXT: a known gap in another component (noted once); the case goes on.
gap() {
	case "; $GAPS; " in
	*"; $1; "*) ;;
	*) GAPS="$GAPS${GAPS:+; }$1" ;;
	esac
}

# gaps_end: skip (naming the gaps) if any was noted, else pass.
gaps_end() {
	[ -z "$GAPS" ] && exit 0
	skip "known gaps: $GAPS"
}

# closes FILE N MARK: the last N lines of FILE close frames, each with "(MARK)".
closes() {
	local n

	n=$(tail -n "$2" "$1" | grep -Ec "\} /\* [A-Za-z_0-9]+ \($3\) \*/\$")
	[ "$n" -eq "$2" ]
}

# signal_tail FILE SIGNAME MARK: the replay ends with "/* signal SIGNAME ... */" followed only by frames
# closed with "(MARK)" (at least one per open level), the signal one level inside the innermost of them.
signal_tail() {
	local f=$1 sig=$2 mark=$3 at total after sig_indent close_indent

	at=$(grep -n "| *\/\* signal ${sig}[ )*]" "$f" | tail -n 1 | cut -d: -f1)
	[ -n "$at" ] || fail "replay shows no '/* signal $sig' line:" "$(tail -n 12 "$f")"
	total=$(wc -l <"$f")
	after=$((total - at))
	{ [ "$after" -ge 1 ] && closes "$f" "$after" "$mark"; } ||
		fail "replay: after the signal, not only frames closed as ($mark):" "$(tail -n 12 "$f")"
	sig_indent=$(sed -n "${at}p" "$f" | sed -E 's/^[^|]*\| ( *).*/\1/' | wc -c)
	close_indent=$(sed -n "$((at + 1))p" "$f" | sed -E 's/^[^|]*\| ( *).*/\1/' | wc -c)
	[ "$sig_indent" -eq $((close_indent + 2)) ] ||
		fail "replay: the signal is not inside the innermost open frame:" "$(tail -n 12 "$f")"
}

# demo_check DATA WANT-FILE: the normalised replay of DATA ends with the lines of WANT-FILE.
demo_check() {
	local n

	replay_to "$1" "$T/replay.out"
	normalize <"$T/replay.out" >"$T/replay.norm"
	n=$(wc -l <"$2")
	tail -n "$n" "$T/replay.norm" >"$T/replay.tail"
	diff -u "$2" "$T/replay.tail" >"$T/replay.diff" || fail "replay of $1 does not end as the walkthrough says:" "$(cat "$T/replay.diff")"
}

# demo_record EXPECTED-RC EXPECTED-LINE PROG [ARGS...]: record; check the exit code and the crash line
# (PROG as written in the line).
demo_record() {
	local rc=$1 line=$2
	shift 2

	crash_record "$T/d" "$@"
	[ "$RC" -eq "$rc" ] || fail "ftrace record $* exited $RC, expected $rc:" "$(cat "$T/err")"
	[ "$LINE" = "$line" ] || fail "ftrace record $*: the crash line is" "  $LINE" "expected" "  $line"
}
