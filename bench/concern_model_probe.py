#!/usr/bin/env python3
"""Would a learned model find safeguarding reports in wording the rules never saw? A probe, not
part of the product: it trains a plain bag-of-words logistic regression (word and word-pair
features, hashed) on the project's own written sets, and judges it on sets written after them.

usage: bench/concern_model_probe.py [--shared ../shared] [--corpus /tmp/hm-corpus/corpus.txt]

Training (positive: labelled safeguarding; negative: everything else):
  tests/data/fresh-tune.jsonl minus the rows of sets Q-V (FRESH_LATER below), functional-school,
  functional-abuse and the three tricky-clean sets; ../shared/corpus/dev.jsonl; and, as everyday
  counter-examples, 3 in 10 of the *tune* part of each ../shared/realdata set (their labels say
  nothing of safeguarding; they are read from ../shared, never copied).
Judged on: sets Q-T (safeguarding reports and clean contrasts written after everything above,
  one row per line "category|text" in tests/data/fresh-tune.jsonl order), U (clean) and V,
  fresh-held and fresh-reports-untuned, the realdata *held-out* parts, and the shared bench
  corpus (its generator's labels; clean rows flagged are false alarms on everyday comments).
The rows of Q-V are recognised by text: they are the last rows of fresh-tune.jsonl (see
FRESH_LATER). Deterministic: features are hashed with CRC-32, examples visited in a seeded order.
"""
import argparse, hashlib, json, math, os, random, re, sys, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")
# Sets Q to V (the latest fresh sets) were appended to fresh-tune.jsonl last: 35 + 35 + 35 + 35 + 40 + 35 rows.
FRESH_LATER = [("Q", 35), ("R", 35), ("S", 35), ("T", 35), ("U", 40), ("V", 35)]
WORD = re.compile(r"[a-z0-9']+")


def held_out(row_id):
    return hashlib.sha256(str(row_id).encode()).digest()[0] % 5 == 0


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            yield r["text"], set(r.get("labels", r.get("categories", [])))


def features(text):
    w = WORD.findall(text.lower())
    names = {"w:" + x for x in w} | {"b:" + a + " " + b for a, b in zip(w, w[1:])}
    return [zlib.crc32(n.encode()) & 0xFFFFF for n in names]


def train(examples, epochs=30, rate=0.2, l2=1e-5, positive_weight=3.0):
    w, b = {}, 0.0
    data = [(features(t), y) for t, y in examples]
    order = random.Random(1)
    for _ in range(epochs):
        order.shuffle(data)
        for f, y in data:
            z = b + sum(w.get(i, 0.0) for i in f)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = (p - y) * (positive_weight if y else 1.0)
            for i in f:
                w[i] = w.get(i, 0.0) - rate * (g + l2 * w.get(i, 0.0))
            b -= rate * g * 0.1
    return lambda t: 1 / (1 + math.exp(-max(-30, min(30, b + sum(w.get(i, 0.0) for i in features(t))))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--corpus", default="/tmp/hm-corpus/corpus.txt")
    a = ap.parse_args()
    tune = list(rows(os.path.join(DATA, "fresh-tune.jsonl")))
    later, start = {}, len(tune) - sum(n for _, n in FRESH_LATER)
    for name, n in FRESH_LATER:
        later[name] = tune[start:start + n]
        start += n
    examples = [(t, "safeguarding" in l) for t, l in tune[:len(tune) - sum(n for _, n in FRESH_LATER)]]
    for f in ["functional-school", "functional-abuse", "tricky-clean-everyday", "tricky-clean-groups",
              "tricky-clean-mentions"]:
        examples += [(t, "safeguarding" in l) for t, l in rows(os.path.join(DATA, f + ".jsonl"))]
    examples += [(t, "safeguarding" in l) for t, l in rows(os.path.join(a.shared, "corpus", "dev.jsonl"))]
    held = {}
    for name in ["olid", "davidson", "sms", "youtube"]:
        with open(os.path.join(a.shared, "realdata", name + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if held_out(r["id"]):
                    held.setdefault(name, []).append(r["text"])
                elif random.Random(r["id"]).random() < 0.3:
                    examples.append((r["text"], False))
    print(f"trained on {len(examples)} rows, {sum(y for _, y in examples)} safeguarding", file=sys.stderr)
    p = train(examples)
    thresholds = [0.5, 0.9]
    print("set".ljust(34) + "".join(f"at {t}: safeguarding  clean flagged   " for t in thresholds))

    def line(name, rs):
        sg = [t for t, l in rs if "safeguarding" in l]
        clean = [t for t, l in rs if not l]
        cells = "".join(f"{sum(p(t) >= th for t in sg):>9}/{len(sg):<9}{sum(p(t) >= th for t in clean):>7}/{len(clean):<15}"
                        for th in thresholds)
        print(name.ljust(34) + cells)

    for name, rs in later.items():
        line(f"fresh set {name}", rs)
    line("fresh sets Q-T together", sum((later[n] for n in "QRST"), []))
    for f in ["fresh-held", "fresh-reports-untuned", "functional-school-unseen"]:
        line(f, list(rows(os.path.join(DATA, f + ".jsonl"))))
    for name, texts in held.items():
        line(f"{name} held-out (any flag)", [(t, set()) for t in texts])
    if os.path.exists(a.corpus):
        labels_file = a.corpus.replace("corpus.txt", "corpus_labels.tsv")
        with open(a.corpus, encoding="utf-8") as f, open(labels_file, encoding="utf-8") as g:
            bench = [(t.rstrip("\n"), set() if l.split("\t")[1] == "clean" else {"other"}) for t, l in zip(f, g)]
        line("shared bench corpus", bench)
        for th in thresholds:
            worst = {}
            for t, l in bench:
                if not l and p(t) >= th:
                    worst[t[:60]] = worst.get(t[:60], 0) + 1
            top = sorted(worst.items(), key=lambda kv: -kv[1])[:6]
            print(f"  bench clean flagged at {th}, most often: " + "; ".join(f"{n}x \"{k}\"" for k, n in top))
    else:
        print(f"(no bench corpus at {a.corpus}: python3 ../shared/bench/gen_corpus.py --out-dir /tmp/hm-corpus)")


if __name__ == "__main__":
    main()
