# SPDX-License-Identifier: MIT
# graph --task: the process with its worker thread under it.
. "$E2E/analysis/lib.sh"
analysed_trace
run_ok out "$FTRACE" graph -d "$T/d" --task
grep -Eq '\] : analysed \(pid [0-9]+' out || fail "no process line:" "$(cat out)"
grep -Eq '\] :  \+-analysed$' out || fail "no thread line (the worker, by its name) under it:" "$(cat out)"
