# SPDX-License-Identifier: MIT
# A program killed before its first traced call (a hang stopped by a signal, here SIGTERM through raw
# system calls): record says it was killed, and does not blame a missing -pg.
command -v gcc >/dev/null || skip "gcc is not installed"
cat >early.c <<'C'
int main(void)
{
	long pid;

	__asm__ volatile("syscall" : "=a"(pid) : "a"(39L) : "rcx", "r11", "memory");      /* getpid */
	__asm__ volatile("syscall" : : "a"(62L), "D"(pid), "S"(15L) : "rcx", "r11", "memory"); /* kill */
	return 0;
}
C
gcc -O0 -o early early.c 2>build.err || fail "cannot build:" "$(cat build.err)"
"$FTRACE" record --force -d data ./early >out 2>err
rc=$?
[ $rc -eq 143 ] || fail "ftrace record exited $rc, expected 143 (SIGTERM):" "$(cat err)"
grep -q "no function calls were recorded before './early' was killed by SIGTERM" err ||
	fail "no word on the kill:" "$(cat err)"
grep -q -- "-pg" err && fail "the message blames -pg:" "$(cat err)"
exit 0
