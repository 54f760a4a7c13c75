#!/bin/sh
# Prints the CPU time (user + sys) of `hallmonitorctl classify` over the bench corpus, one line a
# run and the median, so a change to the filters can be held against the figure before it. CPU
# time, not wall time: the machine is shared. Start-up (compiling the rules) is included, as a
# user running classify pays it.
#
#   python3 ../shared/bench/gen_corpus.py --out-dir /tmp/hm-corpus     # once
#   bench/classify_cpu.sh [--ctl build/cli/hallmonitorctl] [--runs 5] [--corpus /tmp/hm-corpus/corpus.txt]
#
# Give two --ctl binaries (before and after) to run them in turn, so both see the same load.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ctls=""
runs=5
corpus=/tmp/hm-corpus/corpus.txt
config="$root/config/hallmonitor.example.toml"
while [ $# -gt 0 ]; do
  case "$1" in
    --ctl) ctls="$ctls $2"; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -n "$ctls" ] || ctls="$root/build/cli/hallmonitorctl"
[ -f "$corpus" ] || { echo "no corpus at $corpus (run gen_corpus.py first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$runs" ]; do
  n=0
  for ctl in $ctls; do
    n=$((n + 1))
    /usr/bin/time -f "%U %S" -o "$tmp/t" "$ctl" classify --config "$config" < "$corpus" > /dev/null
    awk -v n=$n '{ printf "%.2f\n", $1 + $2 }' "$tmp/t" >> "$tmp/cpu.$n"
  done
  i=$((i + 1))
done
n=0
for ctl in $ctls; do
  n=$((n + 1))
  sort -n "$tmp/cpu.$n" | awk -v ctl="$ctl" -v lines="$(wc -l < "$corpus")" '
    { v[NR] = $1; all = all (NR > 1 ? " " : "") $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "%s: %d lines, CPU s per run (sorted) %s; median %.2f s\n", ctl, lines, all, m }'
done
