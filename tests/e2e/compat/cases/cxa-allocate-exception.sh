# SPDX-License-Identifier: MIT
# A throw shows its __cxa_allocate_exception() call, as uftrace shows it; the unwinder's own calls
# (__cxa_throw, __cxa_begin_catch...) stay untouched, and the frame it left is marked (exception).
. "$E2E/compat/lib.sh"
compat_build "$T/throws" throws.cc "g++ -pg"
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/throws"
compat_run "$T/out" "$FTRACE" replay -d "$T/d"
compat_expect cxa-allocate-exception "$T/out"
exit 0
