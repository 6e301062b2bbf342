#!/bin/sh
# SPDX-License-Identifier: MIT
# Filter for replay output: keeps the tree, replaces what varies between runs (durations, tids, addresses).
#   "   0.212 us [  4242] |   lex();"  ->  "   X.XXX us [T1] |   lex();"
#   "            [  4242] | main() {"  ->  "            [T1] | main() {"
#   "  backtrace [  4242] | /* [ 0] main */"  ->  "  backtrace [T1] | /* [ 0] main */"
# Tids become T1, T2... in order of first appearance. A malformed duration is left as it is, so it fails.
# The calls gprof's start-up makes before main in -pg builds (`__monstartup();` then
# `__cxa_atexit();`, at depth 0) are dropped, so one expected tree serves every mode
# (compat-pre-main checks them).
sed -E -e 's/^ *[0-9]+\.[0-9]{3}  ?(ns|us|ms|s) \[ *([0-9]+)\] \|/D \2 |/' \
	-e 's/^ {12}\[ *([0-9]+)\] \|/- \1 |/' \
	-e 's/^  backtrace \[ *([0-9]+)\] \|/B \1 |/' \
	-e 's/0x[0-9a-fA-F]+/0xADDR/g' |
awk '
$1 == "D" || $1 == "-" || $1 == "B" {
	if (!($2 in tid))
		tid[$2] = "T" (++ntid);
	rest = substr($0, length($1) + length($2) + 3);
	if (rest ~ /^\| __monstartup(@[^ (]*)?\(\);$/ || (rest ~ /^\| __cxa_atexit(@[^ (]*)?\(\);$/ && gmon)) {
		gmon = rest ~ /__monstartup/
		next
	}
	gmon = 0
	printf "%s[%s] %s\n", ($1 == "D" ? "   X.XXX us " : $1 == "B" ? "  backtrace " : "            "), tid[$2], rest;
	next
}
{ print }'
