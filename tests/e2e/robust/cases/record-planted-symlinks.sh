# SPDX-License-Identifier: MIT
# The traced program plants symbolic links in the data directory (task, info, sym/, the streams of its
# next threads) to files of the user's: neither libmcount nor record writes through them, and the
# program behaves as untraced; nor does record write into info made a hard link to a user's file.
. "$E2E/robust/lib.sh"
robust_build plant.c
v=$T/victims
mkdir -p "$v/symdir-victim"
for f in task-victim info-victim dat-victim; do echo precious >"$v/$f"; done
untraced_same "$T/d" "$BIN" "$v"
for f in task-victim info-victim dat-victim; do
	[ "$(cat "$v/$f")" = precious ] || fail "$f was written through a planted link:" "$(head -c 300 "$v/$f")"
done
[ -z "$(ls -A "$v/symdir-victim")" ] || fail "record wrote into the directory sym/ was linked to:" "$(ls "$v/symdir-victim")"
[ -L "$T/d/info" ] && fail "info is still the planted link"
grep -q "^ftrace-data" "$T/d/info" || fail "no info of ftrace's in the data directory"
"$FTRACE" replay -d "$T/d" >"$T/replay" 2>"$T/replay.err"
grep -q "main()" "$T/replay" || fail "the main thread's calls are not in the trace:" "$(head "$T/replay")" "$(cat "$T/replay.err")"
# info made a hard link to the user's file during the run: record's final info must not go into it
untraced_same "$T/h" "$BIN" "$v" hard
[ "$(cat "$v/info-victim")" = precious ] || fail "info was written into a planted hard link:" "$(head -c 300 "$v/info-victim")"
grep -q "^state: complete" "$T/h/info" || fail "no final info of ftrace's in the data directory:" "$(cat "$T/h/info")"
