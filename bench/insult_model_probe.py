#!/usr/bin/env python3
"""Would a learned insult model lift OLID's recall to the issue's bar (0.50) within its false
positives (5 %)? A probe, not part of the product: it trains the same kind of model as the shipped
learned models (scripts/train-concern-model: words and word pairs, FNV-1a hashed, logistic
regression) with abuse as its positives, and asks it only where the rules found no abuse.

usage: bench/insult_model_probe.py [--shared ../shared] [--ctl build/cli/hallmonitorctl]

Training: OLID's *tune* part (the held-out fifth, by the id hash of bench/realdata_bench.py, is
never read), the project's school-page sets and tricky-clean sets, the learned/*.txt everyday
comments and ../shared/corpus/dev.jsonl (abuse positive, everything else negative).
Judged on: OLID's held part (recall and false positives with the model added to the rules), the
Davidson held part's clean rows, and the school-page sets no model trains on (fresh-held,
holdout, holdout2, functional-school-unseen, fresh-reports-untuned): their rows without abuse
that the model would flag.
"""
import argparse, importlib.machinery, json, math, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import realdata_bench as RB  # noqa: E402

T = importlib.machinery.SourceFileLoader(
    "trainer", os.path.join(ROOT, "scripts", "train-concern-model")).load_module()
DATA = os.path.join(ROOT, "tests", "data")
TRAIN_SETS = ["tricky-clean-everyday", "tricky-clean-groups", "tricky-clean-mentions", "fresh-tune",
              "functional-school", "fresh-signs", "fresh-adverts", "fresh-counter"]
JUDGE_SETS = ["fresh-held", "holdout", "holdout2", "functional-school-unseen",
              "fresh-reports-untuned"]


def labels(r):
    return r.get("labels", r.get("categories", []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--ctl", default=os.path.join(ROOT, "build", "cli", "hallmonitorctl"))
    a = ap.parse_args()
    olid = RB.read_jsonl(os.path.join(a.shared, "realdata", "olid.jsonl"))
    davidson = RB.read_jsonl(os.path.join(a.shared, "realdata", "davidson.jsonl"))
    train = [(r["text"], bool(r["labels"])) for r in olid if not T.held_out(r["id"])]
    for name in TRAIN_SETS:
        train += [(r["text"], "abuse" in labels(r))
                  for r in RB.read_jsonl(os.path.join(DATA, name + ".jsonl"))]
    for name in ["ordinary-comments.txt", "everyday-reports.txt", "everyday-contact.txt"]:
        train += list(T.plain(os.path.join(ROOT, "config", "filters", "learned", name)))
    train += [(r["text"], "abuse" in labels(r))
              for r in RB.read_jsonl(os.path.join(a.shared, "corpus", "dev.jsonl"))]
    print(f"training: {len(train)} examples, {sum(y for _, y in train)} abusive", file=sys.stderr)
    w, b = T.train(train, [])

    def p(text):
        z = b + sum(w.get(i, 0.0) for i in T.slots(text, frozenset()))
        return 1 / (1 + math.exp(-max(-30, min(30, z))))

    config = RB.default_config()

    def abuse_by_rules(rows):
        return ["abuse" in v["categories"] for v in RB.classify(a.ctl, config, [r["text"] for r in rows])]

    held = [r for r in olid if T.held_out(r["id"])]
    found = abuse_by_rules(held)
    pos = sum(1 for r in held if r["labels"])
    neg = len(held) - pos
    hit = sum(1 for r, f in zip(held, found) if f and r["labels"])
    fp = sum(1 for r, f in zip(held, found) if f and not r["labels"])
    rest = [(r, p(r["text"])) for r, f in zip(held, found) if not f]
    dav = [r for r in davidson if T.held_out(r["id"]) and not r["labels"]]
    dav = [r for r, f in zip(dav, abuse_by_rules(dav)) if not f]
    school = [r["text"] for name in JUDGE_SETS
              for r in RB.read_jsonl(os.path.join(DATA, name + ".jsonl")) if "abuse" not in labels(r)]
    print(f"OLID held, rules alone: recall {hit / pos:.3f}, false positives {fp / neg:.2%} "
          f"({pos} offensive, {neg} not)")
    print("flag_at  OLID recall  OLID FP   added (right/wrong)  Davidson clean +  school non-abuse")
    for t in [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]:
        add_hit = sum(1 for r, q in rest if q >= t and r["labels"])
        add_fp = sum(1 for r, q in rest if q >= t and not r["labels"])
        dfp = sum(1 for r in dav if p(r["text"]) >= t)
        sfp = sum(1 for text in school if p(text) >= t)
        print(f"{t:7}  {(hit + add_hit) / pos:11.3f}  {(fp + add_fp) / neg:7.2%}   "
              f"+{add_hit}/+{add_fp}{'':14}+{dfp:<15}  {sfp}/{len(school)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
