# SPDX-License-Identifier: MIT
# A thread blocked in read() when main returns (after a 300 ms call): its open calls close when the
# process ended, so wait_forever lasts about as long as busy, not the microseconds before it blocked.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	proc_build threads-blocked.c "$1"
	proc_record "$T/d-$1" "$BIN" && proc_tree "$T/d-$1" "$(proc_expected threads-blocked "$1")" || return 1
	line=$(grep "} /\* wait_forever (not returned) \*/" "$T/d-$1.replay")
	echo "$line" | grep -Eq '^ *[0-9]+\.[0-9]+ ms ' && [ "$(echo "$line" | awk '{ print int($1) }')" -ge 250 ] ||
		{ echo "wait_forever should last ~300 ms:"; cat "$T/d-$1.replay"; return 1; }
}
proc_each check
