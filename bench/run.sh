#!/bin/bash
# SPDX-License-Identifier: MIT
# ftrace vs uftrace side by side: recording overhead, trace size, start-up, analysis speed and memory.
#
# usage: bench/run.sh [BUILD_DIR]        (BUILD_DIR holds ftrace and libmcount.so; default ./build)
# environment:
#   BENCH_N=10000000   calls per traced run          BENCH_ROUNDS=5    interleaved recording rounds
#   BENCH_AROUNDS=3    rounds of each analysis       BENCH_STARTS=20   start-up rounds
#   BENCH_BIG=1        also a 100M-call trace (record, size, analysis; ~5 more minutes, ~4 GB of disk)
#   BENCH_W=5000000    calls per trace of the three analysis workloads (section 7: flat, nested, 4 threads)
#   BENCH_WROUNDS=3    rounds of each command on them
#   BENCH_ONLY=7       only section 7 and the start-up (section 3); BENCH_ONLY=3: only the start-up
#   BENCH_REAL=1       section 7 also traces a real program: Lua 5.4 (fetched with apt-get source and
#                      built with -pg by bench/lua.sh, cached in BENCH_CACHE) running bench/real.lua;
#                      0 skips it.   BENCH_REAL_SCALE=1: real.lua's scale (1 = ~5M calls)
#   BENCH_CACHE=DIR    where the real program is built (default ${XDG_CACHE_HOME:-~/.cache}/ftrace-bench)
#   BENCH_TMPDIR=DIR   where traces go (default $TMPDIR or /tmp)   BENCH_KEEP=1  keep them
#   CC=gcc             compiler for the benchmark programs
# Every figure is a median over rounds in which the tools run one after the other (paired), because
# these machines are shared and noisy. bench/README.md says what each number means.
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" 2>/dev/null && pwd) || { echo "bench: no build directory '${1:-$here/../build}'" >&2; exit 1; }
N=${BENCH_N:-10000000}
ROUNDS=${BENCH_ROUNDS:-5}
AROUNDS=${BENCH_AROUNDS:-3}
STARTS=${BENCH_STARTS:-20}
W=${BENCH_W:-5000000}
WROUNDS=${BENCH_WROUNDS:-3}
ONLY=${BENCH_ONLY:-}
BIG=${BENCH_BIG:-0}
REAL=${BENCH_REAL:-1}
REAL_SCALE=${BENCH_REAL_SCALE:-1}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ftrace-bench}
CC=${CC:-gcc}
FTRACE=$build/ftrace

die() { echo "bench: $*" >&2; exit 1; }

case "$N$ROUNDS$AROUNDS$STARTS$W$WROUNDS$REAL$REAL_SCALE" in *[!0-9]*) die "BENCH_N, BENCH_W, BENCH_*ROUNDS, BENCH_STARTS and BENCH_REAL* must be numbers" ;; esac
case "$ONLY" in "" | 3 | 7) ;; *) die "BENCH_ONLY is 3 or 7" ;; esac
[ "$W" -ge 1000 ] || die "BENCH_W must be at least 1000"
[ "$N" -ge 1000 ] || die "BENCH_N must be at least 1000"
[ -x "$FTRACE" ] || die "no ftrace in '$build' (build it first: ../configure && make)"
[ -f "$build/libmcount.so" ] || die "no libmcount.so in '$build'"
command -v "$CC" >/dev/null || die "no C compiler '$CC'"
UFTRACE=$(command -v uftrace || true)

T=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/ftrace-bench.XXXXXX") || die "cannot create a temporary directory"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] && echo "bench: kept $T" >&2 || rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/res" "$T/err" "$T/data" "$T/bin"

# ---- helpers ----

calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# median of the numbers on stdin, or nothing when there are none
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run KEY [-o OUT] CMD...: time one run, append "wall user sys rss status" to res/KEY
run() {
	local key=$1; shift
	"$T/bin/timeit" -e "$T/err/$key" "$@" >>"$T/res/$key" || die "timeit failed"
}

