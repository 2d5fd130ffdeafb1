"""Benchmark: queries and matrices on a 100k-passage project with 300k codings.

Builds a synthetic project (1,000 interviews of 100 turns, four municipalities, participants with a
respondent group, age group and wijk, a codebook of 12 codes with children, three accepted codings per
passage from two coders, bulk-inserted), then times

* loading the query index (once per data version in the app),
* boolean and proximity queries, with and without attribute conditions and text search,
* matrix coding queries (codes × attribute; passages and participants),
* co-occurrence, and saving a 50k-passage result as a set.

Target (issue 18): any query or matrix < 1 s. Prints a Markdown table.

    python benchmarks/query.py                       # 100k passages in a temporary folder
    python benchmarks/query.py --passages 20000
    python benchmarks/query.py --project /tmp/bench-query   # keep (and reuse) the project
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _scale import sentence_pool  # noqa: E402

from analysis.domain import Code, Codebook, Participant, Passage, Source, SourceKind  # noqa: E402
from analysis.store import Project  # noqa: E402

MUNICIPALITIES = ("Lindewaard", "Heemsteden", "Oosterzande", "Brakelveen")
GROUPS = ("inwoner", "cliënt", "mantelzorger", "medewerker", "partner")
AGES = ("18-39", "40-64", "65-74", "75+")
CODES = [
    Code("toegang", "Toegang"),
    Code("bereikbaarheid", "Bereikbaarheid", parent="toegang"),
    Code("wachttijden", "Wachttijden", parent="toegang"),
    Code("maatwerk", "Maatwerk"),
    Code("preventie", "Preventie"),
    Code("samenwerking", "Samenwerking"),
    Code("huisarts", "Huisartsen", parent="samenwerking"),
    Code("werkdruk", "Werkdruk"),
    Code("regie", "Eigen regie"),
    Code("mantelzorg", "Mantelzorg"),
    Code("knelpunt", "Knelpunt"),
    Code("gaat-goed", "Gaat goed"),
]


def build(location: Path, n_passages: int, per_source: int = 100, seed: int = 0) -> None:
    from analysis.store.orm import CodingRow, PassageRow

    rng = random.Random(seed)
    pool = sentence_pool()
    project = Project.create(location)
    project.save_codebook(Codebook("bench", "Bench", codes=CODES))
    n_sources = max(1, n_passages // per_source)
    for i in range(n_sources):
        turns = [f"{'I' if j % 2 == 0 else 'R'}: {rng.choice(pool)}" for j in range(per_source)]
        text = "\n\n".join(turns)
        passages, pos = [], 0
        for j, turn in enumerate(turns):
            start = text.index(turn, pos)
            passages.append(Passage(start, start + len(turn), turn, j, speaker=turn[0]))
            pos = start + len(turn)
        muni = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        group = GROUPS[i % len(GROUPS)]
        participant = Participant(f"R-{i:04d}", muni, group, AGES[i % len(AGES)], f"wijk-{i % 9}", {"woonvorm": rng.choice(["huur", "koop"])})
        project.add_source(
            Source(name=f"interview-{i:04d}.txt", text=text, kind=SourceKind.INTERVIEW, municipality=muni,
                   respondent_group=group, participant=participant.label, checksum=f"bench-{i}"),
            passages,
            participant=participant,
        )
    ids = [r[0] for r in project.passage_positions()]
    code_ids = [c.id for c in CODES]
    rows = []
    for pid in ids:
        for code in rng.sample(code_ids, 3):
            rows.append({"passage_id": pid, "codebook_id": "bench", "code_id": code, "coder": rng.choice(["anne", "bert"]),
                         "origin": "manual", "status": "accepted", "confidence": None, "start": None, "end": None,
                         "evidence": [], "memo": ""})
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    for r in rows:
        r["created_at"] = r["updated_at"] = now
    with project.transaction() as s:
        for i in range(0, len(rows), 20000):
            s.execute(CodingRow.__table__.insert(), rows[i : i + 20000])
    assert PassageRow  # the table the positions come from
    project.close()


def timed(fn, repeat: int = 5) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--project", type=Path, default=None)
    args = parser.parse_args()
    from analysis.query import QueryIndex, cooccurrence, matrix

    with tempfile.TemporaryDirectory() as tmp:
        location = args.project or Path(tmp) / "bench-query"
        if not (location / "duiding.sqlite").exists():
            t0 = time.perf_counter()
            build(location, args.passages)
            print(f"built {args.passages} passages with {3 * args.passages} codings in {time.perf_counter() - t0:.0f} s")
        project = Project.open(location)
        rows: list[tuple[str, float, float, str]] = []
        med, worst, index = timed(lambda: QueryIndex.from_project(project), repeat=3)
        rows.append(("load the query index (once per data version)", med, worst, f"{len(index.positions)} passages, {len(index.codings)} codings"))
        for q in [
            "toegang AND werkdruk",
            "toegang NOT wachttijden",
            "(maatwerk OR preventie) AND NOT knelpunt",
            "samenwerking NEAR/2 werkdruk",
            "toegang OVERLAPS knelpunt",
            "toegang AND wachttijden WHERE respondent_group = mantelzorger AND municipality = Oosterzande",
            "werkdruk WHERE respondent_group != medewerker AND age_group IN (\"65-74\", \"75+\")",
            "regie WHERE coder = anne",
            'toegang AND TEXT "wachtlijst"',
        ]:
            med, worst, result = timed(lambda q=q: index.run(q))
            rows.append((f"`{q}`", med, worst, f"{len(result)} passages"))
        for field, count in [("respondent_group", "passages"), ("age_group", "participants"), ("municipality", "sources"), ("coder", "passages")]:
            med, worst, result = timed(lambda f=field, c=count: matrix(index, "bench", f).table(c))
            rows.append((f"matrix codes × {field} ({count})", med, worst, f"{result.shape[0]}×{result.shape[1]}"))
        med, worst, _ = timed(lambda: cooccurrence(index, "bench").table())
        rows.append(("co-occurrence table (12 codes)", med, worst, ""))
        big = index.run("toegang OR maatwerk")
        med, worst, _ = timed(lambda: project.save_passage_set("bench-set", big.passage_ids), repeat=3)
        rows.append(("save a result as a set", med, worst, f"{len(big)} passages"))
        project.close()
    print("\n| what | median (s) | max (s) | result |\n|---|---:|---:|---|")
    for what, med, worst, note in rows:
        print(f"| {what} | {med:.3f} | {worst:.3f} | {note} |")


if __name__ == "__main__":
    main()
