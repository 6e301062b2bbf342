# SPDX-License-Identifier: MIT
# --nest-libcall: a library's own calls into libc appear too (here inside a dlopen'ed library).
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
gcc -pg -g -O0 -fPIC -shared -I"$E2E/programs" -o "$T/libplugin.so" "$LIB_DIR/programs/plugin.c" 2>"$T/build.err" ||
	fail "cannot build the plugin:" "$(cat "$T/build.err")"
lib_build "$T/prog" dlopen.c gcc -pg
"$FTRACE" record --nest-libcall -d "$T/d" "$T/prog" "$T/libplugin.so" >/dev/null 2>"$T/record.err" ||
	fail "ftrace record --nest-libcall failed:" "$(cat "$T/record.err")"
replay_check "$T/d" "$LIB_DIR/expected/nest-libcall.out"
exit 0
