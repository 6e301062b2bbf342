# SPDX-License-Identifier: MIT
# uftrace's PATTERN@plt (library calls only) and PATTERN@MODULE (the functions of one module: libc,
# the program's own file name) select the same calls when given to record (libmcount applies the
# rule of each hooked PLT slot) as when given to replay of an unfiltered trace; an instrumented
# library's functions are not library calls and are not in libc, and record filters them too (its
# table covers the libraries loaded at start-up). gcc -pg, gcc -finstrument-functions, clang
# -finstrument-functions -fno-plt (GOT slots, no PLT).
. "$E2E/lib/lib.sh"

# check NAME OPTIONS...: record with OPTIONS shows expected/pltmod-NAME.out, and so does replay
# with OPTIONS of the unfiltered trace $T/all
check() {
	local name=$1
	shift

	rm -rf "$T/d"
	record_ok "$T/d" "$@" "$T/prog"
	[ -s "$T/record.err" ] && fail "ftrace record $* wrote to stderr:" "$(cat "$T/record.err")"
	replay_check "$T/d" "$LIB_DIR/expected/pltmod-$name.out"
	replay_check "$T/all" "$LIB_DIR/expected/pltmod-$name.out" "$@"
}

for cc in "gcc -pg" "gcc -finstrument-functions" "clang -finstrument-functions -fno-plt"; do
	command -v "${cc%% *}" >/dev/null || continue
	lib_with_instlib "$cc" pltmod.c
	rm -rf "$T/all"
	record_ok "$T/all" "$T/prog"
	replay_check "$T/all" "$LIB_DIR/expected/pltmod.out"
	check puts -F puts@plt
	check puts -F 'puts@PLT'
	check nolibc -N '.*@libc'
	check nolibc -N '.*@plt'
	check off-at-free -T 'free@plt,trace-off'
	check on-at-strlen --disable -T 'strlen@plt,trace-on'
	check own-hidden -H '.*@prog'
	check local -F 'local@prog'
	# a rule for the program's own module never names a library call: record says so
	rm -rf "$T/d"
	record_ok "$T/d" -N 'puts@prog' "$T/prog"
	grep -q "pattern 'puts@prog' matched no function in the program" "$T/record.err" ||
		fail "no warning for puts@prog:" "$(cat "$T/record.err")"
	replay_check "$T/d" "$LIB_DIR/expected/pltmod.out"
	check no-strlen -N strlen@libc
	# the instrumented library's own functions, by name and by module
	check no-libinst -N '.*@libinst'
	check no-inner -N lib_inner
	check outer -F lib_outer
	check hide-outer -H 'lib_outer@libinst'
	check off-at-inner -T 'lib_inner@trace-off'
done
exit 0
