# SPDX-License-Identifier: MIT
# -A and -R on the program's own function (int, string and double arguments, an int return value) and
# on library functions (a string argument, a size_t return value); two specs for one function merge.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" args.c gcc -pg
"$FTRACE" record -A 'scale@arg1/d32,arg2/s,fparg1' -R 'scale@retval/d32' -A 'strlen@arg1/s' \
	-R 'strlen@retval/u' -d "$T/d" "$T/prog" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record -A/-R failed:" "$(cat "$T/record.err")"
replay_check "$T/d" "$LIB_DIR/expected/args-spec.out"
expect_error "invalid item 'arg9'" "$FTRACE" record -A 'scale@arg9' -d "$T/d2" "$T/prog"
exit 0
