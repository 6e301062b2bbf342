# SPDX-License-Identifier: MIT
# Every way to die, three calls deep after N counted calls: everything recorded up to the death replays
# (as many calls as the program made), ftrace record exits 128+signal (or the _exit code) with one crash
# line naming the signal, the fault address and the call path, and replay shows the signal inside the
# innermost frame, then closes every open frame as ended by the crash.
. "$E2E/crash/lib.sh"
names='main|step|level1|level2|die|die_[a-z]+'
path='die <- level2 <- level1 <- main$'

# check_way MODE WAY SIGNAL-NAME SIGNO: record, then check exit code, crash line and replay
check_way() {
	local mode=$1 way=$2 sig=$3 signo=$4 d=$T/d-$1-$2 made shown

	if [ "$way" = outside ]; then
		rm -f ready
		rm -rf "$d"
		"$FTRACE" record -d "$d" "$BIN" outside 5 >"$T/out" 2>"$T/err" &
		for _ in $(seq 200); do [ -s ready ] && break; sleep 0.05; done
		[ -s ready ] || fail "$way/$mode: the program never got ready"
		kill -KILL "$(cat ready)"
		wait $!
		RC=$? LINE=$(tail -n 1 "$T/err")
	else
		crash_record "$d" "$BIN" "$way" 5
	fi
	made=$(sed -n 's/^calls //p' "$T/out")
	[ -n "$made" ] || fail "$way/$mode: the program did not say how many calls it made:" "$(cat "$T/out" "$T/err")"
	[ "$RC" -eq $((128 + signo)) ] || fail "$way/$mode: ftrace record exited $RC, expected $((128 + signo)):" "$(cat "$T/err")"
	replay_to "$d" "$T/r-$mode-$way"
	shown=$(count_entries "$T/r-$mode-$way" "$names")
	[ "$shown" -eq "$made" ] || fail "$way/$mode: the program made $made calls, replay shows $shown:" "$(cat "$T/r-$mode-$way")"
	case $way in
	segv) echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by SIGSEGV \(address 0x4\) in die_segv <- $path" ;;
	kill | outside) echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by SIGKILL( in .*)?$" ;;
	abort) echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by SIGABRT in (free <- )?die_abort <- $path" ;;
	*) echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by $sig \(address 0x[0-9a-f]+\) in die_$way <- $path" ;;
	esac || fail "$way/$mode: unexpected crash line:" "$LINE"
	case $way in
	kill | outside)
		# nothing runs in the process at SIGKILL: the reader knows from info that it was killed
		closes "$T/r-$mode-$way" 5 killed ||
			fail "$way/$mode: open frames not closed as (killed):" "$(tail -n 8 "$T/r-$mode-$way")"
		;;
	*) signal_tail "$T/r-$mode-$way" "$sig" crash ;;
	esac
}

# _exit deep in the stack: the exit code, all calls, frames closed as (exit)
check_exit() {
	local mode=$1 d=$T/d-$1-exit made shown

	shift
	rm -rf "$d"
	"$FTRACE" record "$@" -d "$d" "$BIN" exit 5 >"$T/out" 2>"$T/err"
	RC=$?
	[ "$RC" -eq 7 ] || fail "exit/$mode: ftrace record $* exited $RC, expected 7:" "$(cat "$T/err")"
	[ -s "$T/err" ] && fail "exit/$mode: ftrace record $* wrote to stderr:" "$(cat "$T/err")"
	made=$(sed -n 's/^calls //p' "$T/out")
	replay_to "$d" "$T/r-$mode-exit"
	shown=$(count_entries "$T/r-$mode-exit" "$names")
	[ "$shown" -eq "$made" ] || fail "exit/$mode $*: the program made $made calls, replay shows $shown"
	closes "$T/r-$mode-exit" 5 exit && return 0
	{ [ $# -eq 0 ] && closes "$T/r-$mode-exit" 5 "not returned"; } ||
		fail "exit/$mode $*: frames not closed as (exit):" "$(tail -n 8 "$T/r-$mode-exit")"
	gap "plthook: _exit called through the PLT skips libmcount's _exit (frames print as (not returned))"
}

ran=0
for mode in $(crash_modes); do
	crash_build "$CRASH_DIR/programs/die.c" "$mode"
	for w in segv:SIGSEGV:11 bus:SIGBUS:7 fpe:SIGFPE:8 ill:SIGILL:4 abort:SIGABRT:6 kill:SIGKILL:9 outside:SIGKILL:9; do
		IFS=: read -r way sig signo <<<"$w"
		check_way "$mode" "$way" "$sig" "$signo"
	done
	check_exit "$mode" --no-libcall
	check_exit "$mode"
	ran=$((ran + 1))
done
[ $ran -ge 1 ] || skip "no crash mode selected in FTRACE_MODES"
gaps_end
