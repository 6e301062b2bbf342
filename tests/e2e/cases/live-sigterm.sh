# SPDX-License-Identifier: MIT
# `ftrace live` killed by SIGTERM (or SIGHUP) while the program runs: the program gets the signal, ftrace
# dies of it too (exit 128+15) and its temporary data directory is gone, as after ^C.
command -v gcc >/dev/null || skip "gcc is not installed"
cat >"$T/wait.c" <<'C'
#include <unistd.h>
__attribute__((noinline)) void nap(void) { usleep(20000); }
int main(void) { for (int i = 0; i < 1500; i++) nap(); return 0; }
C
gcc -pg -O0 -o "$T/wait" "$T/wait.c" 2>"$T/build.err" || fail "cannot build:" "$(cat "$T/build.err")"
for sig in TERM HUP; do
	rm -rf "$T/tmp" && mkdir "$T/tmp"
	TMPDIR=$T/tmp "$FTRACE" live "$T/wait" >"$T/out" 2>"$T/err" &
	pid=$!
	for _ in $(seq 100); do
		ls "$T"/tmp/*/data/*.dat >/dev/null 2>&1 && break
		sleep 0.1
	done
	ls "$T"/tmp/*/data/*.dat >/dev/null 2>&1 || fail "no recording started in $T/tmp"
	kill -"$sig" $pid
	wait $pid
	rc=$?
	[ "$(ls -A "$T/tmp")" ] && fail "SIG$sig left $(ls -A "$T/tmp") in TMPDIR"
	[ $rc -gt 128 ] || fail "ftrace live exited $rc after SIG$sig, expected death by the signal:" "$(cat "$T/err")"
done
exit 0
