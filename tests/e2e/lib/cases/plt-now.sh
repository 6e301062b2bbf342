# SPDX-License-Identifier: MIT
# Library calls appear by name with -z now (full RELRO: the GOT is read-only once bound).
. "$E2E/lib/lib.sh"
lib_plt_case gcc -pg -Wl,-z,now
exit 0
