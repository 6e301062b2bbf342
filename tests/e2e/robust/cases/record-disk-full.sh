# SPDX-License-Identifier: MIT
# A disk that fills up during the run (a 512 KiB tmpfs, smaller than the 800 KB the four threads
# record): the program runs to its end as untraced, record
# says what stopped and how much was lost, and each reader says it in one warning line.
. "$E2E/robust/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
robust_build threads4.c
mkdir -p "$T/small"
mount -t tmpfs -o size=512k tmpfs "$T/small" 2>"$T/mount.err" || skip "cannot mount a tmpfs: $(cat "$T/mount.err")"
trap 'umount "$T/small"' EXIT
untraced_same "$T/small/d" "$BIN"
grep -q "tracing stopped early: disk full" "$T/d.err" ||
	fail "record does not say the disk filled up:" "$(cat "$T/d.err")"
grep -q "records lost" "$T/d.err" || fail "record does not count the lost records:" "$(cat "$T/d.err")"
for cmd in replay report graph dump; do
	"$FTRACE" $cmd -d "$T/small/d" >/dev/null 2>"$T/$cmd.err"
	[ "$(grep -c "disk full" "$T/$cmd.err")" -eq 1 ] ||
		fail "$cmd does not say once that the disk filled up:" "$(cat "$T/$cmd.err")"
done
