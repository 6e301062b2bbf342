# SPDX-License-Identifier: MIT
# Thread churn: 400 short threads take over the streams of threads that ended instead of creating a
# file each, and nothing is lost or mixed up: every thread's 20 calls are there under its own tid,
# info counts 401 threads, --tid finds a thread inside a stream named for another, the named thread
# keeps its name, the thread that left by pthread_exit has its frames closed.
. "$E2E/robust/lib.sh"
for mode in gcc-pg-O2 gcc-cyg-O2; do
	robust_build churn.c "$mode"
	d=$T/d-$mode
	untraced_same "$d" "$BIN" 50
	files=$(find "$d" -maxdepth 1 -name '*.dat' | wc -l)
	[ "$files" -le 100 ] || fail "$mode: $files stream files for 401 threads (streams are not continued)"
	find "$d" -maxdepth 1 -name '*-*.dat' | grep -q . || fail "$mode: no stream was taken over:" "$(ls "$d")"
	"$FTRACE" replay -d "$d" >"$d.replay" 2>"$d.rerr" || fail "$mode: replay failed:" "$(cat "$d.rerr")"
	[ -s "$d.rerr" ] && fail "$mode: replay warned:" "$(cat "$d.rerr")"
	n=$(grep -c " leaf();" "$d.replay")
	[ "$n" -eq 8000 ] || fail "$mode: $n leaf calls in replay, 8000 expected" "$(head -n 30 "$d.replay")"
	# every thread's calls under its own tid: 400 tids with 20 leaf calls each
	per=$(grep " leaf();" "$d.replay" | sed 's/.*\[ *\([0-9]*\)\].*/\1/' | sort | uniq -c | awk '{ print $1 }' | sort -n | uniq -c | tr -s ' ')
	[ "$per" = " 400 20" ] || fail "$mode: leaf calls per thread (count calls):" "$per"
	"$FTRACE" info -d "$d" >"$d.info" 2>&1
	grep -q "number of threads *: 401" "$d.info" || fail "$mode: info does not count 401 threads:" "$(grep number "$d.info")"
	grep -q "(named-one)" "$d.info" || fail "$mode: the named thread lost its name:" "$(grep 'thread list' "$d.info")"
	# a thread whose chunk follows another's, read alone
	tid=$("$FTRACE" dump -d "$d" -F raw | sed -n 's/^chunk at [1-9][0-9]*: .* tid \([0-9]*\) .*/\1/p' | head -n 1)
	[ -n "$tid" ] || fail "$mode: no chunk follows another in the dump"
	"$FTRACE" replay -d "$d" --tid "$tid" >"$d.tid" 2>&1 || fail "$mode: replay --tid $tid failed:" "$(cat "$d.tid")"
	[ "$(grep -c " leaf();" "$d.tid")" -eq 20 ] || fail "$mode: replay --tid $tid:" "$(cat "$d.tid")"
	grep -v "^#" "$d.tid" | grep -vq "\[ *$tid\]" && fail "$mode: replay --tid $tid shows other threads:" "$(cat "$d.tid")"
	# the thread that called pthread_exit inside nest(): its frames closed as it left, not left open
	grep -q '} /\* nest.* (exit) \*/' "$d.replay" || fail "$mode: nest() is not closed by the exit:" "$(tail -n 20 "$d.replay")"
done
