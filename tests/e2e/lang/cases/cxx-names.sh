# SPDX-License-Identifier: MIT
# C++ names in replay: the simple form by default (namespaces, operators, templates, lambdas, anonymous
# namespace, exceptions), --demangle=full and --demangle=no, with g++ and clang++, -pg/-mfentry/cyg, -O0.
. "$E2E/lang/lib.sh"
command -v g++ >/dev/null || skip "g++ is not installed"
src=$LANG_DIR/programs/cxx-names.cc
ran=0
for mode in gcc-pg gcc-fentry gcc-cyg clang-pg clang-cyg; do
	case $mode in
	gcc-pg) cxx="g++ -pg" ;;
	gcc-fentry) cxx="g++ -pg -mfentry" ;;
	gcc-cyg) cxx="g++ -finstrument-functions" ;;
	clang-pg) cxx="clang++ -pg" ;;
	clang-cyg) cxx="clang++ -finstrument-functions" ;;
	esac
	command -v "${cxx%% *}" >/dev/null || continue
	$cxx -O0 -g -o "$T/$mode" "$src" 2>"$T/build.err" || fail "cannot build with '$cxx':" "$(cat "$T/build.err")"
	record_ok "$T/d-$mode" "$T/$mode"
	replay_check "$T/d-$mode" "$(lang_expected cxx-names "$mode")"
	ran=$((ran + 1))
done
# the other two styles, on the first build
# the parameter list is the demangler's, not doubled: "f(int);", never "f(int)();"
lang_grep "$T/d-gcc-pg" '\| +geo::Vec2::operator\+\(geo::Vec2 const&\) const;$' --demangle=full
lang_grep "$T/d-gcc-pg" '\| +int geo::twice<int>\(int\)( \{|;)$' --demangle=full
lang_grep "$T/d-gcc-pg" '\| +main\(\) \{$' --demangle=full
grep -Eq '\)\(\)[ ;]' "$T/replay.out" && fail "--demangle=full doubles a parameter list:" "$(grep -E '\)\(\)[ ;]' "$T/replay.out")"
lang_grep "$T/d-gcc-pg" '\| +_ZNK3geo4Vec2plERKS0_\(\);' --demangle=no
lang_grep "$T/d-gcc-pg" '\| +main\(\) \{' --demangle=no
[ $ran -ge 1 ] || fail "no compiler mode ran"
exit 0
