# SPDX-License-Identifier: MIT
# A forked child's tree continues from `} /* fork */`, inside the main() it inherited, as uftrace
# shows it, instead of opening main() again.
. "$E2E/compat/lib.sh"
compat_build "$T/forks" forks.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/forks"
compat_run "$T/out" "$FTRACE" replay -d "$T/d"
grep '\[T2\]' "$T/out" >"$T/child"
compat_expect fork-child "$T/child"
grep '\[T1\]' "$T/out" >"$T/parent"
compat_expect fork-parent "$T/parent"
exit 0
