# SPDX-License-Identifier: MIT
# --tid selects threads when reading. record cannot know thread ids before the run: it records
# everything and says so in one warning; live passes --tid to its replay without a warning.
. "$E2E/filter/lib.sh"
filter_build "$T/prog" "gcc -pg"
"$FTRACE" record --no-libcall --tid 1 -d "$T/d" "$T/prog" >/dev/null 2>"$T/err" || fail "record --tid failed:" "$(cat "$T/err")"
grep -q "^ftrace: warning: --tid applies when reading the trace: thread ids are not known" "$T/err" ||
	fail "record --tid: no warning:" "$(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "record --tid: more than the warning:" "$(cat "$T/err")"
filter_replay "$T/d" "$T/whole"
tid=$(sed -n 's/^ftrace-data.*//;s/^pid: //p' "$T/d/info")
filter_replay "$T/d" "$T/out" --tid "$tid"
diff -u "$T/whole" "$T/out" || fail "replay --tid (the only thread) is not the whole trace"
"$FTRACE" replay --tid 1 -d "$T/d" >"$T/out" 2>/dev/null
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "replay --tid 1 shows calls:" "$(cat "$T/out")"
# a thread id of another run: live shows no call (and says so), but does not warn about --tid
"$FTRACE" live --no-libcall --tid "$tid" "$T/prog" >"$T/out" 2>"$T/err" || fail "live --tid failed:" "$(cat "$T/err")"
grep -q -- "--tid" "$T/err" && fail "live --tid warned about --tid:" "$(cat "$T/err")"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "live --tid (another run's) shows calls:" "$(cat "$T/out")"
exit 0
