# SPDX-License-Identifier: MIT
# demos/crash/treewalk/README.md: the second closedir of the same DIR* aborts in the middle walk; the
# crash line and the replay are the walkthrough's.
. "$E2E/crash/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
gcc -pg -g -o treewalk "$SRCDIR/demos/crash/treewalk/treewalk.c" 2>build.err ||
	fail "cannot build treewalk:" "$(cat build.err)"
mkdir -p top/a/b
demo_record 134 "ftrace: ./treewalk killed by SIGABRT in closedir <- walk <- walk <- main" ./treewalk top
grep -q "double free" "$T/err" || fail "glibc did not report a double free:" "$(cat "$T/err")"
cat >want <<'WANT'
   X.XXX us [T1] |         closedir();
   X.XXX us [T1] |       } /* walk */
WANT
cat >want.tail <<'WANT'
   X.XXX us [T1] |       readdir();
            [T1] |       closedir() {
            [T1] |         /* signal SIGABRT */
   X.XXX us [T1] |       } /* closedir (crash) */
   X.XXX us [T1] |     } /* walk (crash) */
   X.XXX us [T1] |   } /* walk (crash) */
   X.XXX us [T1] | } /* main (crash) */
WANT
demo_check "$T/d" want.tail
grep -A1 -F "$(head -n 1 want)" "$T/replay.norm" | diff -u want - || fail "the innermost walk does not end with its closedir"
[ "$(count_entries "$T/replay.out" walk)" -eq 3 ] || fail "replay: not 3 walk calls"
[ "$(grep -c 'closedir' "$T/replay.out")" -eq 3 ] || fail "replay: not 2 closedir calls (one open)"
exit 0
