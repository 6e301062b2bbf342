#!/bin/bash
# SPDX-License-Identifier: MIT
# A second build of the analyser with AddressSanitizer and UBSan, running the unit and e2e tests on it.
# libmcount.so is not sanitized: it runs inside the traced program, and its own flags end with
# -fno-sanitize=all, which is why the sanitizer flags go through FT_CFLAGS (before that) and not CFLAGS.
# The sanitizers cannot link statically: FTRACE_LDFLAGS= links ftrace dynamically (m4/ft_static_pie.m4).
#
# usage: tests/sanitize.sh [BUILDDIR]   (default: build-sanitize at the top of the source tree)
# Ends with run-tests.sh's "N passed, N failed, N skipped" line; exits non-zero on a build or test failure.
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILDDIR=${1:-$SRCDIR/build-sanitize}
SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
FT_CFLAGS="-Wall -Wextra -std=gnu11 $SAN_FLAGS"
JOBS=$(nproc 2>/dev/null || echo 2)

# An error from a sanitizer fails the command that hit it; leaks count too.
# disable_coredump=0: ASan lowers RLIMIT_CORE for itself, and the traced program would inherit it
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99:disable_coredump=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=98}

[ -x "$SRCDIR/configure" ] || (cd "$SRCDIR" && ./bootstrap) || exit 1
mkdir -p "$BUILDDIR" && cd "$BUILDDIR" || exit 1
if [ ! -f Makefile ]; then
	"$SRCDIR/configure" -q || { echo "sanitize: configure failed in $BUILDDIR"; exit 1; }
fi
make -s -j"$JOBS" FT_CFLAGS="$FT_CFLAGS" FTRACE_LDFLAGS= all || { echo "sanitize: build failed in $BUILDDIR"; exit 1; }
if nm -D libmcount.so | grep -q __asan; then
	echo "sanitize: libmcount.so was built with a sanitizer: it must not be"
	exit 1
fi
# `make check` builds the unit tests with the same flags, then runs tests/run-tests.sh
make -s -j"$JOBS" FT_CFLAGS="$FT_CFLAGS" FTRACE_LDFLAGS= check