# why KEY failed (first line of its last stderr), or nothing when every run succeeded
failure() {
	local st
	st=$(awk '$5 != 0 { s = $5 } END { print s }' "$T/res/$1" 2>/dev/null)
	[ -n "$st" ] || return 0
	local msg
	msg=$(grep -v '^$' "$T/err/$1" 2>/dev/null | tail -1 | cut -c1-60)
	echo "failed: exit $st${msg:+, $msg}"
}

# median of field F (1 wall, 2 user, 3 sys, 4 rss, cpu = user + sys) over the runs of KEY
med() { awk -v f="$2" '$5 == 0 { print (f == "cpu") ? $2 + $3 : $f }' "$T/res/$1" | median; }

# median over rounds of (KEY - BASE) for wall (f=1) or cpu (f=2: user+sys), in ns per call
per_call() {
	paste -d' ' "$T/res/$1" "$T/res/$2" |
		awk -v f="$3" -v n="$4" '$5 == 0 && $10 == 0 {
			if (f == 1) print ($1 - $6) * 1e9 / n; else print ($2 + $3 - $7 - $8) * 1e9 / n }' | median
}

# bytes of the per-thread stream files in a data directory
stream_bytes() {
	local tool=$1 dir=$2 glob
	[ "$tool" = ftrace ] && glob='*.dat' || glob='[0-9]*.dat'
	# shellcheck disable=SC2086
	(cd "$dir" && stat -c %s $glob 2>/dev/null) | awk '{ s += $1 } END { print s + 0 }'
}

fresh() { rm -rf "$1" "$1.old"; }

# 10000000 -> 10M, for column titles
human() { awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) print n / 1000000 "M"; else if (n % 1000 == 0) print n / 1000 "k"; else print n }'; }

# progress on a terminal only, so that a saved log stays clean
progress() { [ -t 2 ] && printf '\r  %-50s\r' "$*" >&2; return 0; }

# does `ftrace --help` list this command?
ft_has() { "$FTRACE" --help 2>&1 | awk '/^commands:/ { c = 1; next } c && NF == 0 { c = 0 } c { print $1 }' | grep -qx "$1"; }

# ---- build the programs ----

build_progs() {
	local flags="-O2 -fno-omit-frame-pointer -pthread"

	"$CC" -O2 -Wall -o "$T/bin/timeit" "$here/timeit.c" || die "cannot build timeit.c"
	"$CC" $flags -o "$T/bin/calls-plain" "$here/calls.c" &&
		"$CC" $flags -pg -o "$T/bin/calls-pg" "$here/calls.c" &&
		"$CC" $flags -pg -mfentry -o "$T/bin/calls-fentry" "$here/calls.c" &&
		"$CC" $flags -finstrument-functions -o "$T/bin/calls-cyg" "$here/calls.c" &&
		"$CC" $flags -o "$T/bin/hello-plain" "$here/hello.c" &&
		"$CC" $flags -pg -o "$T/bin/hello-pg" "$here/hello.c" || die "cannot build calls.c/hello.c with $CC"
}

# ---- 1. recording overhead, 2. size ----

# mode: name, binary, argument; uftrace runs every mode too (it supports all three builds)
MODES="pg:calls-pg:leaf fentry:calls-fentry:leaf cyg:calls-cyg:leaf tree:calls-pg:tree"

record_one() { # tool mode bin arg n
	local tool=$1 mode=$2 bin=$3 arg=$4 n=$5 d="$T/data/$1-$2"
	fresh "$d"
	if [ "$tool" = ftrace ]; then
		run "ft-$mode" "$FTRACE" record -d "$d" "$T/bin/$bin" "$n" "$arg"
	else
		run "uf-$mode" "$UFTRACE" record -d "$d" "$T/bin/$bin" "$n" "$arg"
	fi
}

record_rounds() {
	local r m mode bin arg
	for ((r = 1; r <= ROUNDS; r++)); do
		progress "recording round $r/$ROUNDS"
		run base-leaf "$T/bin/calls-plain" "$N" leaf
		run base-tree "$T/bin/calls-plain" "$N" tree
		for m in $MODES; do
			IFS=: read -r mode bin arg <<<"$m"
			record_one ftrace "$mode" "$bin" "$arg" "$N"
			[ -n "$UFTRACE" ] && record_one uftrace "$mode" "$bin" "$arg" "$N"
		done
	done
	progress ""
}

