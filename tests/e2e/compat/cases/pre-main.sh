# SPDX-License-Identifier: MIT
# The calls a -pg program makes before main are shown as uftrace shows them: gprof's start-up
# (__monstartup, the __cxa_atexit that registers its clean-up) and the constructors; atexit
# handlers and destructors after main. -finstrument-functions has no gprof start-up, and
# --no-libcall hides the library calls.
. "$E2E/compat/lib.sh"
compat_build "$T/pg" prestart.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/pg"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -f none
compat_expect prestart-pg "$T/out"
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -f none --no-libcall
grep -v "__monstartup\|__cxa_atexit" "$COMPAT_DIR/expected/prestart-pg.out" | diff -u - "$T/out" >"$T/diff" ||
	fail "--no-libcall:" "$(cat "$T/diff")"
compat_build "$T/cyg" prestart.c "gcc -finstrument-functions"
compat_run "$T/out" "$FTRACE" record -d "$T/d2" "$T/cyg"
compat_run "$T/out" "$FTRACE" replay -d "$T/d2" -f none
compat_expect prestart-cyg "$T/out"
exit 0
