# SPDX-License-Identifier: MIT
# Library calls with gcc -pg -mfentry.
. "$E2E/lib/lib.sh"
lib_plt_case gcc -pg -mfentry
exit 0