ratio_cell() { # a b target-op target
	[ -n "$1" ] && [ -n "$2" ] || { echo "n/a"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'
}

report_recording() {
	local m mode bin arg base calls fw fc uw uc fail

	echo "1. recording overhead per traced call, ns (paired with an uninstrumented build, median of $ROUNDS rounds)"
	printf '   %-22s %10s %10s %10s %10s %9s %9s  %s\n' build "ftrace" "uftrace" "ratio" \
		"ftrace" "uftrace" "ratio" ""
	printf '   %-22s %10s %10s %10s %10s %9s %9s\n' "" "wall" "wall" "(<=0.5)" "cpu" "cpu" ""
	for m in $MODES; do
		IFS=: read -r mode bin arg <<<"$m"
		base=base-$arg
		calls=$N
		[ "$arg" = tree ] && calls=$((N / 15 * 15))
		fail=$(failure "ft-$mode")
		fw=; fc=; uw=; uc=
		[ -z "$fail" ] && fw=$(per_call "ft-$mode" "$base" 1 "$calls") && fc=$(per_call "ft-$mode" "$base" 2 "$calls")
		if [ -n "$UFTRACE" ] && [ -z "$(failure "uf-$mode")" ]; then
			uw=$(per_call "uf-$mode" "$base" 1 "$calls")
			uc=$(per_call "uf-$mode" "$base" 2 "$calls")
		fi
		printf '   %-22s %10s %10s %10s %10s %9s %9s  %s\n' "$(mode_name "$mode")" \
			"${fw:+$(calc %.1f "$fw")}" "${uw:+$(calc %.1f "$uw")}" "$(ratio_cell "$fw" "$uw")" \
			"${fc:+$(calc %.1f "$fc")}" "${uc:+$(calc %.1f "$uc")}" "$(ratio_cell "$fc" "$uc")" \
			"${fail:+ftrace $fail}$( [ -n "$UFTRACE" ] && f=$(failure "uf-$mode") && [ -n "$f" ] && echo " uftrace $f")"
	done
	echo "   baseline (uninstrumented, no tracer): $(calc %.3f "$(med base-leaf 1)") s for $N leaf calls," \
		"$(calc %.3f "$(med base-tree 1)") s in tree mode"
}

mode_name() {
	case $1 in
	pg) echo "-pg" ;; fentry) echo "-pg -mfentry" ;; cyg) echo "-finstrument-functions" ;;
	tree) echo "-pg, call tree (15/it)" ;;
	esac
}

report_size() {
	local m mode bin arg calls fb ub
	echo
	echo "2. trace size: bytes of the per-thread stream files per call (target <= 12)"
	printf '   %-22s %10s %10s %10s %12s %12s\n' build "ftrace" "uftrace" "ratio" "ftrace dir" "uftrace dir"
	for m in $MODES; do
		IFS=: read -r mode bin arg <<<"$m"
		calls=$N
		[ "$arg" = tree ] && calls=$((N / 15 * 15))
		fb=; ub=
		[ -z "$(failure "ft-$mode")" ] && fb=$(stream_bytes ftrace "$T/data/ftrace-$mode")
		[ -n "$UFTRACE" ] && [ -z "$(failure "uf-$mode")" ] && ub=$(stream_bytes uftrace "$T/data/uftrace-$mode")
		printf '   %-22s %10s %10s %10s %12s %12s\n' "$(mode_name "$mode")" \
			"${fb:+$(calc %.2f "$fb / $calls")}" "${ub:+$(calc %.2f "$ub / $calls")}" \
			"$(ratio_cell "$fb" "$ub")" \
			"$( [ -n "$fb" ] && du -sh "$T/data/ftrace-$mode" | cut -f1)" \
			"$( [ -n "$ub" ] && du -sh "$T/data/uftrace-$mode" | cut -f1)"
	done
	echo "   (dir = du of the whole data directory, on disk)"
}

