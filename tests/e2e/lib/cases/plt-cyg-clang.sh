# SPDX-License-Identifier: MIT
# Library calls with clang -finstrument-functions -fno-plt: the hooks' own GOT entries stay untouched.
. "$E2E/lib/lib.sh"
lib_plt_case clang -finstrument-functions -fno-plt
exit 0
