# SPDX-License-Identifier: MIT
# --help lists the commands, `ftrace CMD --help` that command's options, --version the version.
"$FTRACE" --help >help.out 2>&1 || fail "ftrace --help failed"
for c in record replay live info; do
	grep -q "^ *$c " help.out || fail "ftrace --help does not list '$c':" "$(cat help.out)"
done
"$FTRACE" record --help >rhelp.out 2>&1 || fail "ftrace record --help failed"
grep -q -- "--data" rhelp.out || fail "ftrace record --help does not list --data:" "$(cat rhelp.out)"
"$FTRACE" --version >version.out 2>&1 || fail "ftrace --version failed"
grep -Eq '^ftrace [0-9]+\.[0-9]+' version.out || fail "unexpected --version output:" "$(cat version.out)"
