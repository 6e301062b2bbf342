# SPDX-License-Identifier: MIT
# Helpers for the uftrace-compatibility cases in tests/e2e/compat/cases (sourced after
# tests/e2e/lib.sh): a uftrace user's command lines, run unchanged, give the tree uftrace shows
# (doc/uftrace-differences.md lists where ftrace deliberately differs).
COMPAT_DIR=$E2E/compat

# compat_build OUT SOURCE [CC-AND-FLAGS]: builds programs/SOURCE (default gcc -pg), or skips when
# the compiler is missing.
compat_build() {
	local cc=${3:-gcc -pg}

	command -v "${cc%% *}" >/dev/null || skip "${cc%% *} is not installed"
	# shellcheck disable=SC2086 # the flags are words
	$cc -g -I"$E2E/programs" -o "$1" "$COMPAT_DIR/programs/$2" -lpthread 2>"$T/build.err" ||
		fail "cannot build $2 with '$cc':" "$(cat "$T/build.err")"
}

# compat_run OUT CMD...: CMD exits 0 with nothing on stderr; its normalised stdout goes to OUT.
compat_run() {
	local out=$1
	shift

	run_ok "$T/run.out" "$@"
	normalize <"$T/run.out" >"$out"
}

# compat_expect NAME FILE: FILE is expected/NAME.out
compat_expect() {
	diff -u "$COMPAT_DIR/expected/$1.out" "$2" >"$T/diff" || fail "$1:" "$(cat "$T/diff")"
}
