# SPDX-License-Identifier: MIT
# The parallel fold (-j/--jobs, one thread per CPU by default on a big trace) prints byte for byte what
# the one-thread fold (-j1) prints, in every command that folds (report, --threads, min/max, graph,
# flame graph, callgrind): on a trace of five streams of several 64 KiB chunks each (threads, a fork
# child, a signal handler, deep recursion), on a flight-recorder ring, on a damaged copy with lost
# records and a corrupt chunk (the same warnings, in the same order), and with context switches.
. "$E2E/analysis/lib.sh"
prog fold-streams

# more than one chunk per stream: the streams' sizes
many_chunks() {
	local n

	n=$(find "$1" -name '*.dat' | wc -l)
	[ "$n" -ge 5 ] || fail "$1 has $n streams, expected 5 (4 threads, a fork child)"
	n=$(find "$1" -name '*.dat' -size +130k | wc -l)
	[ "$n" -ge 4 ] || fail "$1 has $n streams of more than two chunks, expected 4:" "$(ls -l "$1")"
}

"$FTRACE" record -b 64k -d "$T/d" "$PROG" >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
many_chunks "$T/d"
same_folds "$T/d"
"$FTRACE" report -d "$T/d" -j4 --debug=reader 2>&1 | grep -q "folding the streams on 4 threads" ||
	fail "report -j4 on $T/d did not fold on 4 threads"
expect_error "invalid job count '0' \\(expected 1..1024\\)" "$FTRACE" report -j0 -d "$T/d"
grep -q "on_signal" "$T/one.out" || fail "the signal handler is not in the callgrind profile"

"$FTRACE" record -b 64k --flight 256k -d "$T/ring" "$PROG" 100000 >/dev/null 2>"$T/record.err" ||
	fail "record --flight failed:" "$(cat "$T/record.err")"
same_folds "$T/ring"

# lost records in the second chunk of one stream, garbage in the middle of another's third chunk
cp -r "$T/d" "$T/dmg"
python3 - "$T/dmg" <<'PY' || fail "cannot damage the copy"
import glob, struct, sys
streams = sorted(glob.glob(sys.argv[1] + "/*.dat"), key=lambda p: -len(open(p, "rb").read()))
with open(streams[0], "r+b") as f:
    f.seek(65536 + 40)
    f.write(struct.pack("<Q", 12345))
with open(streams[1], "r+b") as f:
    f.seek(2 * 65536 + 64 + 3000)
    f.write(b"\xff" * 40)
PY
same_folds "$T/dmg" fails
grep -q "incomplete" "$T/one.err" || fail "the damaged copy gave no warning:" "$(cat "$T/one.err")"

# a chunk of another format version in the third chunk of two streams: reading stops at the first
# (one error line, not one per thread that met one)
cp -r "$T/d" "$T/fatal"
python3 - "$T/fatal" <<'PY' || fail "cannot damage the copy"
import glob, struct, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.dat"))[1:3]:
    with open(p, "r+b") as f:
        f.seek(2 * 65536 + 4)
        f.write(struct.pack("<H", 99))
PY
same_folds "$T/fatal" fails
[ "$(grep -c "format version 99" "$T/one.err")" -eq 1 ] || fail "the version error is not said once:" "$(cat "$T/one.err")"

# with context switches (off-CPU times), where the kernel lets us record them
env -u FTRACE_NO_EVENT "$FTRACE" record -b 64k -d "$T/sw" "$PROG" >/dev/null 2>"$T/record.err" ||
	fail "record with context switches failed:" "$(cat "$T/record.err")"
if grep -q '^sched: yes' "$T/sw/info"; then
	same_folds "$T/sw"
	"$FTRACE" report -d "$T/sw" -f total,offcpu,offcpu-self -j1 >"$T/one.out" 2>&1
	"$FTRACE" report -d "$T/sw" -f total,offcpu,offcpu-self -j4 >"$T/many.out" 2>&1
	cmp -s "$T/one.out" "$T/many.out" || fail "off-CPU times differ:" "$(diff -u "$T/one.out" "$T/many.out" | head)"
	"$FTRACE" dump -d "$T/sw" --flame-graph=offcpu -j1 >"$T/one.out" 2>&1
	"$FTRACE" dump -d "$T/sw" --flame-graph=offcpu -j4 >"$T/many.out" 2>&1
	cmp -s "$T/one.out" "$T/many.out" || fail "off-CPU flame graphs differ"
fi
exit 0
