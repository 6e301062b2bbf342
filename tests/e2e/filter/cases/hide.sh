# SPDX-License-Identifier: MIT
# -H: parse is hidden, its children take its place.
. "$E2E/filter/lib.sh"
filter_case hide -H parse
exit 0
