# SPDX-License-Identifier: MIT
# The runtime includes only its own headers and common/ (never the analyser's), and every libmcount
# function another file calls is declared in a header, not by hand in a .c file.
cd "$SRCDIR/libmcount" || fail "no libmcount/ in '$SRCDIR'"
bad=""
for inc in $(grep -ho '^#include "[^"]*"' ./*.c ./*.h arch/x86_64/* | sed 's/^#include "\(.*\)"/\1/' | sort -u); do
	[ -e "$inc" ] || [ -e "arch/x86_64/$inc" ] || [ -e "../common/$inc" ] || bad="$bad $inc"
done
[ -z "$bad" ] || fail "libmcount includes headers from outside libmcount/ and common/:$bad"
hand=$(grep -n '^extern.*(' ./*.c) && fail "functions declared by hand in libmcount's .c files:" "$hand"
exit 0
