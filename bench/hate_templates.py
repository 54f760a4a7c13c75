#!/usr/bin/env python3
"""Writes tests/data/functional-hate-templates.jsonl: hate and its contrasts in the forms of a
functional test for hate speech (derogation, dehumanisation, threats, hate by reference, negated
positives, questions and opinions, spelling variants; and as contrasts negated hate, neutral and
positive mentions, and denouncements), over seven groups. Our own templates, written for the
thirteenth pass of issue 11 to find forms the rules missed (README, "The thirteenth pass"); the
held-out functional suite the issue names is not read here.

    python3 bench/hate_templates.py > tests/data/functional-hate-templates.jsonl
"""
import json
# Each group as the templates name it: plural ({P}) and one person ({S}).
GROUPS = [("women", "woman"), ("trans people", "trans person"), ("gay people", "gay person"),
          ("black people", "black person"), ("disabled people", "disabled person"),
          ("Muslims", "Muslim"), ("immigrants", "immigrant")]
HATE = [
 "I hate {P}.", "I really can't stand {P}.", "{P} disgust me.", "All {P} make me sick.", "I despise {P}.",
 "{P} are disgusting.", "{P} are so dumb.", "All {P} are complete scumbags.", "{P} are repulsive.", "{P} are worthless.",
 "{P} are scum.", "{P} are nothing but vermin.", "{P} are a cancer.", "{P} are parasites.", "{P} are subhuman creatures.",
 "{P} belong in a zoo.", "I'd rather die than date a {S}.", "{P} should be in a circus.", "{P} are a plague on society.",
 "I am going to shoot the next {S} I see.", "I will kill any {S} I meet.", "I'm going to hurt every {S} I see.",
 "{P} should be hanged.", "All {P} should be killed.", "{P} should be dumped in a landfill.", "The world would be better without {P}.",
 "You {P} are fucking disgusting.", "Fuck all {P}.", "{P} are fucking worthless.",
 "I have met many {P} and I hate every single one of them.", "{P} think they're special. I hate them.",
 "{P} lives are not worth anything.", "I don't respect any {S}.", "{P} are not human.", "No {S} can ever be trusted.",
 "Why is it that all {P} are repulsive?", "Wouldn't it be great if all {P} were dead?", "Why are {P} so stupid?",
 "I think that {P} should all be killed.", "In my opinion {P} are disgusting.", "I believe {P} are a disease.",
 "I haet {P}.", "I hte {P}.", "{P} are disgustin.", "{P} are d i s g u s t i n g.", "{P} are scvm.", "1 h4te {P}.",
]
CLEAN = [
 "I don't hate {P}.", "{P} are not disgusting.", "No {P} deserve to die.", "I would never say {P} are scum.",
 "We are a group of {P}.", "I live with two {P}.", "Many of my friends are {P}.", "{P} are welcome here.",
 "I love {P}.", "{P} are great.", "{P} are brilliant teachers.", "We need more {P} in government.",
 "Statements like '{P} are scum' are deeply hurtful.", "You have to stop calling {P} disgusting.",
 "Saying that {P} are vermin is hateful.", "If you say {P} are a plague you are a bigot.",
 "It's absurd to think {P} are inferior.",
]


def rows():
    for plural, single in GROUPS:
        for templates, categories in ((HATE, ["abuse"]), (CLEAN, [])):
            for t in templates:
                text = t.replace("{P}", plural).replace("{S}", single)
                yield {"text": text[0].upper() + text[1:], "categories": categories}


if __name__ == "__main__":
    for row in rows():
        print(json.dumps(row, ensure_ascii=False))
