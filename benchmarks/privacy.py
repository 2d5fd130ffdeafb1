"""Pseudonymisation benchmark: recall per kind and false positives on a hand-made Dutch text.

    python benchmarks/privacy.py [--text tests/privacy/data/testtekst.txt]

The text (an intake report and a group conversation, 48 identifiers of every kind and a
handful of look-alikes: meeting dates, amounts, an invalid BSN, the gemeente's own
numbers) and its answer key live in tests/privacy/data/. Three configurations:
our rules only; rules + the researcher's list (pseudoniemen-lijst.yaml); deduce + rules
+ list (the default when deduce is installed). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "privacy" / "data"


def main() -> None:
    from analysis.privacy import KINDS, ProjectLists, Pseudonymiser, deduce_available, load_lists
    from analysis.privacy.evaluate import evaluate, load_answer_key

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text", type=Path, default=DATA / "testtekst.txt")
    parser.add_argument("--key", type=Path, default=DATA / "antwoorden.csv")
    parser.add_argument("--lists", type=Path, default=DATA / "pseudoniemen-lijst.yaml")
    parser.add_argument("--missed", action="store_true", help="List the identifiers each configuration missed.")
    args = parser.parse_args()

    text = args.text.read_text(encoding="utf-8")
    answer = load_answer_key(args.key)
    lists = load_lists(args.lists)
    keep_only = ProjectLists(keep=lists.keep)
    configs = [("regels", keep_only, False), ("regels + lijst", lists, False)]
    if deduce_available():
        configs.append(("deduce + regels + lijst", lists, None))
    else:
        print("(deduce is not installed: the deduce column is missing)\n")
    results = []
    for label, plist, use in configs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            pseudonymiser = Pseudonymiser(lists=plist, use_deduce=use, keep=["Lindewaard"])
            load = time.perf_counter() - t0
            t0 = time.perf_counter()
            ev = evaluate(pseudonymiser, text, answer)
            run = time.perf_counter() - t0
        results.append((label, ev, load, run))

    kinds = [k for k in KINDS if k in results[0][1].per_kind]
    print(
        f"Pseudonimisering op {args.text.name}: {len(text)} tekens, {results[0][1].total.total} identificerende gegevens.\n"
    )
    print("| soort | aantal | " + " | ".join(f"gevonden: {label}" for label, *_ in results) + " |")
    print("|---|---:|" + "---:|" * len(results))
    for kind in kinds + ["TOTAAL"]:
        scores = [ev.total if kind == "TOTAAL" else ev.per_kind[kind] for _, ev, _, _ in results]
        cells = [f"{s.found}/{s.total} ({s.recall:.0%})" + (f", {s.partly} deels" if s.partly else "") for s in scores]
        name = f"**{kind}**" if kind == "TOTAAL" else kind
        print(f"| {name} | {scores[0].total} | " + " | ".join(cells) + " |")
    print(
        "| vals-positief (vervangen, geen identificerend gegeven) | | "
        + " | ".join(str(len(ev.false_positives)) for _, ev, _, _ in results)
        + " |"
    )
    print(
        "| tijd: laden / tekst (s) | | " + " | ".join(f"{load:.1f} / {run:.2f}" for _, _, load, run in results) + " |"
    )
    print()
    for label, ev, _, _ in results:
        print(f"- {label}: vals-positief: {', '.join(map(repr, ev.false_positives)) or 'geen'}")
        if args.missed:
            print(f"  gemist: {', '.join(map(repr, ev.total.missed)) or 'niets'}")


if __name__ == "__main__":
    main()
