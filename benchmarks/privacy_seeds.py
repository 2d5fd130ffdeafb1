"""Pseudonymisation recall on text we did not write: the signature blocks, contact details and interviewee
lists of the public seed reports in ../shared/seeds (names of real office holders, as published).

    python benchmarks/privacy_seeds.py [--seeds ../shared/seeds]

The gold below was made by hand by reading the excerpts (every person's name, e-mail address and phone
number in them); a mention counts as caught when a replacement covers its surname (or the whole address or
number). Also reported: whether repeated mentions of one person get one placeholder, and which words the
detectors replaced that are not in the gold (false positives). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# file -> (first line, last line), 1-based inclusive
EXCERPTS = {
    "almelo-raadsbrief-2018.txt": (1, 200),
    "berkelland-rekenkamer-2025.txt": [(1, 64), (205, 265)],
    "enschede-rekenkamercommissie-2019.txt": (1738, 1762),
}
# hand-made gold, in reading order per file: (kind, mention, person id for the same-person check)
GOLD = {
    "almelo-raadsbrief-2018.txt": [
        ("PERSOON", "M. Veldman", "veldman"),
        ("PERSOON", "F.W. van Ardenne", "ardenne"),
        ("PERSOON", "A.J. Gerritsen", "gerritsen"),
        ("PERSOON", "Jessica van den Toorn", "toorn"),
        ("PERSOON", "Monique Stavenuiter", "stavenuiter"),
        ("PERSOON", "Inge Razenberg", "razenberg"),
        ("PERSOON", "Marlinda van der Hoff", "hoff"),
    ],
    "berkelland-rekenkamer-2025.txt": [
        ("PERSOON", "William van Deursen", "deursen"),
        ("PERSOON", "André de Boer", "boer"),
        ("PERSOON", "Anne-Linde Oldenhof", "oldenhof"),
        ("PERSOON", "Laura Lenting", "lenting"),
        ("EMAIL", "laura.lenting@gemeenteberkelland.nl", None),
        ("TELEFOON", "(0545) 250 809", None),
        ("PERSOON", "Tessy Nelissen", "nelissen"),
        ("PERSOON", "Mark Snijder", "snijder"),
        ("PERSOON", "Annemijn Meijer", "meijer-a"),
        ("PERSOON", "William van Deursen", "deursen"),
        ("PERSOON", "André de Boer", "boer"),
        ("PERSOON", "Anne-Linde Oldenhof", "oldenhof"),
        ("PERSOON", "Laura Lenting", "lenting"),
        ("PERSOON", "R. Verdellen", "verdellen"),
        ("TELEFOON", "0545-250 250", None),
        ("PERSOON", "W. van Deurzen", "deurzen"),
        ("PERSOON", "heer van Deurzen", "deurzen"),
        ("PERSOON", "R. Verdellen", "verdellen"),
        ("TELEFOON", "0545-250 250", None),
        ("PERSOON", "J. Jonker", "jonker"),
        ("PERSOON", "J.H.A. van Oostrum", "oostrum"),
    ],
    "enschede-rekenkamercommissie-2019.txt": [
        ("PERSOON", n, n)
        for n in (
            "I. Kleine", "T. de Vries", "C. Slim", "K. Spanbroek", "R. Ros", "I. Meijer", "R. Lammertink",
            "A. Redder", "E. Bloemink", "M. Nossin", "F. Nijzink", "F. Lagendijk", "W. van Gaalen", "J. Veldhuizen",
        )
    ],
}


def excerpt(seeds: Path, name: str) -> str:
    lines = (seeds / name).read_text(encoding="utf-8").splitlines()
    ranges = EXCERPTS[name] if isinstance(EXCERPTS[name], list) else [EXCERPTS[name]]
    return "\n".join("\n".join(lines[a - 1 : b]) for a, b in ranges)


def score(text: str, gold: list[tuple[str, str, str | None]], result) -> dict:
    covered = [None] * len(text)
    for r in result.replacements:
        for i in range(r.start, r.end):
            covered[i] = r.placeholder
    caught, kinds, persons, pos = 0, {}, {}, 0
    for kind, mention, person in gold:
        start = text.find(mention, pos)
        assert start >= 0, mention
        pos = start + len(mention)
        core = mention.split()[-1] if kind == "PERSOON" else mention
        cs = start + mention.rindex(core)
        marks = {covered[i] for i in range(cs, cs + len(core))}
        hit = None not in marks
        caught += hit
        k = kinds.setdefault(kind, [0, 0])
        k[0] += hit
        k[1] += 1
        if person and hit:
            persons.setdefault(person, set()).update(marks)
    gold_spans = []
    pos = 0
    for _, mention, _ in gold:
        start = text.find(mention, pos)
        gold_spans.append((start, start + len(mention)))
        pos = start + len(mention)
    false = [r.original for r in result.replacements if not any(r.start < e and s < r.end for s, e in gold_spans)]
    repeated = {p: m for p, m in persons.items() if sum(1 for _, _, q in gold if q == p) > 1}
    return {
        "caught": caught,
        "total": len(gold),
        "kinds": kinds,
        "one_placeholder": sum(1 for m in repeated.values() if len(m) == 1),
        "repeated": len(repeated),
        "false": false,
    }


def main() -> None:
    from analysis.privacy import ProjectLists, Pseudonymiser, deduce_available

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    texts = {name: excerpt(args.seeds, name) for name in GOLD}
    setups = [("rules only (regexes)", False)]
    if deduce_available():
        setups.append(("deduce + rules (default)", None))
    print("| setup | persons caught | e-mail + phone caught | repeated persons with one placeholder | false positives | s |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, use_deduce in setups:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = Pseudonymiser(None, ProjectLists(), use_deduce=use_deduce)
        totals = {"PERSOON": [0, 0], "other": [0, 0]}
        one = rep = 0
        false: list[str] = []
        for name, text in texts.items():
            s = score(text, GOLD[name], p.pseudonymise(text))
            for kind, (c, n) in s["kinds"].items():
                t = totals["PERSOON" if kind == "PERSOON" else "other"]
                t[0] += c
                t[1] += n
            one += s["one_placeholder"]
            rep += s["repeated"]
            false += s["false"]
        pc, pn = totals["PERSOON"]
        oc, on = totals["other"]
        print(
            f"| {label} | {pc}/{pn} ({pc / pn:.0%}) | {oc}/{on} | {one}/{rep} | {len(false)} | "
            f"{time.perf_counter() - t0:.1f} |"
        )
        if false:
            words = ", ".join(sorted({re.sub(r"\s+", " ", f) for f in false}))
            print(f"|  false positives: {words} | | | | | |")


if __name__ == "__main__":
    main()
