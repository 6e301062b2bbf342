# SPDX-License-Identifier: MIT
# ftrace never changes what a program does with its own signal handling: for each way in handlers.c
# (own handler, signal(), SA_RESETHAND, siglongjmp recovery, SIGFPE ignored, SIGABRT handler, SIGSEGV
# blocked, int3), the output and exit status under ftrace record are those of the bare program.
. "$E2E/crash/lib.sh"

# bare_status PROG ARGS...: "exit N" or "signal N" for a run of PROG, its stdout in $T/bare.out
bare_status() {
	perl -e 'system(@ARGV); my $s = $?; print STDERR (($s & 127) ? "signal " . ($s & 127) : "exit " . ($s >> 8))' \
		"$@" >"$T/bare.out" 2>"$T/bare.status"
}

ran=0
for mode in $(crash_modes); do
	crash_build "$CRASH_DIR/programs/handlers.c" "$mode"
	for way in own signal resethand recover ignore abort blocked trap; do
		bare_status "$BIN" "$way"
		crash_record "$T/d-$mode-$way" "$BIN" "$way"
		case $(cat "$T/bare.status") in
		"exit "*) want=$(sed 's/exit //' "$T/bare.status") ;;
		"signal "*) want=$((128 + $(sed 's/signal //' "$T/bare.status"))) ;;
		*) fail "$way/$mode: no status from the bare run" ;;
		esac
		[ "$RC" -eq "$want" ] || fail "$way/$mode: bare run $(cat "$T/bare.status"), ftrace record exited $RC:" "$(cat "$T/err")"
		# the program's stderr is empty for these ways: the crash line is ftrace's
		diff -u "$T/bare.out" "$T/out" >"$T/diff" || fail "$way/$mode: output differs under ftrace:" "$(cat "$T/diff")"
		replay_to "$T/d-$mode-$way" "$T/r-$mode-$way"
	done
	# the int3 one is recorded as a crash in trap()
	echo "$LINE" | grep -Eq "^ftrace: [^ ]* killed by SIGTRAP in trap <- run <- main$" ||
		fail "trap/$mode: unexpected crash line:" "$LINE"
	signal_tail "$T/r-$mode-trap" SIGTRAP crash
	ran=$((ran + 1))
done
[ $ran -ge 1 ] || skip "no crash mode selected in FTRACE_MODES"
exit 0
