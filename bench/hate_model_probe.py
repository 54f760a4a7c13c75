#!/usr/bin/env python3
"""Would a learned hate model carry to hate at groups in forms it never read? A probe, not part
of the product: the same kind of model as the shipped learned models (scripts/train-concern-model:
words and word pairs, FNV-1a hashed, logistic regression), gated on a group being named
(config/filters/lists/groups/identity-stems.txt, read as RE2 would: "stem*" open-ended), with
abuse as its positives.

usage: bench/hate_model_probe.py [--shared ../shared] [--judge fresh-pass14] [--show]

Training: every tests/data set except the judged ones and the measure-only sets (fresh-held,
holdout, holdout2, functional-school-unseen, fresh-reports-untuned), ../shared/corpus/dev.jsonl,
the learned/*.txt everyday comments, and the realdata *tune* parts' rows without abuse (their
abuse rows are mostly swearing, not hate at groups; the held-out fifth, by the id hash of
bench/realdata_bench.py, is never read). Only rows that name a group are read.
Judged on: the --judge sets (the fourteenth pass's by default, written after everything the model
reads): hateful rows found and other rows flagged, at several flag_at values.
"""
import argparse, importlib.machinery, json, math, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T = importlib.machinery.SourceFileLoader(
    "trainer", os.path.join(ROOT, "scripts", "train-concern-model")).load_module()
DATA = os.path.join(ROOT, "tests", "data")
MEASURE_ONLY = {"fresh-held", "holdout", "holdout2", "functional-school-unseen",
                "fresh-reports-untuned"}


def gate():
    stems = [l.strip() for l in open(os.path.join(ROOT, "config", "filters", "lists", "groups",
                                                  "identity-stems.txt"), encoding="utf-8")
             if l.strip() and not l.startswith("#")]
    def one(e):
        return r"\b" + r"\w*".join(re.escape(p) for p in e.split("*")) + ("" if e.endswith("*") else r"\b")
    return re.compile("|".join(one(e) for e in stems), re.I)


def rows(path):
    return T.jsonl(path, "abuse")  # (text, labelled abuse), as the trainer reads a set


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--judge", default="fresh-pass14")
    ap.add_argument("--show", action="store_true", help="print the judged rows the model gets wrong")
    a = ap.parse_args()
    g = gate()
    judged = set(a.judge.split(","))
    train = []
    for f in sorted(os.listdir(DATA)):
        name = f[:-6]
        if f.endswith(".jsonl") and name not in judged and name not in MEASURE_ONLY:
            train += [(t, y) for t, y in rows(os.path.join(DATA, f)) if g.search(t)]
    train += [(t, y) for t, y in rows(os.path.join(a.shared, "corpus", "dev.jsonl")) if g.search(t)]
    for f in ["ordinary-comments.txt", "everyday-reports.txt", "everyday-contact.txt"]:
        train += [(t, False) for t, _ in T.plain(os.path.join(ROOT, "config", "filters", "learned", f))
                  if g.search(t)]
    for n in ["olid", "davidson", "sms", "youtube"]:
        for r in map(json.loads, open(os.path.join(a.shared, "realdata", n + ".jsonl"), encoding="utf-8")):
            if not T.held_out(r["id"]) and "abuse" not in r["labels"] and g.search(r["text"]):
                train.append((r["text"], False))
    print(f"trained on {len(train)} rows that name a group, {sum(y for _, y in train)} of them hateful")
    w, b = T.train(train, [], positive_weight=1.0)

    def score(t):
        z = b + sum(w.get(i, 0.0) for i in T.slots(t, frozenset()))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
    judged_rows = [r for n in sorted(judged) for r in rows(os.path.join(DATA, n + ".jsonl"))]
    hateful = sum(1 for _, y in judged_rows if y)
    others = len(judged_rows) - hateful
    for flag_at in [0.5, 0.7, 0.8, 0.9, 0.95]:
        found = sum(1 for t, y in judged_rows if y and g.search(t) and score(t) >= flag_at)
        false = sum(1 for t, y in judged_rows if not y and g.search(t) and score(t) >= flag_at)
        print(f"flag_at {flag_at:<4}  hateful found {found}/{hateful}  others flagged {false}/{others}")
    if a.show:
        for t, y in judged_rows:
            if g.search(t) and (score(t) >= 0.9) != y:
                print(f"{'missed ' if y else 'FLAGGED'} {score(t):.2f}  {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
