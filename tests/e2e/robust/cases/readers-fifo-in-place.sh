# SPDX-License-Identifier: MIT
# A FIFO or /dev/zero in place of task, info, a .dat stream, counters or an ELF named in the memory maps
# never hangs a reader: each command ends (within seconds), without crashing, naming the file when it
# cannot go on.
. "$E2E/robust/lib.sh"
prog replay-nested
record_ok "$T/d" "$PROG"
check_readers() { # what was replaced, data directory
	local cmd rc

	for cmd in replay report graph dump info; do
		timeout 10 "$FTRACE" $cmd -d "$2" >"$T/out" 2>"$T/err" </dev/null
		rc=$?
		[ $rc -eq 124 ] && fail "$cmd hangs with $1"
		[ $rc -lt 128 ] || fail "$cmd crashed (exit $rc) with $1:" "$(cat "$T/err")"
	done
	return 0
}
for f in task info counters "$(basename "$(first_dat "$T/d")")"; do
	for kind in fifo zero; do
		rm -rf "$T/c" && cp -a "$T/d" "$T/c"
		rm -f "$T/c/$f"
		if [ $kind = fifo ]; then mkfifo "$T/c/$f"; else ln -s /dev/zero "$T/c/$f"; fi
		check_readers "a $kind as $f" "$T/c"
		[ "$f" = info ] && { grep -q "info.*not a regular file" "$T/err" || fail "info as a $kind: not named:" "$(cat "$T/err")"; }
	done
done
# an ELF named in the maps, with no saved symbols: the reader opens the binary itself
rm -rf "$T/c" && cp -a "$T/d" "$T/c" && rm -rf "$T/c/sym"
mkfifo "$T/fifo-elf"
sed -i "s|$PROG|$T/fifo-elf|" "$T"/c/*.maps
check_readers "a FIFO as the executable" "$T/c"
