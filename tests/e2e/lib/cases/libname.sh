# SPDX-License-Identifier: MIT
# --libname: functions outside the executable are shown as name@library, on both lines of a call.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" dwarfargs.c gcc -pg
record_ok "$T/d" "$T/prog"
replay_check "$T/d" "$LIB_DIR/expected/libname.out" --libname
exit 0
