# SPDX-License-Identifier: MIT
# --match=glob: shell patterns over the whole name.
. "$E2E/filter/lib.sh"
filter_case glob --match=glob -F 'p*se' -N 'l?x'
exit 0
