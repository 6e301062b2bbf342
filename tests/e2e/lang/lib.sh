# SPDX-License-Identifier: MIT
# Helpers for the C++/Rust name cases in tests/e2e/lang/cases (sourced after tests/e2e/lib.sh).
LANG_DIR=$E2E/lang

# lang_grep DATA REGEX [REPLAY OPTIONS...]: some line of the replay matches REGEX (grep -E).
lang_grep() {
	local d=$1 regex=$2
	shift 2

	"$FTRACE" replay "$@" -d "$d" >"$T/replay.out" 2>"$T/replay.err" ||
		fail "ftrace replay $* failed:" "$(cat "$T/replay.err")"
	grep -Eq -- "$regex" "$T/replay.out" ||
		fail "replay $* of $d: no line matches '$regex':" "$(head -n 20 "$T/replay.out")"
}

# lang_expected NAME VARIANT: expected/NAME.VARIANT.out if it exists, else expected/NAME.out.
lang_expected() {
	if [ -e "$LANG_DIR/expected/$1.$2.out" ]; then
		echo "$LANG_DIR/expected/$1.$2.out"
	else
		echo "$LANG_DIR/expected/$1.out"
	fi
}
