#!/bin/sh
# How much work the demo leaves for a person: runs `hallmonitord --demo` for SECONDS (default
# 600), then asks its console what needs a decision (GET /api/v1/items/summary and the needs
# list by first need) and counts what was flagged. Issue 12's figure: before the workflow
# change, 10 minutes of the demo left 233 open items.
#   bench/demo_queue.sh [SECONDS] [path/to/hallmonitord]
set -eu
seconds=${1:-600}
daemon=${2:-build/daemon/hallmonitord}
out=$(mktemp)
"$daemon" --demo >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out" "$out.jar"' EXIT
i=0
until grep -q 'console:' "$out"; do
  i=$((i + 1)); [ $i -lt 100 ] || { cat "$out"; exit 1; }; sleep 0.2
done
url=$(sed -n 's/.*console: *\(http:[^ ]*\)\/ .*/\1/p' "$out" | head -1)
password=$(sed -n 's/.*(user demo, password \([^)]*\)).*/\1/p' "$out" | head -1)
echo "demo running at $url for ${seconds}s"
sleep "$seconds"
curl -sf -c "$out.jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"demo\",\"password\":\"$password\"}" "$url/api/v1/session" >/dev/null
echo "posted by the demo: $(grep -c 'demo: posted' "$out")"
echo "summary: $(curl -sf -b "$out.jar" "$url/api/v1/items/summary")"
curl -sf -b "$out.jar" "$url/api/v1/items?view=needs&limit=500" |
  python3 -c 'import json,sys,collections; items=json.load(sys.stdin)["items"]; c=collections.Counter(i["needs"][0] if i["needs"] else "none" for i in items); print("needing a decision, by first need:", dict(c))'
curl -sf -b "$out.jar" "$url/api/v1/items?view=handled&limit=500" |
  python3 -c 'import json,sys; print("hidden and handled (no decision needed):", len(json.load(sys.stdin)["items"]))'
