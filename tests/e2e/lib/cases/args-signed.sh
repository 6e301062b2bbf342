# SPDX-License-Identifier: MIT
# -A FUNC@argN with no format (or /d with no size) takes the size the DWARF prototype gives: an int of
# -1 prints -1, not 4294967295; an enum of masks prints as its names, not 65535; an argument given by
# -A and by -a's prototype of calloc prints once, in argument order.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" argtypes.c gcc -pg
"$FTRACE" record -A 'offset@arg1,arg2/d,arg3/d' -R 'offset@retval' -A 'cover@arg1' \
	-A 'calloc@arg2' -A 'calloc@arg1' -d "$T/d" "$T/prog" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record -A failed:" "$(cat "$T/record.err")"
replay_check "$T/d" "$LIB_DIR/expected/args-signed.out"
"$FTRACE" record -a -A 'calloc@arg2/x' -d "$T/d2" "$T/prog" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record -a -A failed:" "$(cat "$T/record.err")"
"$FTRACE" replay -d "$T/d2" | grep -q ' calloc(3, 0x8) = 0x' ||
	fail "-a -A calloc@arg2/x:" "$("$FTRACE" replay -d "$T/d2")"
exit 0
