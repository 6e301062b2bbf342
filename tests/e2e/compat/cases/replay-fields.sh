# SPDX-License-Identifier: MIT
# replay -f takes uftrace's fields (duration tid addr time delta elapsed task module), prints them
# in uftrace's order under uftrace's titles (written down from uftrace 0.13), '+' adds to the
# default columns, 'none' prints the tree alone; the values agree with each other and the program.
. "$E2E/compat/lib.sh"
compat_build "$T/calls" calls.c
compat_run "$T/out" "$FTRACE" record -d "$T/d" "$T/calls"

# the titles, whatever the order asked
header() {
	"$FTRACE" replay -d "$T/d" -f "$1" >"$T/h.out" 2>"$T/h.err" || fail "-f $1:" "$(cat "$T/h.err")"
	[ "$(head -1 "$T/h.out")" = "$2" ] || fail "-f $1: header" "want: $2" "got:  $(head -1 "$T/h.out")"
}
header time '#     TIMESTAMP       FUNCTION'
header elapsed '#  ELAPSED    FUNCTION'
header delta '# TIMEDELTA   FUNCTION'
header duration '# DURATION    FUNCTION'
header tid '#   TID     FUNCTION'
header addr '#   ADDRESS     FUNCTION'
header task '#      TASK NAME   FUNCTION'
header module '#     MODULE NAME   FUNCTION'
header +time '# DURATION     TID        TIMESTAMP       FUNCTION'
header +module,elapsed '# DURATION     TID     ELAPSED       MODULE NAME   FUNCTION'
header module,time,tid '#   TID        TIMESTAMP          MODULE NAME   FUNCTION'
header module,task,elapsed,delta,time,addr,tid,duration \
	'# DURATION     TID      ADDRESS        TIMESTAMP      TIMEDELTA   ELAPSED        TASK NAME      MODULE NAME   FUNCTION'

# -f none: the tree alone, no header (gprof's start-up calls first, as uftrace shows them)
compat_run "$T/out" "$FTRACE" replay -d "$T/d" -f none
{
	printf '%s\n' '__monstartup();' '__cxa_atexit();'
	sed -E 's/^.*\| //; 1d' "$COMPAT_DIR/expected/calls.out"
} | diff -u - "$T/out" >"$T/diff" || fail "-f none:" "$(cat "$T/diff")"
for bad in none,tid +none foo ''; do
	expect_error "invalid output field" "$FTRACE" replay -d "$T/d" -f "$bad"
done

# every column on each line: the values are checked against each other and against nm
"$FTRACE" replay -d "$T/d" -f time,delta,elapsed,duration,tid,addr,task,module >"$T/all" 2>"$T/err" ||
	fail "replay -f all fields:" "$(cat "$T/err")"
# the symbol addresses the program was linked at: an address column minus main's is the same offset
nm "$T/calls" >"$T/nm"
python3 - "$T/all" "$T/nm" >"$T/why" <<'PY' || fail "replay -f all fields:" "$(cat "$T/why")" "$(cat "$T/all")"
import re, sys
UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}
# DURATION (blank on opening lines) [TID] ADDRESS TIMESTAMP TIMEDELTA (blank on the first line)
# ELAPSED TASK-NAME MODULE-NAME | tree, each column as wide as uftrace's
LINE = re.compile(r"^ ( {10}|[ 0-9]{3}\.[0-9]{3} [um]s) \[ *[0-9]+\] ([0-9a-f]{12}) "
                  r"( *[0-9]+\.[0-9]{9}) ( {10}|[ 0-9]{3}\.[0-9]{3} [num]s) "
                  r"( *[0-9]+\.[0-9]{3} [num]s) ( {10}calls) ( {7}libc\.so\.6| {11}calls) \| (.*)$")
sym = {w[2]: int(w[0], 16) for w in (l.split() for l in open(sys.argv[2])) if len(w) == 3}
def secs(col):
    v, u = col.split()
    return float(v) * UNIT[u]
lines = open(sys.argv[1]).read().splitlines()[1:]
seen, prev, start = {}, None, None
for n, line in enumerate(lines):
    m = LINE.match(line)
    if not m:
        sys.exit("columns not as uftrace prints them:\n" + line)
    fn = m.group(8).strip()
    t = float(m.group(3))
    if prev is None:
        if m.group(4).strip():
            sys.exit("a delta on the first line:\n" + line)
        start = t - secs(m.group(5))
    # the delta is shown to 3 decimals of its unit: within one of its last digit (1 us for ms)
    elif abs((t - prev) - secs(m.group(4))) > max(2e-9, 1e-3 * UNIT[m.group(4).split()[1]]):
        sys.exit("delta is not the time since the previous line:\n" + line)
    elif abs(t - start - secs(m.group(5))) > 2e-6:
        sys.exit("elapsed does not follow the clock:\n" + line)
    prev = t
    if (fn.split("(")[0] in ("getpid", "__monstartup", "__cxa_atexit")) != ("libc" in m.group(7)):
        sys.exit("the module is not the function's:\n" + line)
    name = fn.split("(")[0].strip()
    if name in ("main", "a", "d"):
        seen[name] = int(m.group(2), 16)
if len(lines) != 12:
    sys.exit("want 12 lines, got %d" % len(lines))
for f in ("a", "d"):
    if seen[f] - seen["main"] != sym[f] - sym["main"]:
        sys.exit("the address of %s is not the function's" % f)
PY
exit 0
