# SPDX-License-Identifier: MIT
# A big stream among small ones (a main thread doing the work, a helper thread and a fork child doing
# little) is folded in ranges of its chunks alongside the small streams, on several threads (-j, or one
# per CPU), and every folding command prints byte for byte what the one-thread fold prints; on a
# damaged copy of the big stream, whose ranges cannot be joined exactly, the big stream is read
# again in one go in its place, with the same warnings (and the commands fail).
. "$E2E/analysis/lib.sh"
prog fold-one

# joined DIR J N: report -jJ folded a stream of DIR in N ranges among the others and joined them
joined() {
	local out

	out=$("$FTRACE" report -d "$1" -j"$2" --debug=reader 2>&1 >/dev/null | grep debug)
	echo "$out" | grep -Eq "folding the streams on [0-9]+ threads: [0-9]+ parts" &&
		echo "$out" | grep -q "one stream folded in $3 ranges: joined" ||
		fail "report -j$2 on $1 did not join $3 ranges of the big stream:" "$out"
}

"$FTRACE" record -b 64k -d "$T/d" "$PROG" 3000 crowd >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
n=$(find "$T/d" -name '*.dat' | wc -l)
[ "$n" -eq 3 ] || fail "$T/d has $n streams, expected 3 (main, helper, child)"
big=$(find "$T/d" -name '*.dat' -size +1200k)
[ "$(echo "$big" | grep -c .)" -eq 1 ] || fail "not one stream of 20 chunks or more:" "$(ls -l "$T/d")"
[ -z "$(find "$T/d" -name '*.dat' -size +128k ! -path "$big")" ] || fail "the small streams are not small:" "$(ls -l "$T/d")"
same_folds "$T/d"
joined "$T/d" 2 2
joined "$T/d" 4 4
"$FTRACE" report -d "$T/d" -f call -j4 >"$T/one.out"
grep -Eq '^ +1 +main$' "$T/one.out" && grep -Eq '^ +2 +phase$' "$T/one.out" && grep -Eq '^ +2 +chore$' "$T/one.out" ||
	fail "the calls open across ranges or in the small streams are not counted once each:" "$(cat "$T/one.out")"

# chunk headers of the big stream whose depth is not where the records before them end
cp -r "$T/d" "$T/depth"
python3 - "$T/depth/${big##*/}" <<'PY' || fail "cannot damage the copy"
import struct, sys
with open(sys.argv[1], "r+b") as f:
    for chunk in (5, 8, 15):
        f.seek(chunk * 65536 + 48)
        f.write(struct.pack("<I", 3))
PY
same_folds "$T/depth" fails
grep -q "incomplete" "$T/one.err" || fail "the damaged copy gave no warning:" "$(cat "$T/one.err")"
"$FTRACE" report -d "$T/depth" -j4 --debug=reader 2>&1 | grep -q "4 ranges: not joinable, read again in one go" ||
	fail "report -j4 on the damaged copy did not fall back to one fold of the big stream"
exit 0
