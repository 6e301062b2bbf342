# SPDX-License-Identifier: MIT
# --no-libcall when reading a trace that has library calls: they are hidden, and the program's functions
# they called back (a qsort comparator) take their place in the tree; report drops them too.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" dwarfargs.c gcc -pg
record_ok "$T/d" "$T/prog"
printf '%s\n' '# DURATION     TID     FUNCTION' '            [T1] | main() {' '   X.XXX us [T1] |   paint();' \
	'   X.XXX us [T1] |   paint();' '   X.XXX us [T1] |   scale();' '   X.XXX us [T1] |   pick();' \
	'   X.XXX us [T1] |   by_value();' '   X.XXX us [T1] |   cmp();' '   X.XXX us [T1] | } /* main */' >"$T/expected"
replay_check "$T/d" "$T/expected" --no-libcall
"$FTRACE" report --no-libcall -d "$T/d" >"$T/report.out" 2>"$T/report.err" ||
	fail "ftrace report --no-libcall failed:" "$(cat "$T/report.err")"
grep -qw cmp "$T/report.out" || fail "report --no-libcall lost cmp:" "$(cat "$T/report.out")"
grep -qw qsort "$T/report.out" && fail "report --no-libcall shows qsort:" "$(cat "$T/report.out")"
"$FTRACE" report -d "$T/d" | grep -qw qsort || fail "report without --no-libcall has no qsort"
exit 0
