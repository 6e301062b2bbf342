# SPDX-License-Identifier: MIT
# -F: only parse and what it calls start at the left margin, at record and at replay time.
. "$E2E/filter/lib.sh"
filter_case only-these -F parse
exit 0
