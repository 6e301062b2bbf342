#!/bin/bash
# SPDX-License-Identifier: MIT
# Builds ftrace (bootstrap, configure, make) and traces the demo calculator: record, then replay.
# usage: demos/run-demo.sh ['EXPRESSION']   (build tree: build/ at the top of the source tree, or $FTRACE_BUILD)
set -e

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILDDIR=${FTRACE_BUILD:-$SRCDIR/build}
case $BUILDDIR in /*) ;; *) BUILDDIR=$SRCDIR/$BUILDDIR ;; esac

cd "$SRCDIR"
[ -x configure ] || ./bootstrap
mkdir -p "$BUILDDIR"
cd "$BUILDDIR"
[ -f Makefile ] || "$SRCDIR/configure" -q
make -s -j"$(nproc)"

echo "== gcc -pg -O0 -o calc demos/calc.c"
gcc -pg -O0 -o calc "$SRCDIR/demos/calc.c"
echo "== ftrace record -d calc.data ./calc '${1:-2 * (3 + 4)}'"
./ftrace record -d calc.data ./calc "${1:-2 * (3 + 4)}"
echo "== ftrace replay -d calc.data"
./ftrace replay -d calc.data
