# SPDX-License-Identifier: MIT
# The motivating case (demos/lsdir): with -a, opendir() on a regular file shows its NULL result, then
# readdir(0) and the crash inside it.
. "$E2E/lib/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
gcc -pg -g -O0 -o "$T/lsdir" "$SRCDIR/demos/lsdir/lsdir.c" 2>"$T/build.err" || fail "cannot build lsdir:" "$(cat "$T/build.err")"
echo hello >file.txt
"$FTRACE" record -a -d "$T/d" "$T/lsdir" file.txt >/dev/null 2>"$T/record.err"
rc=$?
[ $rc -eq 139 ] || fail "ftrace record -a lsdir exited $rc, expected 139 (SIGSEGV):" "$(cat "$T/record.err")"
replay_check "$T/d" "$LIB_DIR/expected/args-lsdir.out"
exit 0
