# SPDX-License-Identifier: MIT
# Core dumps as without ftrace: with `ulimit -c unlimited`, a program killed by SIGSEGV, SIGFPE, SIGABRT
# dumps core under ftrace record exactly when it does bare (the wait status's core flag, and the core
# file when core_pattern names a file); SIGKILL dumps none either way. The crash line ends "(core dumped)".
. "$E2E/crash/lib.sh"
ulimit -c unlimited 2>/dev/null || skip "cannot raise the core size limit"
[ "$(ulimit -c)" = unlimited ] || skip "cannot raise the core size limit"
pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
mode=$(crash_modes | head -n 1)
[ -n "$mode" ] || skip "no crash mode selected in FTRACE_MODES"
crash_build "$CRASH_DIR/programs/die.c" "$mode"

# core_files DIR: how many core files a crash left in DIR (when core_pattern is a plain name)
core_files() {
	find "$1" -maxdepth 1 -name 'core*' -type f | wc -l
}

for way in segv fpe abort kill; do
	mkdir -p "bare-$way" "traced-$way"
	bare=$(cd "bare-$way" && perl -e 'system(@ARGV); my $s = $?;
		print STDERR (($s & 127) . " " . (($s & 128) ? "core" : "nocore"))' "$BIN" "$way" 1 2>&1 >/dev/null |
		tail -n 1)
	(cd "traced-$way" && "$FTRACE" record -d ../d-$way "$BIN" "$way" 1 >out 2>err)
	rc=$?
	status=$(sed -n 's/^exit-status: //p' "d-$way/info")
	sig=${bare%% *}
	[ "$rc" -eq $((128 + sig)) ] || fail "$way: bare signal $sig, ftrace record exited $rc"
	case $bare in
	*" core") echo "$status" | grep -q "(core dumped)" || fail "$way: bare run dumped core, traced: '$status'" ;;
	*) echo "$status" | grep -q "core" && fail "$way: bare run dumped no core, traced: '$status'" ;;
	esac
	[ "$way" = segv ] && ! grep -Eq "^ftrace: [^ ]* killed by SIGSEGV \(address 0x4\) in die_segv <- .* <- main \(core dumped\)$" \
		"traced-$way/err" && fail "segv: the crash line does not end with (core dumped):" "$(cat "traced-$way/err")"
	case $pattern in
	"" | "|"* | /*) ;; # a pipe or another directory: the core flag above is all we can see
	*)
		[ "$(core_files "bare-$way")" -eq "$(core_files "traced-$way")" ] ||
			fail "$way: core files: bare $(core_files "bare-$way"), traced $(core_files "traced-$way")"
		;;
	esac
	rm -f bare-"$way"/core* traced-"$way"/core*
done
# one case must have produced a core at all, or this case proves nothing
grep -q "(core dumped)" d-segv/info || skip "no core dump even bare (core_pattern '$pattern')"
exit 0
