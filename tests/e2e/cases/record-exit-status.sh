# SPDX-License-Identifier: MIT
# ftrace record exits with the program's own status: from main, from exit() deep in calls, 128+signal.
prog exit-status
for args in "exit 0" "exit 3" "deep 42" "kill 15" "kill 6"; do
	# shellcheck disable=SC2086 # split "exit 3" into two words
	set -- $args
	case $1 in
	kill) want=$((128 + $2)) ;;
	*) want=$2 ;;
	esac
	"$FTRACE" record -d "data-$1-$2" "$PROG" "$1" "$2" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc -eq "$want" ] || fail "'exit-status $args': ftrace record exited $rc, expected $want:" "$(cat "$T/err")"
done
