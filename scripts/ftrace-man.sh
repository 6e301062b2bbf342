#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the manual pages (`make` runs it; pandoc turns Markdown into roff). Each part has one source,
# so help, docs and man never disagree: NAME and SYNOPSIS from `ftrace --help` and `ftrace CMD --help`
# (the command table in cmd/ftrace.c), OPTIONS from `ftrace CMD --help` (the option table), and the
# description from doc/PAGE.md.
#
# usage: scripts/ftrace-man.sh FTRACE PANDOC SRCDIR DOCDIR VERSION OUTDIR PAGE...
#        PAGE is ftrace (from doc/ftrace.md) or ftrace-CMD (doc/ftrace-CMD.md), written as OUTDIR/PAGE.1
set -eu
[ $# -ge 7 ] || { echo "usage: $0 FTRACE PANDOC SRCDIR DOCDIR VERSION OUTDIR PAGE..." >&2; exit 2; }
FTRACE=$1 PANDOC=$2 SRCDIR=$3 DOCDIR=$4 VERSION=$5 OUTDIR=$6
shift 6
PAGES=$*

die() {
	echo "ftrace-man.sh: $*" >&2
	exit 1
}

# Markdown's special characters in plain text (help lines) are escaped.
md_escape() {
	sed 's/[][\\*_`<>#|~^$]/\\&/g'
}

# The options of `ftrace CMD --help` ("  -d, --data=DIR     help") as a definition list.
options_md() {
	"$FTRACE" "$1" --help | sed -n '/^options:/,$p' | sed 1d |
		sed -n 's/^ *\(-[^ ,]*, \)\{0,1\}\(--[^ ]*\)  *\(.*\)$/\1\2\t\3/p' |
		while IFS="$(printf '\t')" read -r left help; do
			printf '`%s`\n:   %s\n\n' "$left" "$(printf '%s' "$help" | md_escape)"
		done
}

# The commands of `ftrace --help` ("  record    help") as a definition list.
commands_md() {
	"$FTRACE" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\)  *\(.*\)$/\1\t\2/p' |
		while IFS="$(printf '\t')" read -r name help; do
			printf '**%s**\n:   %s (ftrace-%s(1))\n\n' "$name" "$(printf '%s' "$help" | md_escape)" "$name"
		done
}

# The doc page without its title line; links keep their text (a man page cannot follow them).
description_md() {
	sed -e '1{/^# /d;}' -e 's/\[\([^]]*\)\]([^)]*)/\1/g' "$1"
}

see_also_md() {
	local_sep=""
	for p in $PAGES; do
		[ "$p" = "$1" ] && continue
		printf '%s**%s**(1)' "$local_sep" "$p"
		local_sep=", "
	done
	printf '\n\nThe other pages of the documentation (filters, crashes, the data format...) are in %s/doc.\n' "$DOCDIR"
}

page_md() {
	page=$1 cmd=${1#ftrace} cmd=${cmd#-}
	title=$(echo "$page" | tr '[:lower:]' '[:upper:]')
	doc=$SRCDIR/doc/$page.md
	[ -f "$doc" ] || die "no $doc for the manual page $page"
	if [ -z "$cmd" ]; then
		summary="trace the function calls of C, C++ and Rust programs"
		usage=$("$FTRACE" --help | sed -n 's/^usage: //p')
	else
		summary=$("$FTRACE" --help | sed -n "s/^  $cmd  *//p")
		[ -n "$summary" ] || die "'ftrace --help' does not list the command '$cmd'"
		usage=$("$FTRACE" "$cmd" --help | sed -n 's/^usage: //p')
	fi
	printf -- '---\ntitle: %s\nsection: 1\nheader: ftrace manual\nfooter: ftrace %s\n---\n\n' "$title" "$VERSION"
	printf '# NAME\n\n%s - %s\n\n# SYNOPSIS\n\n%s\n\n' "$page" "$(printf '%s' "$summary" | md_escape)" \
		"$(printf '%s' "$usage" | md_escape)"
	if [ -z "$cmd" ]; then
		printf '# COMMANDS\n\n'
		commands_md
	else
		printf '# OPTIONS\n\n'
		options_md "$cmd"
	fi
	printf '# DESCRIPTION\n\n'
	description_md "$doc"
	printf '\n# SEE ALSO\n\n'
	see_also_md "$page"
}

mkdir -p "$OUTDIR"
for page in $PAGES; do
	page_md "$page" >"$OUTDIR/$page.md.tmp"
	"$PANDOC" -s -f markdown-smart -t man -o "$OUTDIR/$page.1.tmp" "$OUTDIR/$page.md.tmp"
	mv "$OUTDIR/$page.1.tmp" "$OUTDIR/$page.1"
	rm -f "$OUTDIR/$page.md.tmp"
done
