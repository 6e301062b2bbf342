# SPDX-License-Identifier: MIT
# One big stream is folded in ranges of its chunks on several threads (-j, or one per CPU), and every
# folding command prints byte for byte what the one-thread fold prints: on one thread of 30 chunks of
# 64 KiB whose ranges start inside open calls (recursion, a longjmp out of it, a traced signal
# handler), with records lost, with context switches (off-CPU times), and on damaged copies, whose
# ranges cannot be joined exactly: then the stream is read again in one go, with the same warnings
# (and the commands fail). A stream whose image changes (exec) is read in one go.
. "$E2E/analysis/lib.sh"
prog fold-one

# joined DIR N: report -jN folded DIR's one stream in N ranges and joined them
joined() {
	"$FTRACE" report -d "$1" -j"$2" --debug=reader 2>&1 | grep -q "one stream folded in $2 ranges: joined" ||
		fail "report -j$2 on $1 did not join $2 ranges:" "$("$FTRACE" report -d "$1" -j"$2" --debug=reader 2>&1 | grep debug)"
}

"$FTRACE" record -b 64k -d "$T/d" "$PROG" >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
n=$(find "$T/d" -name '*.dat' | wc -l)
[ "$n" -eq 1 ] || fail "$T/d has $n streams, expected 1"
[ -n "$(find "$T/d" -name '*.dat' -size +1200k)" ] || fail "the stream is smaller than 20 chunks:" "$(ls -l "$T/d")"
same_folds "$T/d"
joined "$T/d" 4
joined "$T/d" 8
grep -q "on_signal" "$T/one.out" || fail "the signal handler is not in the callgrind profile"
"$FTRACE" report -d "$T/d" -f call -j4 >"$T/one.out"
grep -Eq '^ +1 +main$' "$T/one.out" && grep -Eq '^ +2 +phase$' "$T/one.out" ||
	fail "the calls open across ranges are not counted once each:" "$(cat "$T/one.out")"

# records lost in the headers of two chunks: joined still, the losses counted once
cp -r "$T/d" "$T/lost"
python3 - "$T/lost" <<'PY' || fail "cannot change the copy"
import glob, os, struct, sys
path = glob.glob(sys.argv[1] + "/*.dat")[0]
with open(path, "r+b") as f:
    for chunk in range(3, os.path.getsize(path) // 65536):
        f.seek(chunk * 65536 + 40)
        f.write(struct.pack("<Q", 1000 if chunk < 17 else 2500))
PY
same_folds "$T/lost"
joined "$T/lost" 4
"$FTRACE" info -d "$T/lost" | grep -Eq "lost records +: 2500" || fail "the losses are not 2500:" "$("$FTRACE" info -d "$T/lost")"

# garbage in a chunk, and chunk headers whose depth is not where the records before them end
for damage in garbage depth; do
	cp -r "$T/d" "$T/$damage"
	python3 - "$T/$damage" "$damage" <<'PY' || fail "cannot damage the copy"
import glob, struct, sys
with open(glob.glob(sys.argv[1] + "/*.dat")[0], "r+b") as f:
    if sys.argv[2] == "garbage":
        f.seek(9 * 65536 + 64 + 3000)
        f.write(b"\xff" * 40)
    else:
        for chunk in (5, 8, 15, 16, 23):
            f.seek(chunk * 65536 + 48)
            f.write(struct.pack("<I", 3))
PY
	same_folds "$T/$damage" fails
	grep -q "incomplete" "$T/one.err" || fail "the $damage copy gave no warning:" "$(cat "$T/one.err")"
	"$FTRACE" report -d "$T/$damage" -j4 --debug=reader 2>&1 | grep -q "4 ranges: not joinable, read again in one go" ||
		fail "report -j4 on the $damage copy did not fall back to one fold"
done

# chunks of another process image from the sixth on: not split, folded alike
cp -r "$T/d" "$T/exec"
python3 - "$T/exec" <<'PY' || fail "cannot change the copy"
import glob, os, struct, sys
path = glob.glob(sys.argv[1] + "/*.dat")[0]
with open(path, "r+b") as f:
    for chunk in range(5, os.path.getsize(path) // 65536):
        f.seek(chunk * 65536 + 56)
        f.write(struct.pack("<Q", 12345))
PY
same_folds "$T/exec"
"$FTRACE" report -d "$T/exec" -j4 --debug=reader 2>&1 | grep -q "folded in [0-9]* ranges" && fail "the stream of two images was split"

# with context switches (off-CPU times), where the kernel lets us record them
env -u FTRACE_NO_EVENT "$FTRACE" record -b 64k -d "$T/sw" "$PROG" >/dev/null 2>"$T/record.err" ||
	fail "record with context switches failed:" "$(cat "$T/record.err")"
if grep -q '^sched: yes' "$T/sw/info"; then
	same_folds "$T/sw"
	joined "$T/sw" 4
	"$FTRACE" report -d "$T/sw" -f total,offcpu,offcpu-self -j1 >"$T/one.out" 2>&1
	"$FTRACE" report -d "$T/sw" -f total,offcpu,offcpu-self -j4 >"$T/many.out" 2>&1
	cmp -s "$T/one.out" "$T/many.out" || fail "off-CPU times differ:" "$(diff -u "$T/one.out" "$T/many.out" | head)"
	grep -Eq '^ +[0-9.]+ ms +[0-9.]+ ms +[0-9.]+ ms +usleep$' "$T/one.out" ||
		fail "usleep has no off-CPU time:" "$(cat "$T/one.out")"
fi
exit 0
