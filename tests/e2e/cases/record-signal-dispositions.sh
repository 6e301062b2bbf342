# SPDX-License-Identifier: MIT
# The traced program gets the signal dispositions and mask that ftrace was given: what the shell
# ignores stays ignored (nohup, `trap '' INT` in scripts), ftrace's own handlers (live's SIGTERM and
# SIGHUP) are never inherited, and nothing stays blocked. A program that cannot be executed is one
# line "cannot run" with the reason, and leaves no data directory.
command -v gcc >/dev/null || skip "gcc is not installed"
cat >"$T/sigs.c" <<'C'
#include <signal.h>
#include <stdio.h>
static const int sigs[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGUSR1};
static const char *names[] = {"INT", "QUIT", "TERM", "HUP", "PIPE", "USR1"};
int main(int argc, char **argv)
{
	FILE *f = fopen(argv[argc - 1], "w");
	sigset_t mask;
	if (!f)
		return 2;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;
		sigaction(sigs[i], NULL, &sa);
		fprintf(f, "%s %s%s\n", names[i],
			sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "handled",
			sigismember(&mask, sigs[i]) ? " blocked" : "");
	}
	return fclose(f) != 0;
}
C
gcc -pg -O0 -o "$T/sigs" "$T/sigs.c" 2>"$T/build.err" || fail "cannot build:" "$(cat "$T/build.err")"

# check OUT EXPECTED-LINES...: the program's report
check() {
	local out=$1
	shift
	printf '%s\n' "$@" >"$T/expected"
	diff -u "$T/expected" "$out" >"$T/diff" || fail "signal dispositions in $out:" "$(cat "$T/diff")"
}

record_ok d "$T/sigs" "$T/plain.out"
check "$T/plain.out" "INT default" "QUIT default" "TERM default" "HUP default" "PIPE default" "USR1 default"

(trap '' INT QUIT PIPE && "$FTRACE" record -d d2 "$T/sigs" "$T/ign.out") >"$T/rec.out" 2>&1 ||
	fail "record with ignored signals failed:" "$(cat "$T/rec.out")"
check "$T/ign.out" "INT ignored" "QUIT ignored" "TERM default" "HUP default" "PIPE ignored" "USR1 default"

# live has handlers of its own for SIGTERM and SIGHUP while the program runs
mkdir -p "$T/tmp"
TMPDIR=$T/tmp "$FTRACE" live "$T/sigs" "$T/live.out" >"$T/live.log" 2>&1 || fail "live failed:" "$(cat "$T/live.log")"
check "$T/live.out" "INT default" "QUIT default" "TERM default" "HUP default" "PIPE default" "USR1 default"
# under nohup (SIGHUP ignored) live leaves SIGHUP ignored, for itself and for the program
(trap '' HUP && TMPDIR=$T/tmp "$FTRACE" live "$T/sigs" "$T/nohup.out") >"$T/live.log" 2>&1 ||
	fail "live with SIGHUP ignored failed:" "$(cat "$T/live.log")"
check "$T/nohup.out" "INT default" "QUIT default" "TERM default" "HUP ignored" "PIPE default" "USR1 default"

# executable by its mode but not by the kernel: the exec itself fails
printf 'not a program\n' >"$T/noexec" && chmod +x "$T/noexec"
expect_error "cannot run '$T/noexec': Exec format error" "$FTRACE" record -d bad "$T/noexec"
[ -e bad ] && fail "record left '$T/bad' behind after a failed exec"
mkdir "$T/adir"
expect_error "cannot run '$T/adir': Permission denied" "$FTRACE" record -d bad "$T/adir"
[ -e bad ] && fail "record left '$T/bad' behind after a failed exec"
exit 0
