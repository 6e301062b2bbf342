# SPDX-License-Identifier: MIT
# demos/crash/libversion/README.md: freeing libgreet's static version string aborts in free; the crash
# line and the whole replay are the walkthrough's.
. "$E2E/crash/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
src=$SRCDIR/demos/crash/libversion
gcc -shared -fPIC -O2 -o libgreet.so "$src/greet.c" 2>build.err || fail "cannot build libgreet:" "$(cat build.err)"
# shellcheck disable=SC2016 # $ORIGIN is for the linker
gcc -pg -g -o banner "$src/banner.c" -L. -lgreet -Wl,-rpath,'$ORIGIN' 2>build.err ||
	fail "cannot build banner:" "$(cat build.err)"
demo_record 134 "ftrace: ./banner killed by SIGABRT in free <- print_banner <- main" ./banner
grep -qx "hello, world (greet 1.4.2)" "$T/out" || fail "no banner:" "$(cat "$T/out")"
cat >want <<'WANT'
# DURATION     TID     FUNCTION
            [T1] | main() {
            [T1] |   print_banner() {
            [T1] |     version_text() {
   X.XXX us [T1] |       greet_libversion();
   X.XXX us [T1] |     } /* version_text */
   X.XXX us [T1] |     greet_word();
   X.XXX us [T1] |     printf();
   X.XXX us [T1] |     fflush();
            [T1] |     free() {
            [T1] |       /* signal SIGABRT */
   X.XXX us [T1] |     } /* free (crash) */
   X.XXX us [T1] |   } /* print_banner (crash) */
   X.XXX us [T1] | } /* main (crash) */
WANT
demo_check "$T/d" want
[ "$(wc -l <"$T/replay.norm")" -eq "$(wc -l <want)" ] || fail "replay has more than the walkthrough:" "$(cat "$T/replay.norm")"
exit 0
