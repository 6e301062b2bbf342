#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds lsdir with -pg, records it with -a on a directory and on a regular file, and replays the trace.
# usage: demos/lsdir/run-demo.sh [FTRACE]     (default: ftrace from PATH)
set -u
FTRACE=${1:-ftrace}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
${CC:-gcc} -pg -g -O0 -o lsdir "$here/lsdir.c" || exit 1
mkdir dir && touch dir/a dir/b && echo hello >file.txt
"$FTRACE" record -a ./lsdir dir file.txt # dies with SIGSEGV: that is the bug being shown
"$FTRACE" replay
