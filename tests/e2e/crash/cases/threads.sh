# SPDX-License-Identifier: MIT
# A crash in one thread while another waits three calls deep: both threads' calls are all there, the
# signal shows in the crashing thread inside its innermost frame, and the frames of both threads are
# closed as ended by the crash.
. "$E2E/crash/lib.sh"
ran=0
for mode in $(crash_modes); do
	crash_build "$CRASH_DIR/programs/threads.c" "$mode"
	d=$T/d-$mode r=$T/r-$mode
	crash_record "$d" "$BIN"
	[ "$RC" -eq 139 ] || fail "$mode: ftrace record exited $RC, expected 139:" "$(cat "$T/err")"
	echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by SIGSEGV \(address 0x4\) in crash <- work <- main$" ||
		fail "$mode: unexpected crash line:" "$LINE"
	replay_to "$d" "$r"
	made=$(sed -n 's/^main calls //p' "$T/out")
	shown=$(count_entries "$r" 'main|work|crash')
	[ "$shown" -eq "$made" ] || fail "$mode: main made $made calls, replay shows $shown:" "$(cat "$r")"
	made=$(sed -n 's/^worker calls //p' "$T/out")
	shown=$(count_entries "$r" 'worker|worker_loop|worker_step|worker_wait')
	[ "$shown" -eq "$made" ] || fail "$mode: the worker made $made calls, replay shows $shown:" "$(cat "$r")"
	# the main thread's tid is the process id: its lines end the replay
	main_tid=$(sed -n 's/^pid: //p' "$d/info")
	grep -E "\[ *$main_tid\] \|" "$r" >"$r.main"
	signal_tail "$r.main" SIGSEGV crash
	worker_closes=$(grep -vE "\[ *$main_tid\] \|" "$r" | grep -E '\} /\* worker[a-z_]* \(' )
	echo "$worker_closes" | grep -Eq '\} /\* worker \((crash|not returned)\)' ||
		fail "$mode: the worker's frames are not closed:" "$(cat "$r")"
	echo "$worker_closes" | grep -q "not returned" &&
		gap "reader: the open frames of the other threads print as (not returned) at their last record, not (crash) at the signal"
	ran=$((ran + 1))
done
[ $ran -ge 1 ] || skip "no crash mode selected in FTRACE_MODES"
gaps_end
