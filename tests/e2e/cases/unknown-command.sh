# SPDX-License-Identifier: MIT
# uftrace's commands that ftrace lacks (script, recv) get one line that says so, instead of an
# attempt to trace /usr/bin/script; a command ftrace has is never refused this way.
for c in script recv; do
	"$FTRACE" --help | grep -q "^  $c " && continue # ftrace has it now
	expect_error "'$c' is a uftrace command that ftrace does not have" "$FTRACE" "$c" -d data
	[ -e data ] && fail "'ftrace $c' recorded something: $(ls data)"
done
# a path to a program of that name is still traced (here: one that does not exist)
expect_error "script" "$FTRACE" ./script
grep -q "uftrace command" "$T/cmd.err" && fail "'ftrace ./script' was refused as a uftrace command"
exit 0