# ---- 3. start-up ----

startup() {
	local r fw uw
	for ((r = 1; r <= STARTS; r++)); do
		run su-plain "$T/bin/hello-plain"
		fresh "$T/data/su-ft"
		run su-ft "$FTRACE" record -d "$T/data/su-ft" "$T/bin/hello-pg"
		if [ -n "$UFTRACE" ]; then
			fresh "$T/data/su-uf"
			run su-uf "$UFTRACE" record -d "$T/data/su-uf" "$T/bin/hello-pg"
		fi
	done
	echo
	echo "3. record start-up: \`record\` of main + one call (-pg), wall ms (and user + sys), median of $STARTS paired runs"
	fw=$(med su-ft 1); uw=
	[ -n "$UFTRACE" ] && uw=$(med su-uf 1)
	printf '   %-22s %10s %10s %10s\n' "" ftrace uftrace "ratio"
	printf '   %-22s %10s %10s %10s  %s\n' "record ./hello" "$( [ -n "$fw" ] && calc %.2f "$fw * 1000" || echo n/a)" \
		"${uw:+$(calc %.2f "$uw * 1000")}" "$(ratio_cell "$fw" "$uw")" "(target <= 0.25) $(failure su-ft)"
	fw=$(med su-ft cpu); uw=
	[ -n "$UFTRACE" ] && uw=$(med su-uf cpu)
	printf '   %-22s %10s %10s %10s\n' "  cpu (user + sys)" "$( [ -n "$fw" ] && calc %.2f "$fw * 1000" || echo n/a)" \
		"${uw:+$(calc %.2f "$uw * 1000")}" "$(ratio_cell "$fw" "$uw")"
	echo "   (the uninstrumented program alone: $(calc %.2f "$(med su-plain 1) * 1000") ms)"
}

# ---- 4, 5. analysis: replay, report, graph, dump ----

ANALYSES="replay report graph dump_--chrome dump_--flame-graph"

# analyse TOOL KEY DIR CMD...: time one analysis with its output to /dev/null
analyse() {
	local tool=$1 key=$2 dir=$3; shift 3
	if [ "$tool" = ftrace ]; then
		run "$key" "$FTRACE" "$@" -d "$dir"
	else
		run "$key" "$UFTRACE" "$@" -d "$dir"
	fi
}

