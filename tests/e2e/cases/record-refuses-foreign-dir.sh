# SPDX-License-Identifier: MIT
# A directory that is not an ftrace trace is never overwritten or moved.
prog replay-nested
mkdir precious && echo keep >precious/file
expect_error "'precious'.*not an ftrace data directory" "$FTRACE" record -d precious "$PROG"
[ "$(cat precious/file 2>/dev/null)" = keep ] || fail "precious/file was changed"
[ -e precious.old ] && fail "precious was moved to precious.old"
exit 0
