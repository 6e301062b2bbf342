#!/bin/bash
# SPDX-License-Identifier: MIT
# Installs what ftrace needs to build and to run its whole test suite on Debian 12 (as root): the one
# list of packages, used by README's first command and by .ci/run.
set -e
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
	echo "scripts/install-deps.sh: run as root on Debian (apt-get); install the packages listed here by hand otherwise" >&2
	exit 1
fi
apt-get update -q
# build: compilers, autotools, libelf/libdw (symbols, DWARF), libiberty (demangling), cmocka (unit tests),
# ncurses (ftrace tui);
# zlib, lzma and bz2 archives so that libdw and libelf link statically (faster start-up, configure's
# --disable-static-elfutils); with those and glibc's libc.a (libc6-dev, in build-essential) ftrace is a
# static PIE (no dynamic loader at start-up; --disable-static-pie)
# tests: clang (second compiler), clang-format (the formatting check), graphviz (dot), valgrind
# (callgrind_annotate), python3 (JSON checks), protobuf-compiler (protoc decodes dump --perfetto),
# tmux and less (the terminal cases: colour and pager), pandoc (manual pages), bash-completion (its
# loader)
apt-get install -y -q --no-install-recommends build-essential autoconf automake pkg-config \
	libelf-dev libdw-dev zlib1g-dev liblzma-dev libbz2-dev libiberty-dev libcmocka-dev clang \
	clang-format graphviz valgrind python3 protobuf-compiler tmux less pandoc bash-completion \
	libncurses-dev
# tests/fuzz (libFuzzer harnesses): clang's runtime libraries; without them the fuzz smoke stage skips
apt-get install -y -q --no-install-recommends libclang-rt-14-dev ||
	echo "scripts/install-deps.sh: libclang-rt-14-dev is not installable here: the fuzz smoke stage will skip"
# the browser tests (dump --flame-svg, dump --html) drive Debian's headless chromium; dump --html's
# through the npm package puppeteer-core, pinned in tests/browser/package-lock.json
apt-get install -y -q --no-install-recommends chromium
# node and npm: Debian's packages, unless the machine already has a node with its own npm (NodeSource's
# nodejs package bundles npm and conflicts with Debian's npm package)
command -v node >/dev/null || apt-get install -y -q --no-install-recommends nodejs
command -v npm >/dev/null || apt-get install -y -q --no-install-recommends npm
(cd "$(dirname "$0")/../tests/browser" && npm ci --no-audit --no-fund)
