#!/bin/sh
# Runs `hallmonitorctl classify` with the default rules over every corpus the project is judged on
# and prints one line a corpus: the SHA-256 of the JSON lines it wrote, the corpus, the line count.
# Speed work must leave these bit for bit unchanged; tests/data/verdict-digests.txt holds the
# figures of the rules as they are, and the CTest `verdict_digests` compares against it.
#
#   bench/verdict_digest.sh [--ctl build/cli/hallmonitorctl] [--keep DIR]       # print
#   bench/verdict_digest.sh --check tests/data/verdict-digests.txt              # compare, exit 1
#   bench/verdict_digest.sh --write tests/data/verdict-digests.txt              # after a rule change
#
# Corpora: the shared bench corpus (../shared/bench/gen_corpus.py, 200,000 comments, plain
# lines), bench/stress_corpus.py (every list entry in disguise: the slow paths), tests/data/*.jsonl, ../shared/corpus/dev.jsonl (with the example school's names and
# with its own), ../shared/realdata/*.jsonl. A shared corpus that is absent is skipped and said
# so; --check compares only the corpora present. --keep DIR keeps the outputs (to diff them).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
ctl="$root/build/cli/hallmonitorctl"
mode=print
digests=""
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ctl) ctl=$2; shift 2 ;;
    --shared) shared=$2; shift 2 ;;
    --check) mode=check; digests=$2; shift 2 ;;
    --write) mode=write; digests=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${keep:-$tmp/out}
mkdir -p "$out"
example="$root/config/hallmonitor.example.toml"
# The example config with its relative paths made absolute, so it reads from anywhere.
sed -e "s|^dir = \"filters\"|dir = \"$root/config/filters\"|" \
    -e "s|^protected_names = \"joseph-hood/|protected_names = \"$root/config/joseph-hood/|" \
    "$example" > "$tmp/example.toml"
if [ -f "$shared/corpus/protected-names.txt" ]; then
  sed -e "s|^protected_names = .*|protected_names = \"$shared/corpus/protected-names.txt\"|" \
      "$tmp/example.toml" > "$tmp/dev-names.toml"
fi

run() {  # name config input
  mkdir -p "$(dirname "$out/$1")"
  timeout 300 "$ctl" classify --config "$2" < "$3" > "$out/$1.jsonl"
  printf '%s %s %s\n' "$(sha256sum < "$out/$1.jsonl" | cut -d' ' -f1)" "$1" \
    "$(wc -l < "$out/$1.jsonl")" >> "$tmp/digests"
}

: > "$tmp/digests"
if [ -f "$shared/bench/gen_corpus.py" ]; then
  python3 "$shared/bench/gen_corpus.py" --out-dir "$tmp" > /dev/null
  run bench-corpus "$tmp/example.toml" "$tmp/corpus.txt"
else
  echo "skipped: no $shared/bench/gen_corpus.py" >&2
fi
python3 "$root/bench/stress_corpus.py" > "$tmp/stress.txt"
run stress "$tmp/example.toml" "$tmp/stress.txt"
for f in "$root"/tests/data/*.jsonl; do
  run "tests-data/$(basename "$f" .jsonl)" "$tmp/example.toml" "$f"
done
if [ -f "$shared/corpus/dev.jsonl" ]; then
  run shared-corpus/dev "$tmp/example.toml" "$shared/corpus/dev.jsonl"
  run shared-corpus/dev-own-names "$tmp/dev-names.toml" "$shared/corpus/dev.jsonl"
else
  echo "skipped: no $shared/corpus/dev.jsonl" >&2
fi
for f in "$shared"/realdata/*.jsonl; do
  [ -f "$f" ] || { echo "skipped: no $shared/realdata" >&2; break; }
  run "realdata/$(basename "$f" .jsonl)" "$tmp/example.toml" "$f"
done

case "$mode" in
  print) cat "$tmp/digests" ;;
  write) cp "$tmp/digests" "$digests"; cat "$digests" ;;
  check)
    bad=0
    while read -r sum name lines; do
      want=$(awk -v n="$name" '$2 == n' "$digests")
      if [ -z "$want" ]; then
        echo "no stored digest for $name (add it with --write)" >&2; bad=1
      elif [ "$want" != "$sum $name $lines" ]; then
        echo "CHANGED: $name: $sum $lines, stored: $want" >&2; bad=1
      else
        echo "same: $name ($lines verdicts)"
      fi
    done < "$tmp/digests"
    exit $bad ;;
esac
