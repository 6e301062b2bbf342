# SPDX-License-Identifier: MIT
# A damaged context switch file (garbage, or another format version) is skipped with one line naming
# it, the calls are still shown, and the reader exits 1 as for any damage; a file left unsorted by a
# killed recorder (no sorted flag) reads as the sorted one.
. "$E2E/sched/lib.sh"
prog sched-offcpu
sched_record d "$PROG"
"$FTRACE" replay -d d >good.out 2>"$T/err" || fail "replay failed:" "$(cat "$T/err")"
grep -q "linux:sched-in" good.out || fail "no switches in the replay:" "$(head -20 good.out)"
cp -r d bad
printf 'garbage, not a switch file' >bad/sched
"$FTRACE" replay -d bad >bad.out 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || fail "replay of a damaged sched file exited $rc, not 1:" "$(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^ftrace: 'bad/sched': not a context switch file" "$T/err" ||
	fail "not one line naming the damaged file:" "$(cat "$T/err")"
grep -q "linux:sched" bad.out && fail "switches shown from a damaged file"
grep -q "sleeper() {" bad.out || fail "the calls are not shown:" "$(head bad.out)"
# an unsorted file: the records reversed, the sorted flag cleared
cp -r d unsorted
python3 - unsorted/sched <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
h, recs = bytearray(b[:24]), [b[i:i + 16] for i in range(24, len(b) - len(b[24:]) % 16, 16)]
struct.pack_into("<I", h, 8, 0)
open(sys.argv[1], "wb").write(bytes(h) + b"".join(reversed(recs)))
PY
"$FTRACE" replay -d unsorted >unsorted.out 2>"$T/err" || fail "replay of an unsorted file failed:" "$(cat "$T/err")"
cmp -s good.out unsorted.out || fail "an unsorted file reads otherwise:" "$(diff good.out unsorted.out | head -20)"
exit 0
