# SPDX-License-Identifier: MIT
# Library calls appear by name with lazy binding (the PLT stub binds on first call).
. "$E2E/lib/lib.sh"
lib_plt_case gcc -pg -Wl,-z,lazy
exit 0
