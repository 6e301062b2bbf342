# SPDX-License-Identifier: MIT
# A name longer than the output buffer (64 KiB; 1 MiB names in tests/e2e/programs/long-name.c) is
# printed whole, in its place: replay's line and dump --chrome's event (a line longer than the
# buffer was once dropped).
prog long-name
record_ok data "$PROG"
name=$(head -c 1048576 /dev/zero | tr '\0' x)
"$FTRACE" replay -d data >out 2>"$T/err" || fail "ftrace replay failed:" "$(cat "$T/err")"
normalize <out >out.norm
{
	echo "# DURATION     TID     FUNCTION"
	echo "            [T1] | main() {"
	echo "   X.XXX us [T1] |   $name();"
	echo "   X.XXX us [T1] |   after();"
	echo "   X.XXX us [T1] | } /* main */"
} >want
cmp -s want out.norm || fail "unexpected replay of the long name:" "$(cut -c1-60 out.norm)"
"$FTRACE" dump --chrome -d data >out.json 2>"$T/err" || fail "ftrace dump --chrome failed:" "$(cat "$T/err")"
echo "\"name\":\"$name\"" >want.json # (a pattern file: one argument is at most 128 KiB)
[ "$(grep -c -F -f want.json out.json)" = 1 ] || fail "dump --chrome lost the long name:" "$(cut -c1-60 out.json)"
grep -q '"name":"after"' out.json || fail "dump --chrome lost the call after the long name"
