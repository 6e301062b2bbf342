#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs the C++/Rust name cases (tests/e2e/lang/cases/*.sh) the way tests/e2e/run.sh runs its cases:
# each sourced in a subshell with its own directory T, after tests/e2e/lib.sh. Prints "PASS: lang-NAME",
# "FAIL: lang-NAME" (then the reason) or "SKIP: lang-NAME (reason)"; exits 1 if one failed.
# usage: tests/e2e/lang/run.sh SRCDIR BUILDDIR
set -u
[ $# -eq 2 ] || { echo "usage: $0 SRCDIR BUILDDIR" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd) && BUILDDIR=$(cd "$2" && pwd) || exit 2
E2E=$SRCDIR/tests/e2e
FTRACE=$BUILDDIR/ftrace
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ftrace-lang.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export SRCDIR BUILDDIR E2E FTRACE WORK
failed=0
for f in "$E2E"/lang/cases/*.sh; do
	name=lang-$(basename "$f" .sh)
	T=$WORK/$name
	mkdir -p "$T"
	# shellcheck disable=SC1090 # the case files
	(cd "$T" && export T && . "$E2E/lib.sh" && . "$f") >"$T.log" 2>&1 </dev/null
	case $? in
	0) echo "PASS: $name" ;;
	77) echo "SKIP: $name ($(tail -n 1 "$T.log"))" ;;
	*) echo "FAIL: $name"; sed 's/^/    /' "$T.log"; failed=1 ;;
	esac
done
exit $failed
