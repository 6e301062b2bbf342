#!/bin/bash
# SPDX-License-Identifier: MIT
# Fetches Lua 5.4's source from Debian (apt-get source lua5.4) and builds its interpreter with -pg, for
# the real-program workload of bench/run.sh (section 7).
#
# usage: bench/lua.sh CACHE_DIR      prints the path of the built interpreter (CACHE_DIR/lua-pg)
#        bench/lua.sh --add-deb-src  (root) adds deb-src lines for the suites apt already uses, then
#                                    runs apt-get update: what `apt-get source` needs
# On failure it prints one line, "bench: real program skipped: REASON", on stderr and exits 1.
# The build is cached: a second run with the same compiler and flags only prints the path.
#
# It builds the upstream tarball of the source package (the .orig.tar.gz) with upstream's Makefile,
# as a Lua user would: `make linux MYCFLAGS=-pg MYLDFLAGS=-pg`. One define is added: a fixed
# string-hash seed (luai_makeseed), so that both tracers see the same hash tables and therefore the
# same calls; with the default seed (time and addresses) the counts differ by ~0.3% from run to run.
set -u -o pipefail

CC=${CC:-gcc}
FLAGS="-pg '-Dluai_makeseed(L)=0'"

skip() { echo "bench: real program skipped: $*" >&2; exit 1; }

add_deb_src() {
	local f
	[ "$(id -u)" = 0 ] || { echo "bench/lua.sh: --add-deb-src needs root" >&2; exit 1; }
	if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		echo "bench/lua.sh: apt already has deb-src lines; running apt-get update" >&2
	else
		if [ -f /etc/apt/sources.list.d/debian.sources ]; then
			# deb822: the same stanzas with Types: deb-src
			f=/etc/apt/sources.list.d/ftrace-bench-src.sources
			sed -n '/^Types:/s/.*/Types: deb-src/p; /^Types:/!p' \
				/etc/apt/sources.list.d/debian.sources >"$f"
		else
			f=/etc/apt/sources.list.d/ftrace-bench-src.list
			sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$f"
		fi
		echo "bench/lua.sh: wrote $f; running apt-get update" >&2
	fi
	apt-get update -q
}

# the lua5.4 source package's files in $1 (apt-get source --download-only)
fetch() {
	local dir=$1 log=$1/fetch.log
	ls "$dir"/lua5.4_*.orig.tar.gz >/dev/null 2>&1 && return 0
	command -v apt-get >/dev/null || skip "no apt-get to fetch lua5.4's source"
	(cd "$dir" && timeout 300 apt-get source --download-only lua5.4) >"$log" 2>&1
	ls "$dir"/lua5.4_*.orig.tar.gz >/dev/null 2>&1 && return 0
	if grep -q "'deb-src' URIs" "$log"; then
		skip "apt knows no deb-src for lua5.4 (add a deb-src line, apt-get update; as root: bench/lua.sh --add-deb-src)"
	fi
	skip "cannot fetch lua5.4's source (offline?): $(grep -v '^$' "$log" | tail -1 | cut -c1-80)"
}

build() {
	local cache=$1 tarball src
	tarball=$(find "$cache/src" -maxdepth 1 -name 'lua5.4_*.orig.tar.gz' | sort | tail -1)
	rm -rf "$cache/build"
	mkdir -p "$cache/build" || skip "cannot create '$cache/build'"
	tar -xzf "$tarball" -C "$cache/build" || skip "cannot unpack '$tarball'"
	src=$(find "$cache/build" -mindepth 1 -maxdepth 1 -type d -name "lua-*" | head -1)
	[ -f "$src/Makefile" ] || skip "no Makefile in '$tarball'"
	make -C "$src" -j2 linux CC="$CC -std=gnu99" MYCFLAGS="$FLAGS" MYLDFLAGS=-pg \
		>"$cache/build.log" 2>&1 || skip "lua did not build (see $cache/build.log)"
	cp "$src/src/lua" "$cache/lua-pg" || skip "no interpreter in '$src/src'"
}

main() {
	[ "${1:-}" = --add-deb-src ] && { add_deb_src; exit; }
	[ $# = 1 ] || { echo "usage: bench/lua.sh CACHE_DIR | --add-deb-src" >&2; exit 2; }
	local cache=$1 stamp
	mkdir -p "$cache/src" || skip "cannot create '$cache'"
	cache=$(cd "$cache" && pwd)
	stamp="$("$CC" --version | head -1) $FLAGS"
	if [ -x "$cache/lua-pg" ] && [ "$(cat "$cache/lua-pg.stamp" 2>/dev/null)" = "$stamp" ]; then
		echo "$cache/lua-pg"
		return 0
	fi
	fetch "$cache/src"
	build "$cache"
	echo "$stamp" >"$cache/lua-pg.stamp"
	echo "$cache/lua-pg"
}

main "$@"
