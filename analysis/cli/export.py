"""``duiding export passages|sources|codings``: machine-readable exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer

from .common import ProjectOption, console, open_project, write_records

app = typer.Typer(no_args_is_help=True)

PASSAGE_FIELDS = ("source_id", "source_name", "municipality", "kind", "speaker", "role", "start", "end", "text", "heading", "question")
SOURCE_FIELDS = ("id", "name", "kind", "municipality", "metadata", "text")
CODING_FIELDS = ("source_id", "source_name", "start", "end", "text", "code_id", "code_name", "coder", "status")

FormatOption = typer.Option("jsonl", "--format", "-f", help="jsonl or csv.")
OutOption = typer.Option(None, "--out", "-o", help="Output file (default: standard output).")


@app.command("passages")
def passages_(project: str | None = ProjectOption, fmt: str = FormatOption, target: Path | None = OutOption) -> None:
    """All passages with their source and offsets into the source text."""
    p = open_project(project)

    def rows() -> Iterator[dict]:
        for batch in p.iter_passages():
            for r in batch:
                yield {
                    "source_id": r.source_id,
                    "source_name": r.source_name,
                    "municipality": r.municipality,
                    "kind": r.kind.value,
                    "speaker": r.speaker,
                    "role": r.role,
                    "start": r.start,
                    "end": r.end,
                    "text": r.text,
                    "heading": r.heading,  # verslagen: heading path and table question
                    "question": r.question,
                }

    n = write_records(rows(), fmt, PASSAGE_FIELDS, target)
    console.print(f"{n} passages exported.", highlight=False)


@app.command("sources")
def sources_(project: str | None = ProjectOption, fmt: str = FormatOption, target: Path | None = OutOption) -> None:
    """All sources with metadata and the full stored text that passage offsets point into."""
    p = open_project(project)

    def rows() -> Iterator[dict]:
        for s in p.sources():
            meta = dict(s.metadata)
            for key in ("study", "participant", "respondent_group", "date", "path", "checksum"):
                value = getattr(s, key)
                if value is not None:
                    meta.setdefault(key, value)
            yield {"id": s.id, "name": s.name, "kind": s.kind.value, "municipality": s.municipality, "metadata": meta, "text": s.text}

    n = write_records(rows(), fmt, SOURCE_FIELDS, target)
    console.print(f"{n} sources exported.", highlight=False)


@app.command("codings")
def codings_(
    project: str | None = ProjectOption,
    fmt: str = FormatOption,
    target: Path | None = OutOption,
    status: str | None = typer.Option(None, help="Only codings with this status (accepted, suggested, rejected)."),
) -> None:
    """All codings with offsets into the stored source text."""
    p = open_project(project)
    names = {(cb.id, c.id): c.name for cb in p.codebooks() for c in cb.codes}
    sources: dict[int, str] = {}

    def rows() -> Iterator[dict]:
        codings = p.codings(status=status)
        by_passage: dict[int, list] = {}
        for c in codings:
            by_passage.setdefault(c.passage_id, []).append(c)
        for batch in p.iter_passages():
            for rec in batch:
                for c in by_passage.get(rec.id, []):
                    start = rec.start if c.start is None else c.start
                    end = rec.end if c.end is None else c.end
                    if rec.source_id not in sources:
                        sources[rec.source_id] = p.get_source(rec.source_id).text
                    yield {
                        "source_id": rec.source_id,
                        "source_name": rec.source_name,
                        "start": start,
                        "end": end,
                        "text": sources[rec.source_id][start:end],
                        "code_id": c.code_id,
                        "code_name": names.get((c.codebook_id, c.code_id), c.code_id),
                        "codebook_id": c.codebook_id,
                        "coder": c.coder,
                        "status": c.status.value,
                    }

    n = write_records(rows(), fmt, CODING_FIELDS, target)
    console.print(f"{n} codings exported.", highlight=False)
