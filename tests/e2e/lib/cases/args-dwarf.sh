# SPDX-License-Identifier: MIT
# -a on a program built with -g: its own functions show their arguments and return values as DWARF
# types them (ints of several sizes, a string, a char, double and float, enums by name and as flags),
# up to a struct passed by value; built with gcc (-pg, -pg -mfentry) and clang.
. "$E2E/lib/lib.sh"
for cc in "gcc -pg" "clang -pg" "gcc -pg -mfentry"; do
	command -v "${cc%% *}" >/dev/null || continue
	lib_build "$T/prog" dwarfargs.c "$cc"
	rm -rf "$T/d"
	"$FTRACE" record -a -d "$T/d" "$T/prog" >/dev/null 2>"$T/record.err" ||
		fail "ftrace record -a ($cc) failed:" "$(cat "$T/record.err")"
	[ -s "$T/record.err" ] && fail "ftrace record -a ($cc) wrote to stderr:" "$(cat "$T/record.err")"
	grep -qx 'use 1 color paint' "$T/d/enums" || fail "no enum use for paint in $T/d/enums ($cc)"
	replay_check "$T/d" "$LIB_DIR/expected/args-dwarf.out"
done
# an enum named by -A is looked up in the DWARF too
"$FTRACE" record -A 'pick@retval/e:color' -d "$T/d2" "$T/prog" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record -A e:color failed:" "$(cat "$T/record.err")"
"$FTRACE" replay -d "$T/d2" | grep -q 'pick() = BLUE;' || fail "-A pick@retval/e:color:" "$("$FTRACE" replay -d "$T/d2")"
expect_error "invalid item 'arg1/e'" "$FTRACE" record -A 'pick@arg1/e' -d "$T/d3" "$T/prog"
exit 0
