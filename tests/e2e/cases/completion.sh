# SPDX-License-Identifier: MIT
# The bash completion (run as bash runs it: COMP_WORDS, COMP_CWORD, _ftrace) offers the commands, every
# option of `ftrace CMD --help`, option values, and after -F/-N/-T the functions of the trace in
# ftrace.data or in the -d directory; `make install` puts it where bash-completion finds it.
comp=$SRCDIR/scripts/completion/ftrace
bindir=$(dirname "$FTRACE")
cc -pg -o prog "$E2E/programs/replay-nested.c" || fail "cannot build replay-nested.c"
"$FTRACE" record ./prog >/dev/null 2>&1 || fail "cannot record into ftrace.data"
"$FTRACE" record -d other ./prog >/dev/null 2>&1 || fail "cannot record into other"

# complete WORD...: what _ftrace offers for the last word, one per line
complete_words() {
	PATH=$bindir:$PATH bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_ftrace; printf "%s\n" "${COMPREPLY[@]}"' bash "$comp" "$@"
}
expect() {
	local want=$1 got
	shift
	got=$(complete_words "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want " ] || fail "completing '$*': got '$got', expected '$want '"
}
expect "record replay report" ftrace re
expect "--color=" ftrace replay --colo
expect "full no simple" ftrace replay --demangle = ""
expect "always auto never" ftrace report --color = ""
expect "always" ftrace report --color = al
expect "mono tsc" ftrace record --clock ""
expect "--caller-filter= --callgrind --chrome" ftrace dump --c
funcs="compile lex main parse" # replay-nested.c's
got=$(complete_words ftrace replay -F "" | sort | tr '\n' ' ')
for f in $funcs; do
	case " $got " in *" $f "*) ;; *) fail "replay -F: '$f' is not offered: $got" ;; esac
done
expect "main" ftrace replay -N ma
expect "main" ftrace report -d other -T ma
expect "main" ftrace graph --data = other ma
rm -rf ftrace.data
expect "" ftrace replay -F ma
# every option of every command's --help is offered
for c in $("$FTRACE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
	got=" $(complete_words ftrace "$c" - | tr '\n' ' ') "
	for o in $("$FTRACE" "$c" --help | sed -n '/^options:/,$p' | grep -oE -- '(^ *|, )--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+'); do
		case $got in *" $o "* | *" $o= "*) ;; *) fail "'ftrace $c -<TAB>' does not offer $o: $got" ;; esac
	done
done
# after the program: its arguments, not ftrace's options
expect "" ftrace record ./prog --
# installed where bash-completion's loader finds it
loader=/usr/share/bash-completion/bash_completion
[ -f "$loader" ] || skip "bash-completion is not installed: the loader cannot be checked"
install_into "$T/root" || fail "make install failed:" "$(tail install.log)"
prefix=$(sed -n "s/^prefix = //p" "$BUILDDIR/Makefile")
found=$(XDG_DATA_DIRS=$T/root$prefix/share bash -c '. "$1"; __load_completion ftrace && complete -p ftrace' bash "$loader" 2>&1)
case $found in *"-F _ftrace"*) ;; *) fail "bash-completion does not load the installed completion:" "$found" ;; esac
exit 0