analysis_rounds() { # label dir-suffix rounds
	local label=$1 sfx=$2 rounds=$3 r a cmd
	for ((r = 1; r <= rounds; r++)); do
		progress "analysis at $(human "$label") calls, round $r/$rounds"
		for a in $ANALYSES; do
			cmd=${a//_/ }
			# shellcheck disable=SC2086
			ft_has "${cmd%% *}" && analyse ftrace "an-ft-$a-$label" "$T/data/ftrace-$sfx" $cmd
			# shellcheck disable=SC2086
			[ -n "$UFTRACE" ] && analyse uftrace "an-uf-$a-$label" "$T/data/uftrace-$sfx" $cmd
		done
	done
	progress ""
}

# time and RSS cells of one tool for one analysis at one size: "secs rss_mib" or "n/a reason"
an_cell() {
	local key=$1 f
	[ -f "$T/res/$key" ] || { echo "n/a"; return; }
	f=$(failure "$key")
	[ -z "$f" ] || { echo "n/a"; return; }
	echo "$(med "$key" 1) $(calc %.1f "$(med "$key" 4) / 1024") $(med "$key" cpu)"
}

# peak RSS MiB of KEY-prefix at each size, joined by "/": "5.4/5.6"
rss_cells() {
	local pre=$1 l out=""; shift
	for l in "$@"; do
		out+="$(an_cell "$pre-$l" | awk '{ print ($2 == "") ? "n/a" : $2 }')/"
	done
	out=${out%/}
	[ -n "$(echo "$out" | tr -d 'n/a')" ] || out=n/a # nothing but n/a
	echo "$out"
}

# what an ftrace analysis lacks: a note for the table, or nothing
ft_note() {
	local cmd=$1 key=$2
	ft_has "${cmd%% *}" || { echo "ftrace: no '${cmd%% *}' command yet"; return; }
	[ -f "$T/res/$key" ] && failure "$key" | sed 's/^/ftrace /'
}

report_analysis() { # sizes, smallest first: times are shown for the last
	local a cmd ft uf fc uc l big=${!#} sizes="" fmt='   %-18s %9s %9s %8s %8s  %14s %14s  %s\n'
	for l in "$@"; do sizes+="$(human "$l")/"; done
	sizes=${sizes%/}
	echo
	echo "${AN_TITLE:-4-5.} analysis of the -pg leaf trace, output to /dev/null: wall s at $(human "$big") calls" \
		"(median of $AROUNDS), peak RSS MiB at $sizes calls"
	printf "$fmt" command ftrace uftrace speedup "cpu" "ftrace RSS" "uftrace RSS" ""
	for a in $ANALYSES; do
		cmd=${a//_/ }
		read -r ft _ fc <<<"$(an_cell "an-ft-$a-$big")"
		read -r uf _ uc <<<"$(an_cell "an-uf-$a-$big")"
		[ -n "$UFTRACE" ] || uf=n/a
		printf "$fmt" "$cmd" \
			"$( [ "$ft" != n/a ] && calc %.3f "$ft" || echo n/a)" \
			"$( [ "$uf" != n/a ] && calc %.3f "$uf" || echo n/a)" \
			"$( [ "$ft" != n/a ] && [ "$uf" != n/a ] && calc %.1fx "$uf / $ft" || echo n/a)" \
			"$( [ "$ft" != n/a ] && [ "$uf" != n/a ] && calc %.1fx "$uc / ($fc + 1e-9)" || echo n/a)" \
			"$(rss_cells "an-ft-$a" "$@")" "$(rss_cells "an-uf-$a" "$@")" "$(ft_note "$cmd" "an-ft-$a-$big")"
	done
	echo "   (speedup: uftrace / ftrace, wall; cpu: the same for user + sys time. Targets: >= 10x; RSS that"
	echo "   does not grow with the trace)"
}

# ---- 6. the 100M-call trace ----

big_run() {
	local nb=$((N * 10)) avail need
	avail=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
	need=$(( (nb * 40 / 1024) + 1048576 ))
	if [ -n "$UFTRACE" ] && [ "$avail" -lt "$need" ]; then
		echo; echo "6. BENCH_BIG: skipped, needs $((need / 1024)) MiB free in $T, $((avail / 1024)) MiB available"
		return
	fi
	echo
	echo "6. BENCH_BIG: $(human "$nb") calls (-pg leaf), one run of each"
	record_one ftrace pg-big calls-pg leaf "$nb"
	[ -n "$UFTRACE" ] && record_one uftrace pg-big calls-pg leaf "$nb"
	run base-big "$T/bin/calls-plain" "$nb" leaf
	local fw uw
	[ -z "$(failure ft-pg-big)" ] && fw=$(per_call ft-pg-big base-big 1 "$nb")
	[ -n "$UFTRACE" ] && [ -z "$(failure uf-pg-big)" ] && uw=$(per_call uf-pg-big base-big 1 "$nb")
	printf '   record: ftrace %s ns/call, %s B/call; uftrace %s ns/call, %s B/call %s\n' \
		"${fw:+$(calc %.1f "$fw")}" "$(calc %.2f "$(stream_bytes ftrace "$T/data/ftrace-pg-big") / $nb")" \
		"${uw:+$(calc %.1f "$uw")}" \
		"$( [ -n "$UFTRACE" ] && calc %.2f "$(stream_bytes uftrace "$T/data/uftrace-pg-big") / $nb")" \
		"$(failure ft-pg-big)"
	analysis_rounds "$nb" pg-big 1
	AROUNDS=1 AN_TITLE="   " report_analysis "$((N / 10))" "$N" "$nb"
	rm -rf "$T/data/ftrace-pg-big" "$T/data/uftrace-pg-big"
}

# ---- 7. the analysis workloads: flat loop, nested tree, 4 threads, a real program ----

WORKLOADS="leaf tree threads"
LUA=""       # the -pg Lua interpreter once bench/lua.sh has built it
LUA_CALLS=0  # calls in ftrace's trace of it
NOASLR=""    # setarch's prefix that turns address space randomisation off, when there is one
REAL_NOTE=() # what section 7 says about the real program: why it was skipped, or its checks
WCMDS="replay report graph dump_--flame-graph dump_--callgrind dump_--chrome"

# uftrace 0.13 has no callgrind output: its nearest, a whole-trace call graph file, stands in
uf_cmd() { [ "$1" = "dump --callgrind" ] && echo "dump --graphviz" || echo "$1"; }

workload_name() {
	case $1 in leaf) echo "flat" ;; tree) echo "nested" ;; threads) echo "4 threads" ;; lua) echo "Lua 5.4" ;; esac
}

