# SPDX-License-Identifier: MIT
# A program with its own -pg malloc (which fails if re-entered) records and exits at once: libmcount's
# start-up never calls the program's allocator nor waits on itself; gcc -pg, -pg -mfentry and clang -pg.
. "$E2E/lib/lib.sh"
for cc in "gcc -pg" "gcc -pg -mfentry" "clang -pg" "gcc -finstrument-functions"; do
	command -v "${cc%% *}" >/dev/null || continue
	lib_build "$T/prog" ownmalloc.c "$cc"
	rm -rf "$T/d"
	timeout 30 "$FTRACE" record -d "$T/d" "$T/prog" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 124 ] && fail "ftrace record hangs on a program with its own malloc ($cc)"
	[ $rc -eq 0 ] || fail "ftrace record exited $rc ($cc):" "$(cat "$T/err")"
	grep -qx "own 3" "$T/out" || fail "the program's output ($cc):" "$(cat "$T/out")"
	"$FTRACE" replay -F main -d "$T/d" >"$T/replay" 2>&1 || fail "replay ($cc):" "$(cat "$T/replay")"
	grep -Eq '^ .*\|   work\(\) \{$' "$T/replay" || fail "no work() under main ($cc):" "$(cat "$T/replay")"
	grep -Eq '^ .*\|   malloc\(\)' "$T/replay" || fail "no malloc() under main ($cc):" "$(cat "$T/replay")"
done
exit 0
