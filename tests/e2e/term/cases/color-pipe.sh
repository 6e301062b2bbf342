# SPDX-License-Identifier: MIT
# In a pipe replay and report print no escape code, whatever the default; --color=always colours
# durations by magnitude (us plain, ms yellow), dims comments, reddens signals and report's hot rows.
. "$E2E/term/lib.sh"
shades_trace d 0 crash
"$FTRACE" replay -d d >plain.out 2>&1
"$FTRACE" report -d d >>plain.out 2>&1
grep -q $'\033' plain.out && fail "escape codes in a pipe:" "$(cat -v plain.out)"
grep -q "slow" plain.out || fail "no replay/report output:" "$(cat plain.out)"
"$FTRACE" replay --color=never -d d | grep -q $'\033' && fail "--color=never printed escape codes"

"$FTRACE" replay --color=always -d d >color.out 2>replay.err
cat -v color.out >color.txt
# slow() took 3 ms: its closing line's duration is yellow, quick()'s (microseconds) is plain
grep -Eq '^ \^\[\[33m +[0-9.]+ ms\^\[\[0m .*\} \^\[\[2m/\* slow \*/\^\[\[0m$' color.txt ||
	fail "slow()'s closing line is not a yellow ms duration with a dim comment:" "$(cat color.txt)"
grep -Eq '\} \^\[\[2m/\* quick \*/\^\[\[0m$' color.txt ||
	fail "quick()'s closing line has no dim comment:" "$(cat color.txt)"
# whatever a loaded machine made of the durations: us plain, ms yellow
grep -E '^ +[0-9.]+ us ' color.txt >us.txt || fail "no microsecond duration:" "$(cat color.txt)"
grep -E '[0-9] ms' color.txt | grep -Ev '^ \^\[\[33m +[0-9.]+ ms\^\[\[0m ' &&
	fail "a millisecond duration that is not yellow:" "$(cat color.txt)"
grep -Eq '\^\[\[31m/\* signal SIGABRT \*/\^\[\[0m$' color.txt ||
	fail "the signal line is not red:" "$(cat color.txt)"

# report: the hot rows (a tenth or more of all self time) are red, the others are not
"$FTRACE" report --color=always -d d | cat -v >report.txt
grep -Eq '^\^\[\[31m.* slow\^\[\[0m$' report.txt || fail "slow is not a red row:" "$(cat report.txt)"
grep -Eq '^ .* leaf$' report.txt || fail "leaf (two short calls) is not a plain row:" "$(cat report.txt)"
"$FTRACE" report --color=always --format=csv -d d | grep -q $'\033' && fail "escape codes in csv"
expect_error "invalid --color 'sometimes'" "$FTRACE" replay --color=sometimes -d d
exit 0
