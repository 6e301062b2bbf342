#!/bin/bash
# SPDX-License-Identifier: MIT
# The formatting rule CI checks: every C file of the tree is as `clang-format -i` (the repo's
# .clang-format) leaves it. Folders whose .clang-format says DisableFormat (assembly, e2e programs)
# pass as written.
#
# usage: tests/format.sh [SRCDIR]   exits 0 when formatted, 1 naming the files that are not,
# 77 when clang-format is not installed (scripts/install-deps.sh installs it).
# Fix with: clang-format -i FILE...
set -u

SRCDIR=$(cd "${1:-$(dirname "$0")/..}" && pwd) || exit 2
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
command -v "$CLANG_FORMAT" >/dev/null || { echo "format: $CLANG_FORMAT is not installed"; exit 77; }
cd "$SRCDIR" || exit 2
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files '*.c' '*.h')
else
	mapfile -t files < <(find analysis bench cmd common demos libmcount tests -name '*.[ch]' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "format: no C file found in $SRCDIR"; exit 1; }
bad=$("$CLANG_FORMAT" --dry-run -Werror "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u)
if [ -n "$bad" ]; then
	echo "format: not formatted as .clang-format says (run clang-format -i on them):"
	printf '  %s\n' $bad
	exit 1
fi
echo "format: ${#files[@]} C files formatted"
