# SPDX-License-Identifier: MIT
# Flight recorder: 10M calls, then a crash, under --flight=256k. The data directory stays small, replay
# starts cleanly inside the frames open at the ring's start (main, run, batch shown, no warning) and ends
# with the signal in crash() and every frame closed as ended by the crash.
. "$E2E/crash/lib.sh"
mode=$(crash_modes | head -n 1)
[ -n "$mode" ] || skip "no crash mode selected in FTRACE_MODES"
crash_build "$CRASH_DIR/programs/flight.c" "$mode" -O2
rm -rf d
"$FTRACE" record --flight=256k -d d "$BIN" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 139 ] || fail "ftrace record exited $rc, expected 139:" "$(cat "$T/err")"
grep -Eq "^ftrace: [^ ]* killed by SIGSEGV \(address 0x4\) in crash <- fail <- run <- main$" "$T/err" ||
	fail "unexpected crash line:" "$(cat "$T/err")"
grep -q "^calls 10000004$" "$T/out" || fail "the program did not make its 10M calls:" "$(cat "$T/out")"
size=$(du -sk d | cut -f1)
[ "$size" -le 1024 ] || fail "the data directory takes $size KiB for a 256 KiB ring"
replay_to d r
# the first lines say that older calls were overwritten, then the context: main, run and batch
# were open before the ring's first record
sed -n 2,5p r | normalize | sed -E 's/\([0-9]+ chunks\)/(N chunks)/' >head.norm
cat >head.want <<'WANT'
            [T1] | /* flight recorder: the calls before this were overwritten (N chunks) */
            [T1] | main() {
            [T1] |   run() {
            [T1] |     batch() {
WANT
diff -u head.want head.norm || fail "replay does not start inside main, run, batch:" "$(head -n 5 r)"
ticks=$(count_entries r tick)
{ [ "$ticks" -gt 1000 ] && [ "$ticks" -lt 1000000 ]; } || fail "replay shows $ticks calls of tick (ring of 256k)"
signal_tail r SIGSEGV crash
tail -n 4 r | grep -Eq '\} /\* crash \(crash\) \*/$' || fail "the crash is not in crash():" "$(tail -n 6 r)"
exit 0
