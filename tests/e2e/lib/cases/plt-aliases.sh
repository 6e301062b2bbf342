# SPDX-License-Identifier: MIT
# A library call is named as the program's relocation asks for it (memcmp, strchr, strrchr, open64,
# _exit), not by whichever glibc alias shares the address (bcmp, index, rindex, open, _Exit); memcmp
# and bcmp called by one program stay two functions, and -F memcmp finds memcmp. gcc and clang -pg.
. "$E2E/lib/lib.sh"
for cc in "gcc -pg -fno-builtin" "clang -pg -fno-builtin"; do
	command -v "${cc%% *}" >/dev/null || continue
	lib_build "$T/prog" aliases.c "$cc"
	rm -rf "$T/d"
	record_ok "$T/d" "$T/prog"
	"$FTRACE" replay -d "$T/d" >"$T/replay.out" 2>"$T/replay.err" || fail "replay ($cc):" "$(cat "$T/replay.err")"
	normalize <"$T/replay.out" | head -n 12 >"$T/replay.norm"
	diff -u "$LIB_DIR/expected/aliases.out" "$T/replay.norm" || fail "library call names ($cc)"
	"$FTRACE" replay -F memcmp -d "$T/d" | grep -q '| memcmp();' || fail "-F memcmp finds nothing ($cc)"
done
exit 0
