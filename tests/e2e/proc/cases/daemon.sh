# SPDX-License-Identifier: MIT
# daemon(): the daemon's calls land in the data directory, under its own pid, once it has finished
# (ftrace record returns when the first process exits: the case waits for the daemon's file).
. "$E2E/proc/lib.sh"
# shellcheck disable=SC2317 # check runs through proc_each
check() {
	local d=$T/d-$1

	proc_build daemon.c "$1"
	proc_record "$d" "$BIN" "$T/done-$1" || return 1
	for _ in $(seq 100); do
		[ -e "$T/done-$1" ] && break
		sleep 0.1
	done
	[ -e "$T/done-$1" ] || { echo "the daemon did not finish"; return 1; }
	sleep 0.2 # its exit closes its stream after the file appears
	"$FTRACE" replay -d "$d" >"$d.replay" 2>"$d.rerr" || { cat "$d.rerr"; return 1; }
	normalize <"$d.replay" >"$d.norm"
	# the daemon's tree, inside the main() it inherited (not opened again, as uftrace shows a
	# fork child); the parent's main() is closed by its exit inside daemon()
	grep -A2 '^ *\[T2\] |   serve() {$' "$d.norm" >"$d.daemon"
	diff -u - "$d.daemon" <<'WANT'
            [T2] |   serve() {
   X.XXX us [T2] |     leaf();
   X.XXX us [T2] |   } /* serve */
WANT
}
proc_each check
