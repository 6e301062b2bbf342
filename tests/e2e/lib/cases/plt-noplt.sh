# SPDX-License-Identifier: MIT
# Library calls appear by name with -fno-plt (calls go through the GOT directly: GLOB_DAT relocations).
. "$E2E/lib/lib.sh"
lib_plt_case gcc -pg -fno-plt -Wl,-z,now
exit 0
