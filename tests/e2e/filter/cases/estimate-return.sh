# SPDX-License-Identifier: MIT
# -e: no return hijacking; each exit is written at the next entry that is not nested in the call.
. "$E2E/filter/lib.sh"
for mode in "gcc -pg" "gcc -pg -mfentry"; do
	filter_build "$T/prog" "$mode"
	rm -rf "$T/d"
	filter_record "$T/d" "$T/prog" -e
	filter_replay "$T/d" "$T/out"
	diff -u "$FILTER_DIR/expected/estimate-return.out" "$T/out" || fail "[$mode] record -e:" "$(cat "$T/out")"
done
exit 0
