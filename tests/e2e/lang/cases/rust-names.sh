# SPDX-License-Identifier: MIT
# Rust names in replay: a program built with `rustc -Z instrument-mcount`, v0 mangling (the default since
# rustc 1.9x) and legacy mangling; the simple form by default, --demangle=full keeps the crate
# disambiguators, --demangle=no shows the raw symbols. Skipped without rustc.
. "$E2E/lang/lib.sh"
RUSTC=${RUSTC:-$(command -v rustc || echo "$HOME/.cargo/bin/rustc")}
[ -x "$RUSTC" ] || skip "rustc is not installed (Debian: apt-get install rustc)"
src=$LANG_DIR/programs/rust-names.rs
flags="-Z instrument-mcount -C opt-level=0 -C force-frame-pointers=yes -C panic=abort"
# shellcheck disable=SC2086 # split the flags
RUSTC_BOOTSTRAP=1 "$RUSTC" $flags -C symbol-mangling-version=v0 -o "$T/v0" "$src" 2>"$T/build.err" ||
	skip "$RUSTC cannot build with -Z instrument-mcount: $(head -n 1 "$T/build.err")"
record_ok "$T/d-v0" "$T/v0"
replay_check "$T/d-v0" "$(lang_expected rust-names v0)"
lang_grep "$T/d-v0" '\| +rust_names\[[0-9a-f]+\]::fib\(\)' --demangle=full
lang_grep "$T/d-v0" '\| +<rust_names\[[0-9a-f]+\]::Tree>::count\(\)' --demangle=full
lang_grep "$T/d-v0" '\| +_RNvC[A-Za-z0-9_]+10rust_names3fib\(\)' --demangle=no

# shellcheck disable=SC2086
if RUSTC_BOOTSTRAP=1 "$RUSTC" $flags -Z unstable-options -C symbol-mangling-version=legacy -o "$T/legacy" \
	"$src" 2>"$T/build.err"; then
	record_ok "$T/d-legacy" "$T/legacy"
	replay_check "$T/d-legacy" "$(lang_expected rust-names legacy)"
	lang_grep "$T/d-legacy" '\| +rust_names::fib::h[0-9a-f]{16}\(\)' --demangle=full
fi
exit 0