# calls per function in a trace, "count name" lines sorted by name: TOOL DIR
calls_per_function() {
	local tool=$1 dir=$2
	if [ "$tool" = ftrace ]; then
		"$FTRACE" report -f call -d "$dir"
	else
		"$UFTRACE" report -f call -d "$dir"
	fi 2>/dev/null | awk 'NR > 2 && NF >= 2 { print $1, $2 }' | LC_ALL=C sort -k2
}

# record the real program with one tool: its own address space layout, fixed (setarch -R), so
# that Lua's pointer-keyed string cache takes the same path under both tools
record_real() {
	local tool=$1 key=$2 d="$T/data/$1-w-lua" bin
	fresh "$d"
	[ "$tool" = ftrace ] && bin=$FTRACE || bin=$UFTRACE
	# shellcheck disable=SC2086 # NOASLR is a command and its options, or nothing
	run "$key" -o "$T/res/$key.out" $NOASLR "$bin" record -d "$d" "$LUA" "$here/real.lua" "$REAL_SCALE"
}

# build, record and cross-check the real program; adds "lua" to the workloads when it worked
real_workload() {
	local ft uf msg
	[ "$REAL" = 1 ] || { REAL_NOTE+=("Lua 5.4: skipped (BENCH_REAL=0)"); return; }
	progress "building Lua 5.4 with -pg (bench/lua.sh, cached in $CACHE)"
	if ! LUA=$(CC=$CC "$here/lua.sh" "$CACHE" 2>"$T/err/lua-build"); then
		msg=$(grep -v '^$' "$T/err/lua-build" | tail -1)
		REAL_NOTE+=("${msg:-bench: real program skipped: bench/lua.sh failed}")
		LUA=""
		return
	fi
	NOASLR=$(command -v setarch >/dev/null && echo "setarch $(uname -m) -R")
	progress "recording the Lua 5.4 workload"
	record_real ftrace wrec-ft-lua
	[ -n "$UFTRACE" ] && record_real uftrace wrec-uf-lua
	msg=$(failure wrec-ft-lua)
	[ -z "$msg" ] || { REAL_NOTE+=("Lua 5.4: ftrace record $msg"); return; }
	WORKLOADS+=" lua"
	calls_per_function ftrace "$T/data/ftrace-w-lua" >"$T/res/lua-calls-ft"
	LUA_CALLS=$(awk '{ s += $1 } END { print s + 0 }' "$T/res/lua-calls-ft")
	ft=$(awk '{ print $1 }' "$T/res/wrec-ft-lua")
	REAL_NOTE+=("Lua 5.4: $LUA real.lua $REAL_SCALE: $LUA_CALLS calls ($(wc -l <"$T/res/lua-calls-ft") functions)," \
		"recorded in $(calc %.2f "$ft") s by ftrace")
	[ -n "$UFTRACE" ] || return 0
	msg=$(failure wrec-uf-lua)
	[ -z "$msg" ] || { REAL_NOTE+=("Lua 5.4: uftrace record $msg"); return; }
	uf=$(awk '{ print $1 }' "$T/res/wrec-uf-lua")
	REAL_NOTE[-1]+=", $(calc %.2f "$uf") s by uftrace"
	cmp -s "$T/res/wrec-ft-lua.out" "$T/res/wrec-uf-lua.out" ||
		REAL_NOTE+=("Lua 5.4: the program printed different output under the two tools")
	calls_per_function uftrace "$T/data/uftrace-w-lua" >"$T/res/lua-calls-uf"
	REAL_NOTE+=("$(compare_calls "$T/res/lua-calls-ft" "$T/res/lua-calls-uf")")
}

