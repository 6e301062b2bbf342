# SPDX-License-Identifier: MIT
# a regex restricted to the program's module; a pattern for another module matches nothing.
. "$E2E/filter/lib.sh"
filter_case regex-module -F '^(parse|emit)$@prog' -N lex@libc
exit 0
