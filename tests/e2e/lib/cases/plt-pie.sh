# SPDX-License-Identifier: MIT
# Library calls appear by name with a PIE executable.
. "$E2E/lib/lib.sh"
lib_plt_case gcc -pg -fPIE -pie -Wl,-z,lazy
exit 0
