# SPDX-License-Identifier: MIT
# time(), gettimeofday() and clock_gettime() run in the vDSO: record saves its image in the data
# directory, so replay names them (and --libname says linux-vdso.so.1), not as raw addresses.
. "$E2E/lib/lib.sh"
lib_build "$T/prog" vdso.c gcc -pg
record_ok "$T/d" "$T/prog"
[ -s "$T/d/linux-vdso.so.1" ] || skip "no vDSO in this process (the calls went to the kernel)"
replay_check "$T/d" "$LIB_DIR/expected/vdso.out" --libname
exit 0
