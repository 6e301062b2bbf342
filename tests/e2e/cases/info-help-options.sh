# SPDX-License-Identifier: MIT
# info lists only options that change what it prints: -D, --tid and --no-libcall select calls, and info
# shows none, so its --help does not offer them and it refuses them like any unknown option.
"$FTRACE" info --help >help.out 2>&1 || fail "info --help failed:" "$(cat help.out)"
for opt in -D, --tid --no-libcall; do
	grep -q -- "$opt" help.out && fail "info --help lists $opt:" "$(cat help.out)"
done
grep -q -- '--no-libcall' <("$FTRACE" replay --help 2>&1) || fail "replay --help lost --no-libcall"
"$FTRACE" info --tid 1 >out 2>&1 && fail "info --tid was accepted:" "$(cat out)"
exit 0
