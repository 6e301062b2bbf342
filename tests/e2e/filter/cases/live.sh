# SPDX-License-Identifier: MIT
# live filters at record time and again when it replays: the same trees as record + replay, and a
# backtrace trigger prints one line per call, not one recorded and one made by the replay.
. "$E2E/filter/lib.sh"
live_case() {
	local name=$1 rc
	shift

	"$FTRACE" live --no-libcall "$@" "$T/prog" >"$T/live.out" 2>"$T/live.err"
	rc=$?
	[ $rc -eq 0 ] || fail "ftrace live $* exited $rc:" "$(cat "$T/live.err")"
	[ -s "$T/live.err" ] && fail "ftrace live $* wrote to stderr:" "$(cat "$T/live.err")"
	normalize <"$T/live.out" >"$T/live.norm"
	diff -u "$FILTER_DIR/expected/$name.out" "$T/live.norm" >"$T/diff" || fail "live $*:" "$(cat "$T/diff")"
}
filter_build "$T/prog" "gcc -pg"
live_case trigger-backtrace -T lex@backtrace -N fib
live_case time -t 1ms
live_case caller -C lex
live_case trigger-time -t 1ms -T parse@time=0
exit 0
