#!/usr/bin/env python3
"""Prints the filter's recall and false positives on real, externally labelled data.

Reads the development halves of the public datasets in ../shared/realdata/ (never copied into
this repository) and the school-page corpora, runs them through `hallmonitorctl classify` (the
same path a user takes), and prints one table row per set. Each realdata file is split by a hash
of the row id into a *tune* part (4/5, which rule authors may read) and a *held-out* part (1/5,
which nobody tunes on): the held-out rows are the honest figure.

    bench/realdata_bench.py [--ctl build/cli/hallmonitorctl] [--config FILE] [--part tune|held|all]
                            [--misses SET] [--false-positives SET] [--limit N]
                            [--learn youtube,sms] [--flag-at P]

--learn SETS first runs `hallmonitorctl learn` on the *tune* parts of those realdata sets
(issue 16), then classifies everything with `--model`: the learned second opinion beside the
rules, through the same path a user takes. Its held-out rows were never seen by the model.

--misses / --false-positives print the rows of one set (tune part only, so that nobody reads
the held-out part) for people extending the vocabulary.

How the figures are counted (the filter issue's table):
- abuse sets (olid, davidson): recall = rows labelled abuse that get `abuse`; false positives =
  clean rows that get `abuse`.
- spam sets (youtube, sms): recall = spam rows that get *any* category (a school hides it either
  way); false positives = clean rows that get `spam` or `commercial`.
- school corpora: recall per category, macro recall, and clean rows with any category.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# ../shared beside the checkout (as CI lays it out), or HM_SHARED_DIR.
SHARED = os.environ.get("HM_SHARED_DIR") or os.path.normpath(os.path.join(ROOT, "..", "shared"))
CATEGORIES = ["abuse", "commercial", "complaint", "personal_data", "safeguarding", "spam"]

REALDATA = {  # name -> kind
    "olid": "abuse",
    "davidson": "abuse",
    "youtube": "spam",
    "sms": "spam",
}


def held_out(row_id):
    """One row in five, fixed by the id's hash: the part nobody tunes on."""
    return hashlib.sha256(str(row_id).encode()).digest()[0] % 5 == 0


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


MODEL_ARGS = []  # ["--model", FILE] once --learn has made one


