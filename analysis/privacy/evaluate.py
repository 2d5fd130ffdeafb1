"""Measure a pseudonymiser on a hand-made text with an answer key (recall per kind, false positives).

The answer key is a CSV with the columns ``soort`` (a kind from :data:`KINDS`) and
``tekst`` (an identifier exactly as written). Every occurrence of ``tekst`` in the text
(as whole words, case-sensitive) is one identifier; an occurrence inside a longer key
entry ('Henk' inside 'Henk van der Meer') belongs to the longer one only. An identifier
is *found* when replacements cover all its characters, *partly found* when they cover
some. A replacement that touches no identifier is a *false positive*.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import display_name
from .lists import ListError
from .pseudonymiser import Pseudonymiser
from .rules import KINDS


@dataclass(slots=True)
class KindScore:
    total: int = 0
    found: int = 0
    partly: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.found / self.total if self.total else None


@dataclass(slots=True)
class Evaluation:
    per_kind: dict[str, KindScore]
    false_positives: list[str]
    replacements: int

    @property
    def total(self) -> KindScore:
        out = KindScore()
        for s in self.per_kind.values():
            out.total += s.total
            out.found += s.found
            out.partly += s.partly
            out.missed += s.missed
        return out


def load_answer_key(path: str | Path) -> list[tuple[str, str]]:
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            kind, text = (row.get("soort") or "").strip(), (row.get("tekst") or "").strip()
            if kind not in KINDS or not text:
                raise ListError("privacy.answer_key_row", path=path, file=display_name(path), line=line, kinds=", ".join(KINDS))
            rows.append((kind, text))
    return rows


def occurrences(text: str, answer_key: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """``(start, end, kind, text)`` for every identifier occurrence (longest entries first)."""
    taken = [False] * len(text)
    out = []
    for kind, value in sorted(answer_key, key=lambda kv: len(kv[1]), reverse=True):
        for m in re.finditer(r"(?<![\w])" + re.escape(value) + r"(?![\w])", text):
            if any(taken[m.start() : m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            out.append((m.start(), m.end(), kind, value))
    return sorted(out)


def evaluate(pseudonymiser: Pseudonymiser, text: str, answer_key: list[tuple[str, str]]) -> Evaluation:
    result = pseudonymiser.pseudonymise(text)
    covered = [False] * len(text)
    for r in result.replacements:
        for i in range(r.start, r.end):
            covered[i] = True
    per_kind = {k: KindScore() for k in KINDS}
    occ = occurrences(text, answer_key)
    for s, e, kind, value in occ:
        score = per_kind[kind]
        score.total += 1
        chars = [covered[i] for i in range(s, e) if not text[i].isspace()]
        if all(chars):
            score.found += 1
        else:
            if any(chars):
                score.partly += 1
            score.missed.append(value)
    false_positives = [
        r.original for r in result.replacements if not any(r.start < e and s < r.end for s, e, _, _ in occ)
    ]
    return Evaluation({k: v for k, v in per_kind.items() if v.total}, false_positives, len(result.replacements))
