# SPDX-License-Identifier: MIT
# report, graph and dump on a missing data directory, and bad option values: one line, no crash.
. "$E2E/analysis/lib.sh"
for cmd in report graph "dump --chrome" "dump --flame-graph" "dump --callgrind"; do
	# shellcheck disable=SC2086 # the command and its option are words
	expect_error "cannot open|no such|No such" "$FTRACE" $cmd -d "$T/missing"
done
expect_error "invalid --format 'xml'" "$FTRACE" report -d "$T/missing" --format=xml
expect_error "invalid report field 'colour'" "$FTRACE" report -d "$T/missing" -f colour
