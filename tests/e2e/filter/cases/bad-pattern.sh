# SPDX-License-Identifier: MIT
# A bad pattern or trigger is one clear line naming it, at record and at replay time; nothing runs.
. "$E2E/filter/lib.sh"
filter_build "$T/prog" "gcc -pg"
filter_record "$T/d" "$T/prog"
expect_error "invalid pattern 'foo\(': " "$FTRACE" replay -d "$T/d" -F 'foo('
expect_error "invalid trigger 'parse@depth=0'" "$FTRACE" replay -d "$T/d" -T parse@depth=0
expect_error "invalid trigger 'parse@colour=red'" "$FTRACE" record -d "$T/d2" -T parse@colour=red "$T/prog"
[ -e "$T/d2" ] && fail "record created '$T/d2' for a bad trigger"
expect_error "invalid time '5parsecs'" "$FTRACE" record -d "$T/d3" -t 5parsecs "$T/prog"
# what ftrace does not do is refused with the reason, never taken for a module name
expect_error "invalid trigger 'parse@if:arg1==1': conditions" "$FTRACE" replay -d "$T/d" -F 'parse@if:arg1==1'
expect_error "invalid trigger 'parse@read=proc/statm': 'read=' is not supported" "$FTRACE" replay -d "$T/d" -T parse@read=proc/statm
exit 0
