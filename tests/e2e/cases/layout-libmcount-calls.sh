# SPDX-License-Identifier: MIT
# Calls between libmcount's hooks and their two clients point one way: plthook.c calls the hooks
# (mcount.c) and record_filter.c calls neither back; the hooks read the stubs through plt_stub.h.
# Read from the symbols each object file defines and uses (nm), so a call added by hand is seen too.
command -v nm >/dev/null || skip "nm is not installed (binutils)"
obj=$BUILDDIR/libmcount
for f in mcount plthook record_filter; do
	[ -e "$obj/so-$f.o" ] || skip "no $obj/so-$f.o (the build names libmcount's objects differently)"
done

# uses A B: the symbols object A uses that object B defines
uses() {
	comm -12 <(nm -u "$obj/so-$1.o" | awk '{print $2}' | sort -u) \
		<(nm --defined-only "$obj/so-$2.o" | awk '$2 ~ /^[TtDdBbRr]$/ {print $3}' | sort -u)
}

# the check itself sees a call that is there
[ -n "$(uses plthook mcount)" ] || fail "plthook.o uses nothing of mcount.o: the check reads nothing"
for pair in "mcount plthook" "record_filter mcount" "record_filter plthook"; do
	set -- $pair
	u=$(uses "$1" "$2")
	[ -z "$u" ] || fail "$1.c calls $2.c, which calls it: the calls must point one way:" "$u"
done
exit 0
