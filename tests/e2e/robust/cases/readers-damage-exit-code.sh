# SPDX-License-Identifier: MIT
# One rule for every reader on damaged data: a warning naming the file and what was skipped or damaged, and a
# non-zero exit (not a crash) whenever anything was skipped; replay, report, graph, dump (raw and
# chrome) and info agree on the same damage.
. "$E2E/robust/lib.sh"
robust_build fsize.c
record_ok "$T/d" -b 64k "$BIN" nolimit
dat=$(first_dat "$T/d")
name=$(basename "$dat")
size=$(stat -c %s "$dat")
[ "$size" -gt 65600 ] || fail "the test needs a stream of two chunks or more, $name has $size bytes"
damage() { # how, then the damaged copy is in $T/c
	rm -rf "$T/c" && cp -a "$T/d" "$T/c"
	case $1 in
	magic) printf 'XXXX' | dd of="$T/c/$name" bs=1 seek=65536 conv=notrunc 2>/dev/null ;;
	# 0x55 bytes decode as valid records (entries 43 bytes apart): only the next chunk's header depth
	# shows them (random bytes are not used: some random damage keeps the depth and goes unseen)
	records) head -c 200 /dev/zero | tr '\000' '\125' | dd of="$T/c/$name" bs=1 seek=100 conv=notrunc 2>/dev/null ;;
	used) printf '\377\377\377\177' | dd of="$T/c/$name" bs=1 seek=16 conv=notrunc 2>/dev/null ;;
	truncated) truncate -s $((65536 + 30)) "$T/c/$name" ;;
	esac
}
for how in magic records used truncated; do
	damage $how
	for cmd in replay report graph dump "dump --chrome" info; do
		# shellcheck disable=SC2086 # options
		"$FTRACE" $cmd -d "$T/c" >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc -ne 0 ] || fail "$cmd exits 0 on a trace damaged ($how):" "$(cat "$T/err")"
		[ $rc -lt 128 ] || fail "$cmd crashed (exit $rc) on damage ($how)"
		grep -Eq "^ftrace: .*$name.*(skipped|damaged)" "$T/err" ||
			fail "$cmd does not name $name and what was skipped ($how):" "$(cat "$T/err")"
	done
done
# and an undamaged trace exits 0 everywhere
for cmd in replay report graph dump info; do
	"$FTRACE" $cmd -d "$T/d" >/dev/null 2>"$T/err" || fail "$cmd fails on an undamaged trace:" "$(cat "$T/err")"
done
