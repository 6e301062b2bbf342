# SPDX-License-Identifier: MIT
# dlopen: the loaded library's functions are named in replay (its map is saved after the dlopen), dlopen
# and dlsym are recorded without touching their return address, and dlsym(RTLD_NEXT) still finds puts.
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
gcc -pg -g -O0 -fPIC -shared -I"$E2E/programs" -o "$T/libplugin.so" "$LIB_DIR/programs/plugin.c" 2>"$T/build.err" ||
	fail "cannot build the plugin:" "$(cat "$T/build.err")"
lib_build "$T/prog" dlopen.c gcc -pg
record_ok "$T/d" "$T/prog" "$T/libplugin.so"
grep -qx next "$T/record.out" || fail "dlsym(RTLD_NEXT, \"puts\") did not reach puts:" "$(cat "$T/record.out")"
replay_check "$T/d" "$LIB_DIR/expected/dlopen.out"
exit 0
