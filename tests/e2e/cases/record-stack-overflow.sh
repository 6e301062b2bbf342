# SPDX-License-Identifier: MIT
# A stack overflow leaves no stack for a signal handler: libmcount's alternate signal stack records it
# anyway. record exits 128+SIGSEGV with the crash line (the recursion told once, with its count), and
# replay ends with the signal inside the recursion and every frame closed as (crash).
prog stack-overflow
"$FTRACE" record -d d "$PROG" >out 2>err
rc=$?
[ $rc -eq 139 ] || fail "ftrace record exited $rc, expected 139:" "$(cat err)"
grep -Eq '^ftrace: .* killed by SIGSEGV \(address 0x[0-9a-f]+\) in down \(x64\) <- \.\.\.$' err ||
	fail "unexpected crash line:" "$(cat err)"
"$FTRACE" replay -d d >r 2>"$T/err" || fail "replay failed:" "$(cat "$T/err")"
grep -q '/\* signal SIGSEGV (address 0x' r || fail "replay does not show the signal:" "$(tail -n 5 r)"
tail -n 1 r | grep -Eq '\} /\* main \(crash\) \*/$' || fail "main is not closed by the crash:" "$(tail -n 3 r)"
exit 0
