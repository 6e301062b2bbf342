# SPDX-License-Identifier: MIT
# Helpers for the library-call and argument cases in tests/e2e/lib/cases (sourced after tests/e2e/lib.sh).
LIB_DIR=$E2E/lib

# lib_build OUT SRC CC-AND-FLAGS...: builds a program of tests/e2e/lib/programs (or fails the case).
lib_build() {
	local out=$1 src=$2
	shift 2

	command -v "${1%% *}" >/dev/null || skip "$1 is not installed"
	# shellcheck disable=SC2068 # the flags are words
	$@ -g -O0 -I"$E2E/programs" -o "$out" "$LIB_DIR/programs/$src" -ldl 2>"$T/build.err" ||
		fail "cannot build $src with '$*':" "$(cat "$T/build.err")"
}

# lib_plt_case CC FLAGS...: libcalls.c built with CC and FLAGS shows its library calls by name.
lib_plt_case() {
	lib_build "$T/prog" libcalls.c "$@"
	record_ok "$T/d" "$T/prog"
	[ -s "$T/record.err" ] && fail "ftrace record wrote to stderr:" "$(cat "$T/record.err")"
	replay_check "$T/d" "$LIB_DIR/expected/libcalls.out"
}

# lib_with_instlib 'CC FLAGS' SRC: builds programs/instlib.c as $T/libinst.so and SRC as $T/prog
# linked with it (rpath $T), both with CC FLAGS.
lib_with_instlib() {
	# shellcheck disable=SC2086 # the flags are words
	$1 -g -O0 -fPIC -shared -I"$E2E/programs" -o "$T/libinst.so" "$LIB_DIR/programs/instlib.c" 2>"$T/build.err" ||
		fail "cannot build libinst.so with '$1':" "$(cat "$T/build.err")"
	# shellcheck disable=SC2086 # the flags are words
	$1 -g -O0 -I"$E2E/programs" -o "$T/prog" "$LIB_DIR/programs/$2" -L"$T" -linst -Wl,-rpath,"$T" \
		2>"$T/build.err" || fail "cannot build $2 with '$1':" "$(cat "$T/build.err")"
}
