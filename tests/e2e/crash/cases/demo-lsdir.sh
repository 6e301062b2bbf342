# SPDX-License-Identifier: MIT
# demos/crash/lsdir/README.md: given a file, lsdir dies in readdir(NULL); the crash line and the replay
# are the walkthrough's.
. "$E2E/crash/lib.sh"
command -v gcc >/dev/null || skip "gcc is not installed"
gcc -pg -g -o lsdir "$SRCDIR/demos/crash/lsdir/lsdir.c" 2>build.err || fail "cannot build lsdir:" "$(cat build.err)"
mkdir -p docs/sub && echo hi >notes.txt
demo_record 139 "ftrace: ./lsdir killed by SIGSEGV (address 0x4) in readdir <- read_entries <- list_dir <- main" \
	./lsdir docs notes.txt
cat >want <<'WANT'
            [T1] |   list_dir() {
   X.XXX us [T1] |     opendir();
   X.XXX us [T1] |     printf();
   X.XXX us [T1] |     fflush();
            [T1] |     read_entries() {
            [T1] |       readdir() {
            [T1] |         /* signal SIGSEGV (address 0xADDR) */
   X.XXX us [T1] |       } /* readdir (crash) */
   X.XXX us [T1] |     } /* read_entries (crash) */
   X.XXX us [T1] |   } /* list_dir (crash) */
   X.XXX us [T1] | } /* main (crash) */
WANT
demo_check "$T/d" want
# the first directory was listed in full: one print_entry per entry (., .., sub)
[ "$(count_entries "$T/replay.out" print_entry)" -eq 3 ] || fail "replay: not 3 print_entry calls"
exit 0
