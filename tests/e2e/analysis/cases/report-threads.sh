# SPDX-License-Identifier: MIT
# report --threads: one row per thread and function (middle: 3 calls in main's thread, 1 in the worker).
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" report -d "$T/d" --threads
head -1 out | grep -q "Calls       Tid  Task             Function" || fail "no Tid and Task columns:" "$(cat out)"
[ "$(awk '$8 == "middle" { print $5 }' out | sort | tr '\n' ' ')" = "1 3 " ] || fail "middle per thread:" "$(cat out)"
[ "$(awk '$8 == "middle" { print $6 }' out | sort -u | wc -l)" -eq 2 ] || fail "middle: expected two tids:" "$(cat out)"
# threads not named by the program bear its name
[ "$(awk '$8 == "middle" { print $7 }' out | sort -u)" = analysed ] || fail "middle: task names:" "$(cat out)"
