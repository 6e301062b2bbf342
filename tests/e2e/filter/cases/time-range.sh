# SPDX-License-Identifier: MIT
# -r, counted from the start of the recording: a boundary in the middle of a 600 ms pause splits the
# calls before it from those after; a call entered outside the range lets its children take its place.
# The open ends: 0~ is everything, 1h~ nothing, at record and at replay time.
. "$E2E/filter/lib.sh"
FILTER_PROG=ranged filter_case range-late -r 300ms~
FILTER_PROG=ranged filter_case range-early -r '~300ms'
filter_build "$T/prog" "gcc -pg"
filter_record "$T/all" "$T/prog"
filter_record "$T/none" "$T/prog" -r 1h~
filter_replay "$T/all" "$T/whole"
filter_replay "$T/all" "$T/out" -r 0~
diff -u "$T/whole" "$T/out" || fail "replay -r 0~ is not the whole trace"
for d in all none; do
	filter_replay "$T/$d" "$T/out" -r 1h~
	[ "$(wc -l <"$T/out")" -eq 1 ] || fail "-r 1h~ ($d) shows calls:" "$(cat "$T/out")"
done
exit 0
