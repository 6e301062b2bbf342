#!/bin/bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses of tests/fuzz/: a clang build of libftrace.a with the fuzzer's coverage
# and ASan/UBSan (its own build tree), then one binary per tests/fuzz/fuzz_*.c linked against it.
#
# usage: tests/fuzz/build.sh [BUILDDIR]   (default: build-fuzz at the top of the source tree)
# Binaries land in BUILDDIR/fuzz/. Exits 77 with the reason when clang or libFuzzer is missing (on
# Debian 12: apt-get install clang libclang-rt-14-dev), 1 when the build fails.
set -u

SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILDDIR=${1:-$SRCDIR/build-fuzz}
CC=${FUZZ_CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
JOBS=$(nproc 2>/dev/null || echo 2)

# whether $CC can link a libFuzzer binary at all
have_libfuzzer() {
	local t

	command -v "$CC" >/dev/null || return 1
	t=$(mktemp -d) || return 1
	echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n > 99; }' >"$t/t.c"
	"$CC" -fsanitize=fuzzer "$t/t.c" -o "$t/t" >/dev/null 2>&1
	local rc=$?
	rm -rf "$t"
	return $rc
}

if ! have_libfuzzer; then
	echo "fuzz: $CC cannot link -fsanitize=fuzzer (install clang and libclang-rt-14-dev)"
	exit 77
fi
[ -x "$SRCDIR/configure" ] || (cd "$SRCDIR" && ./bootstrap) || exit 1
mkdir -p "$BUILDDIR/fuzz" && cd "$BUILDDIR" || exit 1
if [ ! -f Makefile ]; then
	"$SRCDIR/configure" -q CC="$CC" || { echo "fuzz: configure failed in $BUILDDIR"; exit 1; }
fi
# Only the analyser's library: libmcount runs in traced programs and is never fuzzed here.
make -s -j"$JOBS" FT_CFLAGS="-Wall -Wextra -std=gnu11 -fsanitize=fuzzer-no-link $SAN" libftrace.a ||
	{ echo "fuzz: building libftrace.a failed in $BUILDDIR"; exit 1; }
LIBS=$(sed -n 's/^\(LIBDW_LIBS\|LIBELF_LIBS\|LIBIBERTY_LIBS\|ZLIB_LIBS\) = //p' Makefile | tr '\n' ' ')
# The analyser's file calls go to the in-memory data directory of tests/fuzz/memfs.c
WRAP=""
for fn in open close fstat stat lstat access pread read mmap munmap madvise fdopen opendir readdir closedir; do
	WRAP="$WRAP -Wl,--wrap=$fn"
done
for src in "$SRCDIR"/tests/fuzz/fuzz_*.c; do
	bin=fuzz/$(basename "$src" .c)
	fresh=1
	for dep in "$src" libftrace.a "$SRCDIR"/tests/fuzz/*.h "$SRCDIR"/tests/fuzz/memfs.c; do
		[ "$bin" -nt "$dep" ] || fresh=0
	done
	[ $fresh -eq 1 ] && continue
	# shellcheck disable=SC2086 # LIBS, SAN and WRAP are word lists
	"$CC" -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer $SAN -I"$SRCDIR/common" -I"$SRCDIR/analysis" -I"$SRCDIR/cmd" -I. \
		"$src" "$SRCDIR/tests/fuzz/memfs.c" libftrace.a $LIBS $WRAP -o "$bin" || { echo "fuzz: building $bin failed"; exit 1; }
done
echo "fuzz: harnesses in $BUILDDIR/fuzz"
