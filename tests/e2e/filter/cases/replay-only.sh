# SPDX-License-Identifier: MIT
# Filters that need the whole call to judge it (-C: a matching call below; -t: the duration) and -r
# work on a full trace at replay time (doc/filters.md says why record time does less for them).
. "$E2E/filter/lib.sh"
filter_build "$T/prog" "gcc -pg"
filter_record "$T/d" "$T/prog"
filter_replay "$T/d" "$T/out" -C lex
diff -u "$FILTER_DIR/expected/caller.out" "$T/out" || fail "-C lex: unexpected tree"
filter_replay "$T/d" "$T/out" -t 1ms
diff -u "$FILTER_DIR/expected/time.out" "$T/out" || fail "-t 1ms: unexpected tree"
filter_replay "$T/d" "$T/all"
filter_replay "$T/d" "$T/out" -r 0~
diff -u "$T/all" "$T/out" || fail "-r 0~ is not the whole trace"
filter_replay "$T/d" "$T/out" -r 1h~
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "-r 1h~ shows calls:" "$(cat "$T/out")"
exit 0
