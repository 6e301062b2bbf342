# SPDX-License-Identifier: MIT
# -C emit with -H compile: both emit calls, the one inside compile at compile's place.
. "$E2E/filter/lib.sh"
filter_case caller-hide -C emit -H compile
exit 0
