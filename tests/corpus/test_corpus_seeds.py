"""Ingest the real (PDF-extracted, OCR-damaged) reports in ../shared/seeds."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analysis.corpus import HARD_MAX, ingest_file
from analysis.domain import Passage, Source, SourceKind

SEED_NAMES = [
    "almelo-raadsbrief-2018.txt",
    "berkelland-rekenkamer-2025.txt",
    "deventer-collegereactie-2025.txt",
    "deventer-rekenkamer-2025.txt",
    "enschede-rekenkamercommissie-2019.txt",
]
_cache: dict[Path, tuple[Source, list[Passage]]] = {}


def ingest(path: Path) -> tuple[Source, list[Passage]]:
    if path not in _cache:
        _cache[path] = ingest_file(path)
    return _cache[path]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_every_seed_file_is_covered(seeds_dir: Path) -> None:
    # new seed files get the generic checks below automatically
    assert set(SEED_NAMES) <= {p.name for p in seeds_dir.glob("*.txt")}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_passages_round_trip(seeds_dir: Path, name: str) -> None:
    source, passages = ingest(seeds_dir / name)
    assert source.kind is SourceKind.REPORT or source.kind is SourceKind.STORY
    assert len(passages) >= 5
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    for p in passages:
        assert source.text[p.start : p.end] == p.text
        assert p.text.strip() == p.text and re.search(r"\w", p.text)
        assert len(p.text) <= HARD_MAX
        assert p.speaker is None


def test_all_seed_files_ingest(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        source, passages = ingest(path)
        assert passages, path.name
        assert all(source.text[p.start : p.end] == p.text for p in passages)


def test_page_footers_and_numbers_are_gone(seeds_dir: Path) -> None:
    raw = (seeds_dir / "deventer-rekenkamer-2025.txt").read_text(encoding="utf-8")
    assert raw.count("B&A. Doen wat werkt") >= 3  # the test means something
    source, passages = ingest(seeds_dir / "deventer-rekenkamer-2025.txt")
    assert "B&A" not in source.text
    assert not any(p.text.isdigit() for p in passages)
    assert not any(line.strip() in {"-", "29", "49", "53"} for line in source.text.split("\n"))


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("enschede-rekenkamercommissie-2019.txt", "eveneens landelijke wet- en regelgeving die de randvoorwaarden"),
        (
            "enschede-rekenkamercommissie-2019.txt",
            "de applicatie gebruikt voor de informatie-uitwisseling met zorgaanbieders",
        ),
        ("enschede-rekenkamercommissie-2019.txt", "maakt de zogenaamde A3-methodiek"),
        ("enschede-rekenkamercommissie-2019.txt", "evalueren en leren (Plan-Do-Check-Act-cyclus)"),
        ("enschede-rekenkamercommissie-2019.txt", "contact tussen frontofficemedewerkers en wijkcoaches"),
        ("deventer-rekenkamer-2025.txt", "de uitgaven aan Wmo-maatwerkvoorzieningen"),
        ("deventer-rekenkamer-2025.txt", "zijn intervisie en casuistiekbesprekingen ingebed"),
        ("deventer-rekenkamer-2025.txt", "binnen de beschikbare uren van de VET-medewerkers"),
        ("deventer-rekenkamer-2025.txt", "aanpak van Wmo-coaches en VET-medewerkers"),
    ],
)
def test_hyphenation_repairs_sit_inside_one_passage(seeds_dir: Path, name: str, phrase: str) -> None:
    _, passages = ingest(seeds_dir / name)
    assert any(phrase in squash(p.text) for p in passages), phrase


@pytest.mark.parametrize("name", ["deventer-rekenkamer-2025.txt", "enschede-rekenkamercommissie-2019.txt"])
def test_no_unrepaired_line_break_hyphenation(seeds_dir: Path, name: str) -> None:
    source, passages = ingest(seeds_dir / name)
    assert not re.search(r"[a-zë]-\n[a-z]", source.text)
    for p in passages:
        # a passage ending in 'ondersteu-' whose next passage goes on with 'ning' would cut a word
        # (the source does contain scrambled table cells such as 'Een-na-' before 'Datum ...')
        following = source.text[p.end : p.end + 40].lstrip()
        assert not (re.search(r"[a-z]-$", p.text) and following[:1].islower()), p.text[-60:]


def test_hard_wrapped_lines_are_joined(seeds_dir: Path) -> None:
    source, _ = ingest(seeds_dir / "deventer-rekenkamer-2025.txt")
    assert (
        "De transitie naar het Team Toegang Wmo en de Voor Elkaar Teams (VET) is gerealiseerd: er zijn twee "
        "gescheiden teams ingericht met ieder hun eigen rol." in source.text
    )


def test_table_of_contents_does_not_explode(seeds_dir: Path) -> None:
    source, passages = ingest(seeds_dir / "berkelland-rekenkamer-2025.txt")
    assert "Voorwoord\t3" not in source.text and "Inhoudsopgave" not in source.text
    tiny = [p for p in passages if len(p.text) < 40]
    assert len(tiny) <= 0.05 * len(passages)
    # the section headings themselves are still there, as part of their sections
    assert any(p.text.startswith("2.1 Kaders en sturing") for p in passages)


def test_gold_paragraphs_start_inside_one_passage(shared_dir: Path, seeds_dir: Path) -> None:
    _, passages = ingest(seeds_dir / "deventer-rekenkamer-2025.txt")
    texts = [squash(p.text) for p in passages]
    with (shared_dir / "eval" / "deventer_uitgangspunten_gold.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        first_sentence = re.split(r"(?<=[.!?])\s", squash(row["text"]), maxsplit=1)[0]
        assert any(first_sentence in t for t in texts), row["line"]
