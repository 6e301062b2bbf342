# SPDX-License-Identifier: MIT
# The names threads are given (prctl, pthread_setname_np on itself or another, a write to comm) or
# inherit show in info, graph --task, report --threads, replay -f task and dump --chrome; names
# given survive a SIGKILL.
. "$E2E/proc/lib.sh"
proc_build thread-names.c gcc-pg-O2
proc_record "$T/d" "$BIN" || fail "record failed"
d=$T/d

"$FTRACE" info -d "$d" >info.out 2>&1 || fail "info failed:" "$(cat info.out)"
list=$(sed -n 's/^# thread list *: //p' info.out)
for name in boss io-worker by-main via-comm; do
	echo "$list" | grep -Eq "(^| )[0-9]+\($name\)" || fail "info's thread list lacks $name:" "$list"
done
[ "$(echo "$list" | grep -o '(boss)' | wc -l)" -eq 2 ] || fail "the unnamed thread is not boss:" "$list"

"$FTRACE" graph --task -d "$d" >graph.out 2>&1 || fail "graph --task failed:" "$(cat graph.out)"
grep -Eq '\] : thread-names \(pid [0-9]+, named boss\)$' graph.out ||
	fail "graph --task: no named process line:" "$(cat graph.out)"
for name in io-worker by-main via-comm boss; do
	grep -Eq "\] :  \+-$name\$" graph.out || fail "graph --task: no thread $name:" "$(cat graph.out)"
done

"$FTRACE" report --threads -d "$d" >report.out 2>&1 || fail "report --threads failed:" "$(cat report.out)"
grep -Eq '^ .* [0-9]+  io-worker +io$' report.out || fail "report --threads: io not in io-worker:" "$(cat report.out)"
grep -Eq '^ .* [0-9]+  by-main +other$' report.out || fail "report --threads: other not in by-main:" "$(cat report.out)"
"$FTRACE" report --threads --format=csv -d "$d" | grep -Eq '^[0-9]+,[0-9]+,1,[0-9]+,via-comm,comm$' ||
	fail "report --threads --format=csv: no via-comm row for comm"

"$FTRACE" replay -f tid,task -d "$d" >replay.out 2>&1 || fail "replay -f task failed:" "$(cat replay.out)"
head -1 replay.out | grep -q "TASK NAME" || fail "replay -f task: no TASK NAME header:" "$(head -3 replay.out)"
grep -Eq '^ \[ *[0-9]+\]       io-worker \| io\(\) \{$' replay.out || fail "replay -f task: io's line:" "$(cat replay.out)"
grep -Eq '^ \[ *[0-9]+\]            boss \| main\(\)' replay.out || fail "replay -f task: main's line:" "$(cat replay.out)"

"$FTRACE" dump --chrome -d "$d" >chrome.json 2>&1 || fail "dump --chrome failed"
grep -q '"thread_name","args":{"name":"\[[0-9]*\] via-comm"}' chrome.json ||
	fail "dump --chrome: no via-comm thread:" "$(grep '"M"' chrome.json)"

# SIGKILL: no thread ends normally, the names given were logged when given
rm -rf "$T/k"
"$FTRACE" record --no-libcall -d "$T/k" "$BIN" kill >/dev/null 2>&1
"$FTRACE" info -d "$T/k" >kinfo.out 2>&1
list=$(sed -n 's/^# thread list *: //p' kinfo.out)
for name in boss io-worker by-main; do
	echo "$list" | grep -Eq "(^| )[0-9]+\($name\)" || fail "after SIGKILL, info's thread list lacks $name:" "$(cat kinfo.out)"
done
exit 0
