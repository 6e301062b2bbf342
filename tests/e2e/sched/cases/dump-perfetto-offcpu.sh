# SPDX-License-Identifier: MIT
# dump --perfetto: the time a thread was switched out is an "off-CPU" slice (begin at the switch-out,
# end at the switch-in) on its track, one for each switch-in replay shows, and every slice still nests.
. "$E2E/sched/lib.sh"
. "$E2E/analysis/lib.sh"
command -v protoc >/dev/null || skip "protoc is not installed (Debian protobuf-compiler)"
prog sched-offcpu
sched_record d "$PROG"
run_ok out.pftrace "$FTRACE" dump -d d --perfetto
pftrace_decode out.pftrace out.txt
run_ok replay.out "$FTRACE" replay -d d
ins=$(grep -c "linux:sched-in" replay.out)
offs=$(grep -c 'name: "off-CPU"' out.txt)
[ "$ins" -gt 0 ] && [ "$offs" -eq "$ins" ] ||
	fail "$offs off-CPU slices for $ins switch-ins in the replay"
# begins and ends balance (the off-CPU ones carry their name on the begin)
begins=$(grep -c '^ *type: TYPE_SLICE_BEGIN$' out.txt) ends=$(grep -c '^ *type: TYPE_SLICE_END$' out.txt)
[ "$begins" -gt "$offs" ] && [ "$begins" -eq "$ends" ] || fail "$begins slice begins, $ends ends"
exit 0
