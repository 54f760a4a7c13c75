#!/bin/sh
# Prints, in one run on one core, the comments per second of `hallmonitorctl classify` over the
# shared bench corpus (plain lines in, JSON lines out, end to end), beside a raw RE2::Set pass over
# the same patterns and npm allprofanity, so the figures compare within one run on a shared machine.
#
#   python3 ../shared/bench/gen_corpus.py --out-dir /tmp/hm-corpus             # once
#   npm install --prefix bench/allprofanity                                    # once, optional
#   nice ninja -C build hallmonitorctl filter_bench
#   bench/classify_speed.sh [--corpus /tmp/hm-corpus/corpus.txt] [--runs 5] [--cpu 1]
#
# classify: CPU time (user + sys), median of --runs, start-up (compiling the rules) included, as a
# user pays it; also start-up alone (an empty input) and the rate without it (the daemon's case:
# it compiles the rules once). The RE2::Set pass and allprofanity are CPU time of their own
# process. --cpu pins everything to that core with taskset (default: the last core).
# Then classify once more unpinned, on every core (--jobs 0, its default), in wall time: what a
# user waits for, beside the one-core figure (the CPU time of all its threads is printed too).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=/tmp/hm-corpus/corpus.txt
runs=5
cpu=$(($(nproc) - 1))
ctl="$root/build/cli/hallmonitorctl"
bench="$root/build/bench/filter_bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --ctl) ctl=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -f "$corpus" ] || { echo "no corpus at $corpus (run gen_corpus.py first)" >&2; exit 2; }
pin=""
command -v taskset > /dev/null && pin="taskset -c $cpu"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/empty.txt"
lines=$(wc -l < "$corpus")

median() {  # classify_cpu.sh's median line for one corpus -> seconds
  $pin sh "$root/bench/classify_cpu.sh" --ctl "$ctl" --runs "$runs" --corpus "$1" |
    sed -n 's/.*median \([0-9.]*\) s$/\1/p'
}
whole=$(median "$corpus")
startup=$(median "$tmp/empty.txt")
awk -v n="$lines" -v w="$whole" -v s="$startup" 'BEGIN {
  printf "hallmonitorctl classify, end to end    %6.2f s CPU  %9.0f comments/s  (median of runs)\n", w, n / w
  printf "  of which start-up (compiling rules)  %6.2f s CPU\n", s
  if (w > s) printf "  classifying alone                    %6.2f s CPU  %9.0f comments/s\n", w - s, n / (w - s)
}'

walls=""
i=0
while [ $i -lt "$runs" ]; do
  /usr/bin/time -f "%e %U %S" -o "$tmp/wall" "$ctl" classify --config "$root/config/hallmonitor.example.toml" \
    < "$corpus" > /dev/null
  walls="$walls$(cat "$tmp/wall")
"
  i=$((i + 1))
done
# The median run by wall time, and the CPU time of that same run.
set -- $(printf '%s' "$walls" | sort -n | awk -v r="$runs" 'NR == int((r + 1) / 2) { print $1, $2 + $3 }')
wall=$1
wall_cpu=$2
awk -v n="$lines" -v w="$wall" -v c="$wall_cpu" -v cores="$(nproc)" 'BEGIN {
  printf "hallmonitorctl classify, %d cores (--jobs 0) %6.2f s wall %9.0f comments/s  (CPU %.2f s; median of runs)\n", cores, w, n / w, c
}'

if [ -x "$bench" ]; then
  $pin "$bench" --corpus "$corpus" --ctl none | grep -E "^rules:|raw RE2::Set|whole pipeline"
else
  echo "no $bench: build the filter_bench target for the raw RE2::Set pass" >&2
fi

if command -v node > /dev/null && [ -d "$root/bench/allprofanity/node_modules/allprofanity" ]; then
  $pin node "$root/bench/allprofanity/bench.mjs" "$corpus" | tee "$tmp/ap"
  ap=$(sed -n 's/^allprofanity detect().* \([0-9]*\) comments\/s.*/\1/p' "$tmp/ap")
  [ -n "$ap" ] && awk -v n="$lines" -v w="$whole" -v a="$ap" -v wall="$wall" \
    'BEGIN { printf "classify end to end / allprofanity detect(): %.1fx on one core, %.1fx on every core (wall)\n", n / w / a, n / wall / a }'
else
  echo "allprofanity not installed: npm install --prefix bench/allprofanity (the npm registry)"
fi
