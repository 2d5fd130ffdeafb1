"""Project-specific lists the researcher maintains: names and places to replace, words to keep.

YAML (``pseudoniemen-lijst.yaml`` beside the project)::

    namen:            # always replaced, wherever they occur (whole words)
      - Jansen
      - Piet de Vries
    plaatsen:         # small places, wijken, buurten that would identify someone
      - Kerkdorp
      - De Esch
    behouden:         # never replaced, even when deduce or a rule thinks so
      - Lindewaard
      - De Kern
    plaatsen_vervangen: false   # true: also replace every place name deduce recognises

or CSV with the columns ``soort`` (naam, plaats, behouden) and ``tekst``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DuidingError, display_name
from ..yamlsafe import YamlError, load_yaml
from .rules import Hit

_KIND_ALIASES = {
    "naam": "names",
    "namen": "names",
    "persoon": "names",
    "personen": "names",
    "name": "names",
    "names": "names",
    "plaats": "places",
    "plaatsen": "places",
    "place": "places",
    "places": "places",
    "locatie": "places",
    "wijk": "places",
    "wijken": "places",
    "buurt": "places",
    "buurten": "places",
    "behouden": "keep",
    "behoud": "keep",
    "houden": "keep",
    "keep": "keep",
    "uitzondering": "keep",
    "uitzonderingen": "keep",
}


class ListError(DuidingError, ValueError):
    """A list file that cannot be read (the message names the file and the problem)."""

    default_key = "privacy.list_invalid"


def normalise(value: str) -> str:
    """Compare form: case-folded, single spaces, no surrounding punctuation."""
    return " ".join(value.replace("’", "'").split()).strip(" .,;:").casefold()


@dataclass(slots=True)
class ProjectLists:
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    replace_places: bool = False
    path: Path | None = None

    def __post_init__(self) -> None:
        self.names = _clean(self.names)
        self.places = _clean(self.places)
        self.keep = _clean(self.keep)

    @property
    def keep_keys(self) -> frozenset[str]:
        return frozenset(normalise(k) for k in self.keep)

    def find(self, text: str) -> list[Hit]:
        """Occurrences of listed names (PERSOON) and places (PLAATS) as whole words."""
        hits: list[Hit] = []
        for kind, values in (("PERSOON", self.names), ("PLAATS", self.places)):
            pattern = entries_pattern(values)
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                hits.append(Hit(m.start(), m.end(), kind, m.group(), "lijst"))
        return hits


def entries_pattern(values: list[str]) -> re.Pattern[str] | None:
    """Whole-word matcher; the first letter of each word may differ in case, the rest must match."""
    if not values:
        return None
    alternatives = []
    for value in sorted(set(values), key=lambda v: (-len(v), v)):  # longest first; ties by text, not set order
        words = value.split()
        parts = []
        for w in words:
            head, tail = w[0], w[1:]
            first = f"[{re.escape(head.lower())}{re.escape(head.upper())}]" if head.isalpha() else re.escape(head)
            parts.append(first + re.escape(tail))
        alternatives.append(r"\s+".join(parts))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _clean(values) -> list[str]:
    out = []
    for v in values or []:
        if v is None:
            continue
        v = " ".join(str(v).split())
        if v:
            out.append(v)
    return list(dict.fromkeys(out))


def load_lists(path: str | Path) -> ProjectLists:
    """Read a YAML or CSV list file (see the module docstring)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ListError("privacy.list_not_found", file=display_name(path)).english(
            f"{path}: list file not found"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ListError("privacy.list_unreadable", file=display_name(path)).english(
            f"{path}: cannot read the list file ({exc})"
        ) from None
    if path.suffix.lower() == ".csv":
        return _from_csv(path, raw)
    try:
        data = load_yaml(raw, source=str(path)) or {}
    except YamlError as exc:
        raise ListError(exc.key, **exc.params).english(str(exc)) from None
    if not isinstance(data, dict):
        raise ListError("privacy.list_shape", file=display_name(path)).english(
            f"{path}: expected a mapping with namen, plaatsen and behouden"
        )
    buckets: dict[str, list[str]] = {"names": [], "places": [], "keep": []}
    replace_places = False
    for key, value in data.items():
        k = str(key).strip().lower()
        if k in ("plaatsen_vervangen", "replace_places"):
            replace_places = bool(value)
            continue
        if k not in _KIND_ALIASES:
            raise ListError("privacy.list_unknown_key", file=display_name(path), key_name=key).english(
                f"{path}: unknown key {key!r}; expected namen, plaatsen, behouden or plaatsen_vervangen"
            )
        if value is None:
            continue
        if not isinstance(value, list):
            raise ListError("privacy.list_not_list", file=display_name(path), key_name=key).english(
                f"{path}: {key!r} must be a list of texts"
            )
        buckets[_KIND_ALIASES[k]].extend(str(v) for v in value if v is not None)
    return ProjectLists(buckets["names"], buckets["places"], buckets["keep"], replace_places, path)


def _from_csv(path: Path, raw: str) -> ProjectLists:
    sample = raw[:2000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(raw), dialect=dialect)
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    kind_col = fields.get("soort") or fields.get("kind") or fields.get("type")
    text_col = fields.get("tekst") or fields.get("text") or fields.get("waarde") or fields.get("value")
    if not kind_col or not text_col:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise ListError("privacy.list_columns", file=display_name(path), found=found).english(
            f"{path}: expected the columns soort and tekst (found: {found})"
        )
    buckets: dict[str, list[str]] = {"names": [], "places": [], "keep": []}
    for line, row in enumerate(reader, start=2):
        kind = (row.get(kind_col) or "").strip().lower()
        value = (row.get(text_col) or "").strip()
        if not kind and not value:
            continue
        if kind not in _KIND_ALIASES:
            raise ListError("privacy.list_unknown_kind", file=display_name(path), line=line, kind=kind).english(
                f"{path}, line {line}: unknown soort {kind!r}; expected naam, plaats or behouden"
            )
        if value:
            buckets[_KIND_ALIASES[kind]].append(value)
    return ProjectLists(buckets["names"], buckets["places"], buckets["keep"], False, path)