# one line: the two traces' calls per function, side by side
compare_calls() {
	LC_ALL=C join -j2 -a1 -a2 -e0 -o 0,1.1,2.1 "$1" "$2" | awk '
		function add(list, name, n) { return list (list == "" ? "" : ", ") name " " n }
		{ ft += $2; uf += $3 }
		$2 == 0 { only_uf = add(only_uf, $1, $3) }
		$3 == 0 { only_ft = add(only_ft, $1, $2) }
		$2 != 0 && $3 != 0 { common++ }
		$2 != 0 && $3 != 0 && $2 != $3 && ++diff <= 4 { diffs = add(diffs, $1, $2 "/" $3) }
		END {
			printf "Lua 5.4 calls: ftrace %d, uftrace %d; %d functions in both, %d with different counts", \
				ft, uf, common, diff
			if (diffs != "") printf " (ftrace/uftrace: %s%s)", diffs, (diff > 4) ? "..." : ""
			if (only_uf != "") printf "; only in uftrace: %s", only_uf
			if (only_ft != "") printf "; only in ftrace: %s", only_ft
			print ""
		}'
}

workloads() {
	local m r c cmd
	for m in $WORKLOADS; do
		progress "recording the $(workload_name "$m") workload"
		record_one ftrace "w-$m" calls-pg "$m" "$W"
		[ -n "$UFTRACE" ] && record_one uftrace "w-$m" calls-pg "$m" "$W"
	done
	real_workload
	for ((r = 1; r <= WROUNDS; r++)); do
		for m in $WORKLOADS; do
			progress "workload $(workload_name "$m"), round $r/$WROUNDS"
			for c in $WCMDS; do
				cmd=${c//_/ }
				# shellcheck disable=SC2086
				analyse ftrace "wk-ft-$c-$m" "$T/data/ftrace-w-$m" $cmd
				# shellcheck disable=SC2086
				[ -n "$UFTRACE" ] && analyse uftrace "wk-uf-$c-$m" "$T/data/uftrace-w-$m" $(uf_cmd "$cmd")
				# the folds run on several CPUs (streams, or one stream's chunk ranges): the same
				# on one, for the cost
				# shellcheck disable=SC2086
				folds "$cmd" && analyse ftrace "wk-j1-$c-$m" "$T/data/ftrace-w-$m" $cmd -j1
			done
		done
	done
	progress ""
}

# the commands that fold the trace into the calling-context tree (on several threads: -j)
folds() { case $1 in report | graph | "dump --flame-graph" | "dump --callgrind") return 0 ;; esac; return 1; }

