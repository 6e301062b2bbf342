# SPDX-License-Identifier: MIT
# No two option rows of one command share a long or a short name: the parser takes one row for a name,
# so the other row could never be given. Checked on each command's --help, which lists its rows.

# dup_names FILE: the long and short names an `ftrace CMD --help` text lists more than once
dup_names() {
	awk '/^options:/ { on = 1; next }
	     on && /^  / {
		i = 1
		if ($1 ~ /^-[^-],$/) { print "-" substr($1, 2, 1); i = 2 }
		name = $i; sub(/=.*/, "", name); print name
	     }' "$1" | sort | uniq -d
}

# the detector itself finds a repeated name (a test that cannot fail proves nothing)
printf 'options:\n  -d, --data=DIR   a\n      --depth=N   b\n  -d, --dir=DIR   c\n      --depth   d\n' >sample
[ "$(dup_names sample | tr '\n' ' ')" = "--depth -d " ] || fail "dup_names misses repeats:" "$(dup_names sample)"

"$FTRACE" --help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }' >cmds
[ "$(wc -l <cmds)" -ge 7 ] || fail "ftrace --help lists too few commands:" "$(cat cmds)"
while read -r c; do
	"$FTRACE" "$c" --help >"$c.help" 2>&1 || fail "ftrace $c --help failed:" "$(cat "$c.help")"
	grep -q -- '--data' "$c.help" || fail "ftrace $c --help lists no options:" "$(cat "$c.help")"
	dups=$(dup_names "$c.help")
	[ -z "$dups" ] || fail "ftrace $c has several options named:" "$dups" "$(cat "$c.help")"
done <cmds
exit 0
