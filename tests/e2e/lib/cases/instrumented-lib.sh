# SPDX-License-Identifier: MIT
# An instrumented shared library linked normally: its functions show once (not as a library call
# nested around the function itself), with --nest-libcall its own calls too, and --no-libcall (record
# or replay) keeps them while hiding libc's. gcc -pg, gcc -pg -mfentry, clang -finstrument-functions.
. "$E2E/lib/lib.sh"
for cc in "gcc -pg" "gcc -pg -mfentry" "clang -finstrument-functions"; do
	command -v "${cc%% *}" >/dev/null || continue
	lib_with_instlib "$cc" uselib.c
	rm -rf "$T/d" "$T/d2"
	record_ok "$T/d" --nest-libcall "$T/prog"
	replay_check "$T/d" "$LIB_DIR/expected/instlib.out"
	replay_check "$T/d" "$LIB_DIR/expected/instlib-nolib.out" --no-libcall
	record_ok "$T/d2" --no-libcall "$T/prog"
	replay_check "$T/d2" "$LIB_DIR/expected/instlib-nolib.out"
done
exit 0
