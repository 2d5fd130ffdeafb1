"""What the theme model accepts as a passage, and a reader for plain-text folders.

:func:`as_theme_passages` takes strings, :class:`analysis.domain.Passage`,
:class:`analysis.domain.PassageRecord` (the store's rows, with municipality,
kind, respondent group and date), mappings, or :class:`ThemePassage`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "CLASS_FIELDS",
    "PassageLike",
    "ThemePassage",
    "as_theme_passages",
    "passages_from_text_files",
]

#: Passage attributes usable by name in ``per_class`` / ``over_time``.
CLASS_FIELDS = ("municipality", "kind", "respondent_group", "source_name", "speaker", "date", "study", "participant")


@runtime_checkable
class PassageLike(Protocol):
    """Anything with a ``text``; ``id`` and the class attributes are read when present."""

    text: str


@dataclass(slots=True)
class ThemePassage:
    """A passage as the theme model sees it: text, id and the attributes for breakdowns."""

    text: str
    id: int | str | None = None
    municipality: str | None = None
    kind: str | None = None
    respondent_group: str | None = None
    source_name: str | None = None
    speaker: str | None = None
    date: str | None = None
    study: str | None = None
    participant: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        """A class attribute by name (also ``attributes`` keys such as ``age_group``, ``wijk``)."""
        if name in CLASS_FIELDS:
            return getattr(self, name)
        raw = self.attributes.get(name)
        return None if raw is None else str(raw)


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    text = str(value).strip()
    return text or None


def as_theme_passages(passages: Iterable[Any]) -> list[ThemePassage]:
    """Normalise the accepted passage kinds to :class:`ThemePassage` (ids default to positions)."""
    out: list[ThemePassage] = []
    for i, item in enumerate(passages):
        if isinstance(item, ThemePassage):
            p = item
        elif isinstance(item, str):
            p = ThemePassage(text=item)
        elif isinstance(item, Mapping):
            if "text" not in item:
                raise TypeError(f"passage {i} is a mapping without a 'text' key")
            known = {k: item.get(k) for k in ("id", *CLASS_FIELDS)}
            attrs = dict(item.get("attributes") or {})
            p = ThemePassage(
                text=str(item["text"]),
                id=known["id"],
                **{k: _plain(known[k]) for k in CLASS_FIELDS},
                attributes=attrs,
            )
        elif hasattr(item, "text"):
            p = ThemePassage(
                text=str(item.text),
                id=getattr(item, "id", None),
                **{k: _plain(getattr(item, k, None)) for k in CLASS_FIELDS},
                attributes=dict(getattr(item, "attributes", None) or {}),
            )
        else:
            raise TypeError(f"passage {i} is a {type(item).__name__}; expected a str or an object with a 'text'")
        if p.id is None:
            p = ThemePassage(
                text=p.text,
                id=i,
                municipality=p.municipality,
                kind=p.kind,
                respondent_group=p.respondent_group,
                source_name=p.source_name,
                speaker=p.speaker,
                date=p.date,
                study=p.study,
                participant=p.participant,
                attributes=p.attributes,
            )
        out.append(p)
    return out


_BLANK = re.compile(r"\n[ \t]*\n")


def passages_from_text_files(
    paths: Iterable[str | Path],
    *,
    municipality_from_name: bool = True,
    min_chars: int = 40,
) -> list[ThemePassage]:
    """Passages from plain-text files, for benchmarks and quick looks without a project.

    Uses the ingestion of :mod:`analysis.corpus` (``ingest_file``) when it is
    available; otherwise splits on blank lines and joins hard-wrapped lines.
    Lines starting with ``#`` (file headers) are skipped. ``municipality`` is
    the first ``-``/``_`` part of the file name (``deventer-rekenkamer-2025``)
    or the parent folder for files in ``corpora/demo/<gemeente>/``.
    """
    try:  # the lead's ingestion, when present
        from analysis.corpus import ingest_file  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the state of analysis.corpus
        ingest_file = None
    out: list[ThemePassage] = []
    for raw_path in paths:
        path = Path(raw_path)
        muni: str | None = None
        if municipality_from_name:
            parent = path.parent.name
            muni = parent if parent not in ("seeds", "demo", "") and path.parent.parent.name == "demo" else None
            muni = muni or re.split(r"[-_]", path.stem)[0]
        muni = muni.capitalize() if muni else None
        segments: list[tuple[str, str | None]] = []
        kind: str | None = None
        if ingest_file is not None:
            source, passages = ingest_file(path)
            kind = getattr(source.kind, "value", source.kind)
            segments = [(p.text, p.speaker) for p in passages]
        else:
            text = path.read_text(encoding="utf-8")
            text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
            for block in _BLANK.split(text):
                segments.append((" ".join(block.split()), None))
        for j, (text, speaker) in enumerate(segments):
            if len(text) < min_chars or all(
                line.lstrip().startswith("#") for line in text.splitlines() if line.strip()
            ):
                continue
            out.append(
                ThemePassage(
                    text=text,
                    id=f"{path.name}#{j}",
                    municipality=muni,
                    kind=kind,
                    source_name=path.name,
                    speaker=speaker,
                )
            )
    return out