def classify(ctl, config, texts):
    """One verdict per text, through hallmonitorctl classify (JSON lines in and out)."""
    data = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    out = subprocess.run([ctl, "classify", "--config", config] + MODEL_ARGS, input=data.encode(),
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    verdicts = [json.loads(line) for line in out.splitlines()]
    if len(verdicts) != len(texts):
        sys.exit(f"classify gave {len(verdicts)} lines for {len(texts)} inputs")
    return verdicts


def default_config(protected_names=None):
    """A config holding only [filters] and one school, as the classify contract allows."""
    protected_names = protected_names or os.path.join(ROOT, "config", "joseph-hood", "pupils.txt")
    d = tempfile.mkdtemp(prefix="hm-realdata-")
    path = os.path.join(d, "hallmonitor.toml")
    with open(path, "w") as f:
        f.write(f"""[daemon]
state_dir = "{d}"
[filters]
dir = "{os.path.join(ROOT, 'config', 'filters')}"
[[school]]
id = "joseph-hood"
name = "Joseph Hood Primary School"
protected_names = "{protected_names}"
own_domains = ["josephhood.example.sch.uk"]
""")
    return path


def realdata_row(name, kind, rows, verdicts):
    pos = neg = hit = fp = 0
    for row, v in zip(rows, verdicts):
        cats = set(v.get("categories", []))
        positive = kind in row["labels"]
        if positive:
            pos += 1
            hit += (kind in cats) if kind == "abuse" else bool(cats)
        else:
            neg += 1
            fp += ("abuse" in cats) if kind == "abuse" else bool(cats & {"spam", "commercial"})
    return pos, hit, neg, fp


def school_row(rows, verdicts):
    per = {c: [0, 0] for c in CATEGORIES}
    clean = clean_fp = 0
    for row, v in zip(rows, verdicts):
        labels = set(row.get("categories", row.get("labels", [])))
        cats = set(v.get("categories", []))
        if not labels:
            clean += 1
            clean_fp += bool(cats)
        for c in labels:
            if c in per:
                per[c][0] += 1
                per[c][1] += c in cats
    return per, clean, clean_fp


def learn(ctl, config, sets, flag_at):
    """A model from the tune parts of `sets`, through `hallmonitorctl learn`."""
    d = tempfile.mkdtemp(prefix="hm-learn-")
    args = [ctl, "learn", "--config", config, "--out", os.path.join(d, "spam.model")]
    if flag_at is not None:
        args += ["--flag-at", str(flag_at), "--review-at", str(min(flag_at, 0.4))]
    for name in sets:
        path = os.path.join(d, name + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in read_jsonl(os.path.join(SHARED, "realdata", name + ".jsonl")):
                if not held_out(r["id"]):
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        args += ["--examples", path]
    subprocess.run(args, check=True)
    MODEL_ARGS.extend(["--model", os.path.join(d, "spam.model")])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ctl", default=os.path.join(ROOT, "build", "cli", "hallmonitorctl"))
    ap.add_argument("--config")
    ap.add_argument("--part", choices=["tune", "held", "all"], default=None,
                    help="only this part of the realdata (default: tune and held both)")
    ap.add_argument("--misses", metavar="SET")
    ap.add_argument("--false-positives", metavar="SET")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--learn", metavar="SETS", help="learn a model from these sets' tune parts")
    ap.add_argument("--flag-at", type=float)
    a = ap.parse_args()
    config = a.config or default_config()
    if a.learn:
        learn(a.ctl, config, a.learn.split(","), a.flag_at)

    if a.misses or a.false_positives:
        name = a.misses or a.false_positives
        kind = REALDATA[name]
        rows = [r for r in read_jsonl(os.path.join(SHARED, "realdata", name + ".jsonl"))
                if not held_out(r["id"])]
        verdicts = classify(a.ctl, config, [r["text"] for r in rows])
        shown = 0
        for r, v in zip(rows, verdicts):
            cats = set(v.get("categories", []))
            positive = kind in r["labels"]
            if a.misses and positive and not ((kind in cats) if kind == "abuse" else cats):
                print(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False))
                shown += 1
            if a.false_positives and not positive and (
                    ("abuse" in cats) if kind == "abuse" else (cats & {"spam", "commercial"})):
                print(json.dumps({"id": r["id"], "text": r["text"],
                                  "rules": sorted({m["rule"] for m in v["matches"]})},
                                 ensure_ascii=False))
                shown += 1
            if shown >= a.limit:
                break
        return

    parts = ["tune", "held"] if a.part is None else [a.part]
    print(f"{'set':<22} {'part':<5} {'positives':>9} {'recall':>7} {'negatives':>9} {'FP':>7}")
    for name, kind in REALDATA.items():
        path = os.path.join(SHARED, "realdata", name + ".jsonl")
        if not os.path.exists(path):
            print(f"{name:<22} (missing {path})")
            continue
        rows = read_jsonl(path)
        verdicts = classify(a.ctl, config, [r["text"] for r in rows])
        for part in parts:
            sel = [(r, v) for r, v in zip(rows, verdicts)
                   if part == "all" or held_out(r["id"]) == (part == "held")]
            pos, hit, neg, fp = realdata_row(name, kind, [s[0] for s in sel],
                                             [s[1] for s in sel])
            print(f"{name + ' (' + kind + ')':<22} {part:<5} {pos:>9} {hit / max(pos, 1):>7.3f} "
                  f"{neg:>9} {100 * fp / max(neg, 1):>6.2f}%")

    print()
    print(f"{'school corpus':<14} " + " ".join(f"{c[:8]:>8}" for c in CATEGORIES) +
          f" {'macro':>6} {'clean FP':>9}")
    # The shared corpus names its own protected pupils; the project's sets use the example
    # school's (config/joseph-hood/pupils.txt), as tests/unit/corpus_test.cpp does.
    shared_names = os.path.join(SHARED, "corpus", "protected-names.txt")
    corpora = [("dev", os.path.join(SHARED, "corpus", "dev.jsonl"),
                a.config or default_config(shared_names))]
    for extra in sorted(os.listdir(os.path.join(ROOT, "tests", "data"))):
        if extra.endswith(".jsonl"):
            corpora.append((extra[:-6], os.path.join(ROOT, "tests", "data", extra), config))
    for name, path, corpus_config in corpora:
        if not os.path.exists(path):
            continue
        rows = read_jsonl(path)
        per, clean, clean_fp = school_row(rows, classify(a.ctl, corpus_config,
                                                         [r["text"] for r in rows]))
        recalls = [per[c][1] / per[c][0] for c in CATEGORIES if per[c][0]]
        cells = " ".join(f"{per[c][1] / per[c][0]:>8.2f}" if per[c][0] else f"{'-':>8}"
                         for c in CATEGORIES)
        macro = f"{sum(recalls) / len(recalls):>6.2f}" if recalls else f"{'-':>6}"
        print(f"{name:<14} {cells} {macro} {clean_fp:>4}/{clean:<4}")


if __name__ == "__main__":
    main()
