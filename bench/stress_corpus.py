#!/usr/bin/env python3
"""Writes a deterministic stress corpus for verdict-identity checks: every entry of every list
under config/filters/lists in disguises the normaliser undoes (case, leetspeak, stretching,
split letters, look-alikes, zero-width marks), entries of different lists side by side (so
"near" and scoring rules fire), and detector bait (phone numbers, emails, postcodes, addresses,
links). Unlike the bench corpus, most of its lines hit something: it exercises the slow paths a
speed change must leave alone.

    python3 bench/stress_corpus.py [--lists config/filters/lists] [-n 40000] > stress.txt
"""
import argparse
import os
import random

FILLER = [
    "Thanks for the update", "The kids loved it", "See you at pick-up", "Is the trip still on?",
    "Year 6 were amazing", "my daughter said", "honestly", "lol", "at the gate this morning",
    "Mrs Khan", "the head teacher", "😂", "🙏🏼", "❤️", "café", "naïve", "£15", "Year 10",
]
BAIT = [
    "call me on 07700 900123", "ring 0161 496 0000", "text +44 7700 900 456",
    "zero seven seven double oh nine hundred", "email jo.bloggs@example.com",
    "jo (at) example (dot) com", "SW1A 1AA", "we live at 12 Acacia Avenue",
    "14b, Mill Lane", "https://bit.ly/abc123", "www.example.xyz/promo", "visit cheapdeals.shop",
    "follow me on insta", "DM me", "add me on snap",
]
LOOKALIKE = {"a": "а", "e": "е", "o": "ο", "p": "р", "c": "с", "x": "х", "i": "і"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}


def entries(lists_dir):
    out = []
    for dirpath, _, files in sorted(os.walk(lists_dir)):
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if line and not line.startswith("#") and not line.startswith("re:"):
                        out.append(line.rstrip("*"))
    return out


def disguise(word, rng):
    kind = rng.randrange(9)
    if kind == 0:
        return word
    if kind == 1:
        return word.upper()
    if kind == 2:
        return "".join(LEET.get(c, c) if 0 < i < len(word) - 1 else c for i, c in enumerate(word))
    if kind == 3:
        i = rng.randrange(len(word))
        return word[:i] + word[i] * rng.randrange(3, 6) + word[i + 1:]
    if kind == 4:
        return rng.choice(".- ").join(word)
    if kind == 5:
        return "".join(LOOKALIKE.get(c, c) for c in word)
    if kind == 6:
        return word[:1] + "\u200b" + word[1:]
    if kind == 7:
        return word[:1] + "*" + word[2:] if len(word) > 3 else word
    return word.title()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--lists", default=os.path.join(here, "..", "config", "filters", "lists"))
    p.add_argument("-n", type=int, default=40000)
    p.add_argument("--seed", type=int, default=15)
    a = p.parse_args()
    rng = random.Random(a.seed)
    words = entries(a.lists)
    lines = []
    for w in words:  # every entry alone, disguised, in a sentence
        lines.append(f"{rng.choice(FILLER)} {disguise(w, rng)} {rng.choice(FILLER)}")
    while len(lines) < a.n:
        parts = [rng.choice(FILLER)]
        for _ in range(rng.randrange(1, 5)):
            r = rng.random()
            parts.append(rng.choice(BAIT) if r < 0.2 else disguise(rng.choice(words), rng))
            if rng.random() < 0.5:
                parts.append(rng.choice(FILLER))
        lines.append(" ".join(parts))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
