# SPDX-License-Identifier: MIT
# dlopen A, dlclose, dlopen B at the address A had, dlclose, dlopen A: every call is named after the
# library mapped when it was made (a_work b_work a_work), not after the last one loaded there.
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
for w in a b; do
	gcc -pg -g -O0 -fPIC -shared -DWORK=${w}_work -I"$E2E/programs" -o "$T/lib$w.so" \
		"$LIB_DIR/programs/swapplugin.c" 2>"$T/build.err" || fail "cannot build lib$w.so:" "$(cat "$T/build.err")"
done
lib_build "$T/prog" dlswap.c gcc -pg
record_ok "$T/d" "$T/prog" "$T/liba.so" "$T/libb.so"
a=$(grep -m1 "liba.so" "$T"/d/*.maps | cut -d- -f1)
b=$(grep -m1 "libb.so" "$T"/d/*.maps | cut -d- -f1)
[ -n "$a" ] && [ "$a" = "$b" ] || skip "the loader did not put libb.so where liba.so was ($a, $b)"
replay_check "$T/d" "$LIB_DIR/expected/dlopen-swap.out"
exit 0
