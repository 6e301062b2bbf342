# SPDX-License-Identifier: MIT
# The reader keeps each stream's file open from chunk to chunk, but only for a quarter of the
# descriptors the process may open: with 8 (two kept), five streams of several 64 KiB chunks read
# one at a time, merged (replay, dump --chrome) and folded in parallel (report -j4) give the same
# output as with the usual limit, with nothing on stderr (keeping all five would leave no descriptor
# for the symbol files, or for the streams themselves).
. "$E2E/analysis/lib.sh"
prog fold-streams

# runs "$@" with descriptors 0 to 7 only: the runner's own open ones closed
few_fds() {
	local f

	for f in /proc/self/fd/*; do
		f=${f##*/}
		[ "$f" -gt 2 ] && eval "exec $f>&-" 2>/dev/null
	done
	ulimit -n 8 && exec "$@"
}

"$FTRACE" record -b 64k -d "$T/d" "$PROG" >/dev/null 2>"$T/record.err" || fail "record failed:" "$(cat "$T/record.err")"
n=$(find "$T/d" -name '*.dat' -size +130k | wc -l)
[ "$n" -ge 4 ] || fail "expected 4 streams of more than two chunks:" "$(ls -l "$T/d")"
i=0
for cmd in "replay" "report -j1" "report -j4" "graph" "dump --chrome"; do
	i=$((i + 1))
	# shellcheck disable=SC2086 # the command's words
	"$FTRACE" $cmd -d "$T/d" >"$T/many.$i" 2>"$T/many.err" || fail "$cmd failed:" "$(cat "$T/many.err")"
	# shellcheck disable=SC2086
	(few_fds "$FTRACE" $cmd -d "$T/d") >"$T/few.$i" 2>"$T/few.err" ||
		fail "$cmd with 8 descriptors failed:" "$(cat "$T/few.err")"
	[ -s "$T/few.err" ] && fail "$cmd with 8 descriptors complained:" "$(cat "$T/few.err")"
	cmp -s "$T/many.$i" "$T/few.$i" || fail "$cmd with 8 descriptors prints otherwise:" "$(diff "$T/many.$i" "$T/few.$i" | head -20)"
done
exit 0
