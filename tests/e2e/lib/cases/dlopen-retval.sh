# SPDX-License-Identifier: MIT
# -a shows what dlopen() and dlsym() return, while they still see their caller: a bare library name is
# found through the program's RUNPATH (the caller's), and dlsym(RTLD_NEXT) still reaches libc's puts.
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
mkdir -p "$T/sub"
gcc -pg -g -O0 -fPIC -shared -I"$E2E/programs" -o "$T/sub/libplugin.so" "$LIB_DIR/programs/plugin.c" 2>"$T/build.err" ||
	fail "cannot build the plugin:" "$(cat "$T/build.err")"
lib_build "$T/prog" dlopen.c gcc -pg -Wl,--enable-new-dtags,-rpath,"$T/sub"
"$FTRACE" record -a -d "$T/d" "$T/prog" libplugin.so >"$T/record.out" 2>"$T/record.err" ||
	fail "ftrace record -a failed:" "$(cat "$T/record.err")" "$(cat "$T/record.out")"
grep -qx next "$T/record.out" || fail "dlsym(RTLD_NEXT, \"puts\") did not reach puts:" "$(cat "$T/record.out")"
"$FTRACE" replay -d "$T/d" >"$T/replay.out" 2>&1 || fail "replay:" "$(cat "$T/replay.out")"
grep -Eq '\|   dlopen\("libplugin.so", 0x2\) = 0x[0-9a-f]+;$' "$T/replay.out" ||
	fail "no return value for dlopen:" "$(cat "$T/replay.out")"
grep -Eq '\|   dlsym\(0x[0-9a-f]+, "plug_work"\) = 0x[0-9a-f]+;$' "$T/replay.out" ||
	fail "no return value for dlsym:" "$(cat "$T/replay.out")"
grep -Eq '\|   plug_work\(' "$T/replay.out" || fail "plug_work is not named:" "$(cat "$T/replay.out")"
exit 0
