# SPDX-License-Identifier: MIT
# 64 threads x 1 million calls at once: the records in the data directory (ftrace info, which decodes
# every stream) are exactly an entry and an exit per call made, and none is counted lost.
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1 calls records lost start

	proc_build threads-stress.c "$1"
	start=$(date +%s)
	proc_record "$d" "$BIN" 64 1000000 || return 1
	calls=$(cat "$d.out")
	"$FTRACE" info -d "$d" >"$d.info" 2>"$d.ierr" || { cat "$d.ierr"; return 1; }
	records=$(sed -n 's/^# records *: //p' "$d.info")
	lost=$(sed -n 's/^# lost records *: //p' "$d.info")
	echo "mode $1: $calls calls, $records records, $lost lost, $(($(date +%s) - start)) s"
	rm -rf "$d" # 300 MB
	[ "$calls" -eq 64000065 ] || { echo "the program made $calls calls"; return 1; }
	[ "$records" -eq $((2 * calls)) ] && [ "$lost" -eq 0 ] || { echo "records do not match the calls"; return 1; }
}
proc_each check gcc-pg-O2 gcc-fentry-O2 clang-cyg-O2
