#!/bin/sh
# Runs a browser test with node, failing (not skipping) with the install command when node is
# missing. The test itself checks for Chromium and playwright-core the same way.
if ! command -v node >/dev/null 2>&1; then
  echo "FAIL: node is not installed. Install the browser test dependencies with: scripts/install-deps --browser" >&2
  exit 1
fi
exec node "$@"
