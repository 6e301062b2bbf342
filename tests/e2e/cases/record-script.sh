# SPDX-License-Identifier: MIT
# A shell script that execs an instrumented program: the program's tree, and none of the shell's own
# library calls (the shell is not instrumented); with --force they are wanted and recorded.
prog replay-nested
printf '#!/bin/sh\nexec "%s"\n' "$PROG" >run.sh && chmod +x run.sh
record_ok d ./run.sh
replay_check d "$E2E/expected/replay-nested.out"
record_ok forced --force ./run.sh
"$FTRACE" replay -d forced >forced.out 2>"$T/err" || fail "replay of the --force trace failed:" "$(cat "$T/err")"
[ "$(grep -c '();' forced.out)" -gt "$(grep -c '();' "$E2E/expected/replay-nested.out")" ] ||
	fail "--force recorded no library call of the shell:" "$(cat forced.out)"
exit 0
