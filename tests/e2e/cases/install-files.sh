# SPDX-License-Identifier: MIT
# `make install DESTDIR=...` installs the command, the runtime, README, LICENSE and every doc/ page.
[ -f "$BUILDDIR/Makefile" ] || skip "no Makefile in $BUILDDIR"
install_into "$T/root" ||
	fail "make install failed:" "$(tail -20 install.log)"
prefix=$(sed -n "s/^prefix = //p" "$BUILDDIR/Makefile")
root=$T/root$prefix
[ -x "$root/bin/ftrace" ] || fail "no bin/ftrace installed:" "$(find "$T/root")"
[ -f "$root/lib/ftrace/libmcount.so" ] || fail "no libmcount.so installed:" "$(find "$T/root")"
doc=$root/share/doc/ftrace
cmp -s "$SRCDIR/LICENSE" "$doc/LICENSE" || fail "LICENSE not installed in $doc"
cmp -s "$SRCDIR/README.md" "$doc/README.md" || fail "README.md not installed in $doc"
for f in "$SRCDIR"/doc/*.md; do
	cmp -s "$f" "$doc/doc/$(basename "$f")" || fail "doc/$(basename "$f") not installed in $doc/doc"
done
grep -q "MIT License" "$SRCDIR/LICENSE" || fail "LICENSE is not the MIT licence the SPDX lines name"
exit 0