# the parallel fold against -j1 on every workload: wall and cpu (user + sys) of each
report_jobs() {
	local m c cmd ft fc j1 jc fmt='   %-10s %-19s %9s %9s %9s %9s %9s %9s\n'
	echo "   the fold on one thread per CPU (default: the streams, or one stream's chunk ranges) and"
	echo "   on one (-j1), medians, s:"
	printf "$fmt" trace command "wall" "-j1 wall" "speedup" "cpu" "-j1 cpu" "cpu cost"
	for m in $WORKLOADS; do
		for c in $WCMDS; do
			cmd=${c//_/ }
			folds "$cmd" || continue
			read -r ft _ fc <<<"$(an_cell "wk-ft-$c-$m")"
			read -r j1 _ jc <<<"$(an_cell "wk-j1-$c-$m")"
			[ "$ft" != n/a ] && [ "$j1" != n/a ] || continue
			printf "$fmt" "$(workload_name "$m")" "$cmd" "$(calc %.3f "$ft")" "$(calc %.3f "$j1")" \
				"$(calc %.2fx "$j1 / $ft")" "$(calc %.3f "$fc")" "$(calc %.3f "$jc")" \
				"$(calc %+.0f%% "($fc / ($jc + 1e-9) - 1) * 100")"
		done
	done
}

report_workloads() {
	local m c cmd ft uf fc uc frss rec fmt='   %-10s %-19s %8s %8s %9s %9s %8s %8s %7s  %s\n'
	echo
	echo "7. analysis of $(human "$W")-call traces (-pg): flat loop, nested tree (15 calls per iteration),"
	echo "   4 threads running the tree, and a real program (Lua 5.4 running bench/real.lua);"
	echo "   output to /dev/null; median of $WROUNDS paired rounds"
	local note
	for note in "${REAL_NOTE[@]}"; do echo "   $note"; done
	printf "$fmt" trace command "ft ns" "uf ns" "speedup" "cpu" "ft s" "uf s" "ft RSS" ""
	printf "$fmt" "" "" "/record" "/record" "wall" "" "wall" "wall" "MiB" ""
	for m in $WORKLOADS; do
		rec=$((W * 2))
		[ "$m" = lua ] && rec=$((LUA_CALLS * 2))
		for c in $WCMDS; do
			cmd=${c//_/ }
			read -r ft frss fc <<<"$(an_cell "wk-ft-$c-$m")"
			read -r uf _ uc <<<"$(an_cell "wk-uf-$c-$m")"
			[ -n "$UFTRACE" ] || uf=n/a
			printf "$fmt" "$(workload_name "$m")" "$cmd" \
				"$( [ "$ft" != n/a ] && calc %.1f "$ft * 1e9 / $rec" || echo n/a)" \
				"$( [ "$uf" != n/a ] && calc %.1f "$uf * 1e9 / $rec" || echo n/a)" \
				"$( [ "$ft" != n/a ] && [ "$uf" != n/a ] && calc %.1fx "$uf / $ft" || echo n/a)" \
				"$( [ "$ft" != n/a ] && [ "$uf" != n/a ] && calc %.1fx "$uc / ($fc + 1e-9)" || echo n/a)" \
				"$( [ "$ft" != n/a ] && calc %.3f "$ft" || echo n/a)" \
				"$( [ "$uf" != n/a ] && calc %.3f "$uf" || echo n/a)" \
				"${frss:-n/a}" "$(ft_note "$cmd" "wk-ft-$c-$m")$( [ "$cmd" = "dump --callgrind" ] && echo "(uftrace: dump --graphviz)")"
		done
	done
	echo "   (records: entry + exit, $(human "$((W * 2))") per synthetic trace, 2 x ftrace's calls for Lua."
	echo "   Target: speedup >= 20x, flat RSS)"
	report_jobs
}

# ---- main ----

main() {
	local small=$((N / 10))

	echo "ftrace bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)," \
		"load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "ftrace: $FTRACE ($("$FTRACE" --version 2>&1 | head -1))"
	if [ -n "$UFTRACE" ]; then
		echo "uftrace: $UFTRACE ($("$UFTRACE" --version 2>&1 | head -1))"
	else
		echo "uftrace: not installed (apt-get install uftrace): its columns read n/a"
	fi
	echo "N=$N calls, compiler: $("$CC" --version | head -1), traces in $T"
	echo
	build_progs
	if [ -n "$ONLY" ]; then
		startup
		[ "$ONLY" = 7 ] && workloads && report_workloads
		return 0
	fi
	record_rounds
	report_recording
	report_size
	# the other modes' traces are not analysed: free their disk space
	for m in fentry cyg tree; do rm -rf "$T/data/ftrace-$m" "$T/data/uftrace-$m"; done
	startup
	record_one ftrace pg-small calls-pg leaf "$small"
	[ -n "$UFTRACE" ] && record_one uftrace pg-small calls-pg leaf "$small"
	analysis_rounds "$small" pg-small "$AROUNDS"
	analysis_rounds "$N" pg "$AROUNDS"
	report_analysis "$small" "$N"
	rm -rf "$T/data/ftrace-pg" "$T/data/uftrace-pg" "$T/data/ftrace-pg-small" "$T/data/uftrace-pg-small"
	workloads
	report_workloads
	[ "$BIG" = 1 ] && big_run
	return 0
}

main
