# SPDX-License-Identifier: MIT
# For e2e cases that drive headless Chromium (sourced after tests/e2e/lib.sh): browser_node SCRIPT
# runs a node script that can require('puppeteer-core') and tests/browser/lib.js.
# Skips only when Chromium itself is missing; puppeteer-core is installed here when it is not yet
# (scripts/install-deps.sh installs both, so CI always runs these cases).
BROWSER_DIR=$SRCDIR/tests/browser

browser_setup() {
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium is not installed (scripts/install-deps.sh installs it)"
	command -v node >/dev/null || fail "node is not installed: scripts/install-deps.sh installs nodejs and npm"
	if [ ! -d "$BROWSER_DIR/node_modules/puppeteer-core" ]; then
		command -v npm >/dev/null || fail "npm is not installed: scripts/install-deps.sh installs it"
		(cd "$BROWSER_DIR" && flock "$BROWSER_DIR/package.json" npm ci --no-audit --no-fund) >"$T/npm.log" 2>&1 ||
			fail "cannot install puppeteer-core in $BROWSER_DIR:" "$(tail -5 "$T/npm.log")"
	fi
	export NODE_PATH=$BROWSER_DIR/node_modules:$BROWSER_DIR
}

# browser_node SCRIPT-FILE ARGS...: the script's output is shown when it fails
browser_node() {
	local script=$1 rc
	shift

	browser_setup
	timeout 120 node "$script" "$@" >"$T/node.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] || fail "browser check $(basename "$script") failed (exit $rc):" "$(tail -40 "$T/node.out")"
	return 0
}
