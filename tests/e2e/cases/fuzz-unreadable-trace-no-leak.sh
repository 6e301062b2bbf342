# SPDX-License-Identifier: MIT
# Found by tests/fuzz/fuzz_reader_dir: report and dump on traces the reader gives up on or that have no
# stream. One line and a non-zero exit for the unreadable one; on the sanitizer build also no leak (report
# kept its tables when reading failed) and no qsort() of a NULL list (dump with no stream).
prog replay-nested
record_ok data "$PROG"
dat=$(first_dat data)
printf '\143\000' | dd of="$dat" bs=1 seek=4 conv=notrunc 2>/dev/null # chunk version 99
expect_error "version" "$FTRACE" report -d data
rm -f data/*.dat
"$FTRACE" dump -d data >"$T/dump.out" 2>"$T/dump.err" || fail "dump of a trace with no stream failed:" "$(cat "$T/dump.err")"
grep -q "^# columns" "$T/dump.out" || fail "dump of a trace with no stream printed no header:" "$(cat "$T/dump.out")"
