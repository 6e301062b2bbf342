# SPDX-License-Identifier: MIT
# --srcline: file:line of each function from the table record saves in sym/, which still holds after
# the program is rebuilt with its functions on other lines; without the table, from the binary's DWARF.
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
cp "$LIB_DIR/programs/dwarfargs.c" "$T/" && cd "$T" || fail "cannot copy dwarfargs.c"
gcc -pg -g -O0 -I"$E2E/programs" -o prog dwarfargs.c 2>"$T/build.err" || fail "cannot build:" "$(cat "$T/build.err")"
record_ok "$T/d" "$T/prog"
ls "$T/d/sym/"prog.srcline >/dev/null || fail "no sym/prog.srcline in $T/d"
replay_check "$T/d" "$LIB_DIR/expected/srcline.out" --srcline
# rebuilt with two lines more at the top: the saved table still says where the recorded code was
sed -i '1i /* moved */\n/* down */' dwarfargs.c
gcc -pg -g -O0 -I"$E2E/programs" -o prog dwarfargs.c 2>"$T/build.err" || fail "cannot rebuild:" "$(cat "$T/build.err")"
replay_check "$T/d" "$LIB_DIR/expected/srcline.out" --srcline
# no table: read from the (rebuilt) binary
rm "$T/d/sym/prog.srcline"
awk '{ if (match($0, /dwarfargs\.c:[0-9]+/)) { n = substr($0, RSTART + 12, RLENGTH - 12) + 2;
	$0 = substr($0, 1, RSTART + 11) n substr($0, RSTART + RLENGTH) } print }' \
	"$LIB_DIR/expected/srcline.out" >"$T/expected.moved"
replay_check "$T/d" "$T/expected.moved" --srcline
exit 0
