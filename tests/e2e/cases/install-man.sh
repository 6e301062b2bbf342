# SPDX-License-Identifier: MIT
# `make install` installs ftrace(1) and a page per command (each command of `ftrace --help`); every
# option of `ftrace CMD --help` (the option table) is in its page; the pages render without warnings.
[ -f "$BUILDDIR/Makefile" ] || skip "no Makefile in $BUILDDIR"
grep -q '^PANDOC = ..*' "$BUILDDIR/Makefile" || skip "pandoc was not found by configure: no manual pages"
install_into "$T/root" ||
	fail "make install failed:" "$(tail -20 install.log)"
prefix=$(sed -n "s/^prefix = //p" "$BUILDDIR/Makefile")
man1=$T/root$prefix/share/man/man1
[ -f "$man1/ftrace.1" ] || fail "no ftrace.1 installed:" "$(find "$T/root" -name '*.1')"
cmds=$("$FTRACE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] || fail "no commands in ftrace --help"
# roff spells - as \-; the rest is plain text
plain() { sed -e 's/\\-/-/g' -e 's/\\f\[[A-Z]*\]//g' "$1"; }
for c in $cmds; do
	page=$man1/ftrace-$c.1
	[ -f "$page" ] || fail "no manual page for '$c' (add it to FT_MAN_PAGES in Makefile.am)"
	plain "$page" >"$c.txt"
	summary=$("$FTRACE" --help | sed -n "s/^  $c  *//p")
	tr '\n' ' ' <"$c.txt" | grep -qF "ftrace-$c - $summary" || fail "ftrace-$c.1: no NAME line 'ftrace-$c - $summary'"
	grep -q "^\.SH DESCRIPTION" "$c.txt" || fail "ftrace-$c.1: no DESCRIPTION (doc/ftrace-$c.md)"
	for o in $("$FTRACE" "$c" --help | sed -n '/^options:/,$p' | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
		grep -qe "$o" "$c.txt" || fail "ftrace-$c.1 lacks the option $o"
	done
	grep -q "ftrace-$c" "$man1/ftrace.1" || fail "ftrace.1 does not name ftrace-$c"
	if command -v man >/dev/null; then
		MANWIDTH=100 man -l "$page" >"$c.man" 2>"$c.warn" || fail "man -l ftrace-$c.1 failed:" "$(cat "$c.warn")"
		# a table cell too narrow to justify is cosmetic; anything else is a broken page
		grep -v -e "cannot adjust line" -e "can't break line" "$c.warn" >"$c.bad"
		[ -s "$c.bad" ] && fail "man -l ftrace-$c.1 warns:" "$(cat "$c.bad")"
		grep -q "^OPTIONS" "$c.man" || fail "ftrace-$c.1 renders without OPTIONS:" "$(head -20 "$c.man")"
	fi
done
exit 0
