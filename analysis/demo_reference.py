"""The demo's reference coding: the authors' hand coding (``corpora/demo/<gemeente>/gold.csv``) as
accepted codings of coder ``referentie`` and the blind second coding (``second_coder.csv``) as
coder ``tweede-codeur``, so reports, the normenkader, agreement and theme summaries show a finished
study the first time a newcomer opens them.

They are stored with origin ``reference``: the auto-coder does not learn from them unless the
researcher asks (``auto_code(..., use_reference=True)``), so the demo's suggestions are not
flattered by the answers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .domain import Coding, CodingOrigin, CodingStatus
from .store import Project

# The demo corpus and the codebook its reference coding uses (analysis.demo builds on this module, not the
# other way round).
DEMO_DIR = Path(__file__).resolve().parents[1] / "corpora" / "demo"
CODEBOOK = "sociaal-domein"
REFERENCE_CODER = "referentie"
SECOND_CODER = "tweede-codeur"
REFERENCE_CODERS = (REFERENCE_CODER, SECOND_CODER)
INTERVIEW_KINDS = ("interview", "group_interview")


@dataclass(slots=True)
class ReferenceResult:
    reference: int = 0  # codings of "referentie" added
    second: int = 0  # codings of "tweede-codeur" added
    unmatched: int = 0  # rows whose turn was not found in the project

    def __str__(self) -> str:
        return (
            f"referentiecodering: {self.reference} coderingen van '{REFERENCE_CODER}', {self.second} van "
            f"'{SECOND_CODER}'" + (f", {self.unmatched} regels zonder passend fragment" if self.unmatched else "")
        )


def gold_rows(demo_dir: Path = DEMO_DIR) -> Iterator[dict[str, str]]:
    """The demo authors' hand coding, one row per speaker turn (file, speaker, text, code)."""
    for path in sorted(demo_dir.glob("*/gold.csv")):
        yield from _rows(path)


def second_coder_rows(demo_dir: Path = DEMO_DIR) -> Iterator[dict[str, str]]:
    """The blind second coding of the same turns."""
    path = demo_dir / "second_coder.csv"
    if path.exists():
        yield from _rows(path)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def find_passage(project: Project, source_id: int, text: str) -> int | None:
    """The passage of the source holding this turn: equal text, else the longest one containing it or contained in it."""
    text = text.strip()
    best: tuple[int, int] | None = None
    for p in project.passages(source_id=source_id):
        candidate = p.text.strip()
        if candidate == text:
            return p.id
        contained = len(candidate) >= 20 and (candidate in text or text in candidate)
        if contained and (best is None or len(candidate) > best[0]):
            best = (len(candidate), p.id)
    return best[1] if best else None


def demo_sources(project: Project) -> dict[str, int]:
    """Source ids of the project's demo interviews, by their ``gemeente/file`` name in the gold files."""
    return {
        "/".join(Path(s.path).parts[-2:]): int(s.id)
        for s in project.sources(with_text=False)
        if s.path and s.kind.value in INTERVIEW_KINDS
    }


def has_demo_sources(project: Project, demo_dir: Path = DEMO_DIR) -> bool:
    """Whether the project holds the demo's interviews (the reference coding can be loaded)."""
    wanted = {row["file"] for row in gold_rows(demo_dir)}
    return bool(wanted & set(demo_sources(project)))


def reference_codings(
    project: Project, rows: Iterator[dict[str, str]], coder: str, *, origin: CodingOrigin = CodingOrigin.REFERENCE
) -> tuple[list[Coding], int]:
    """Accepted codings of ``coder`` for the gold-style ``rows``; and how many rows found no passage."""
    source_ids = demo_sources(project)
    codings: list[Coding] = []
    unmatched = 0
    for row in rows:
        codes = [c.strip() for c in (row.get("code") or "").split(";") if c.strip()]
        if not codes:
            continue
        source_id = source_ids.get(row["file"])
        passage_id = find_passage(project, source_id, row["text"]) if source_id is not None else None
        if passage_id is None:
            unmatched += 1
            continue
        codings.extend(
            Coding(passage_id=passage_id, code_id=code, codebook_id=CODEBOOK, coder=coder,
                   origin=origin, status=CodingStatus.ACCEPTED)
            for code in codes
        )
    return codings, unmatched


def load_reference_coding(project: Project, demo_dir: Path = DEMO_DIR) -> ReferenceResult:
    """Add the demo's reference coding and the blind second coding (safe to run again: codings
    already there are left alone)."""
    result = ReferenceResult()
    existing = {
        (c.passage_id, c.code_id, c.coder)
        for c in project.codings(codebook_id=CODEBOOK, status=CodingStatus.ACCEPTED.value)
        if c.coder in REFERENCE_CODERS
    }
    for coder, rows in ((REFERENCE_CODER, gold_rows(demo_dir)), (SECOND_CODER, second_coder_rows(demo_dir))):
        codings, unmatched = reference_codings(project, rows, coder)
        new = []
        for c in codings:
            if (c.passage_id, c.code_id, coder) not in existing:
                existing.add((c.passage_id, c.code_id, coder))
                new.append(c)
        project.add_codings(new)
        result.unmatched += unmatched
        if coder == REFERENCE_CODER:
            result.reference = len(new)
        else:
            result.second = len(new)
    return result


def reference_coders_in(project: Project) -> list[str]:
    """The coders of the project's reference codings (empty when it has none)."""
    return sorted({c.coder for c in project.codings(origin=CodingOrigin.REFERENCE.value)})
