"""The pseudonym key: which placeholder stands for which original, kept outside the database.

A JSON file the researcher controls (default ``<project folder>/pseudoniemen-sleutel.json``).
The same original always gets the same placeholder, project-wide and across runs, because
every run reads the key, adds what is new and writes it back under a file lock. Whoever
holds the key can undo the pseudonymisation: keep it apart from the project when sharing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import DuidingError, display_name
from .lists import normalise
from .rules import KINDS, TITLES, TUSSENVOEGSELS

VERSION = 1
NOTE = (
    "Sleutel van de pseudonimisering: per vervangende code de oorspronkelijke tekst. "
    "Bewaar dit bestand apart van het project en deel het niet: wie het heeft, kan de pseudonimisering terugdraaien."
)


class PseudonymKeyError(DuidingError, ValueError):
    """A key file that cannot be read or written (the message names the file)."""

    default_key = "privacy.key_invalid"


def original_key(kind: str, original: str) -> str:
    """The form under which an original is looked up: same person/number -> same key."""
    if kind in ("TELEFOON", "BSN"):
        digits = re.sub(r"\D", "", original)
        if kind == "TELEFOON":
            if digits.startswith("0031"):
                digits = "0" + digits[4:]
            elif digits.startswith("31") and len(digits) >= 11:
                digits = "0" + digits[2:]
            digits = digits.replace("00", "0", 1) if digits.startswith("00") else digits
        return digits.lstrip("0") if kind == "BSN" else digits
    if kind == "POSTCODE":
        return re.sub(r"\s", "", original).upper()
    value = normalise(original)
    if kind == "PERSOON":
        words = value.replace(".", ". ").split()
        while words and words[0].rstrip(".") in TITLES:
            words.pop(0)
        if len(words) > 1 and words[0] == "de" and words[1] == "heer":
            words = words[2:]
        value = " ".join(w for w in words if w)
        value = re.sub(r"\.\s+", ".", value)
        if value.endswith("'s") and len(value) > 3:
            value = value[:-2]
        value = value.strip(" ,")
    return value


def _why(exc: BaseException) -> str:
    """The reason of ``exc`` without the file's full path (an OSError's text names it)."""
    return getattr(exc, "strerror", None) or str(exc)


class PseudonymKey:
    """Placeholder <-> original, persisted as JSON."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, dict[str, Any]] = {}
        self._index: dict[tuple[str, str], str] = {}
        self._counters: dict[str, int] = {k: 0 for k in KINDS}
        if self.path is not None and self.path.exists():
            self.reload()

    # -- reading and writing -------------------------------------------------------------
    def reload(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PseudonymKeyError("privacy.key_unreadable", file=display_name(self.path), detail=_why(exc)).english(
                f"{self.path}: cannot read the pseudonym key ({exc})"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("sleutel"), dict):
            raise PseudonymKeyError("privacy.key_not_key", file=display_name(self.path)).english(
                f"{self.path}: not a Duiding pseudonym key (no 'sleutel' mapping)"
            )
        self.entries = {}
        self._index = {}
        self._counters = {k: 0 for k in KINDS}
        for placeholder, entry in data["sleutel"].items():
            m = re.fullmatch(r"\[([A-Z]+)-(\d+)\]", placeholder)
            if m is None or not isinstance(entry, dict):
                raise PseudonymKeyError("privacy.key_malformed", file=display_name(self.path), entry=placeholder).english(
                    f"{self.path}: malformed entry {placeholder!r}"
                )
            kind, n = m.group(1), int(m.group(2))
            self.entries[placeholder] = entry
            self._counters[kind] = max(self._counters.get(kind, 0), n)
            for variant in [entry.get("origineel", ""), *entry.get("varianten", [])]:
                if variant:
                    self._index[(kind, original_key(kind, variant))] = placeholder

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "toelichting": NOTE,
            "versie": VERSION,
            "bijgewerkt": datetime.now(UTC).isoformat(timespec="seconds"),
            "sleutel": self.entries,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sleutel-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise PseudonymKeyError("privacy.key_unwritable", file=display_name(self.path), detail=_why(exc)).english(
                f"{self.path}: cannot write the pseudonym key ({exc})"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[PseudonymKey]:
        """Lock the key file, re-read it, let the caller add placeholders, write it back."""
        if self.path is None:
            yield self
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _file_lock(self.path.with_name(self.path.name + ".lock")):
            self.reload()
            yield self
            self.save()

    # -- lookups -----------------------------------------------------------------------------
    def placeholder(self, kind: str, original: str) -> str:
        """The placeholder for ``original`` (a new one the first time it is seen)."""
        key = (kind, original_key(kind, original))
        found = self._index.get(key)
        if found is None and kind == "PERSOON":
            found = self._same_person(key[1])
            if found is not None:
                self._index[key] = found
        if found is not None:
            entry = self.entries[found]
            if original != entry.get("origineel") and original not in entry.setdefault("varianten", []):
                entry["varianten"].append(original)
            return found
        self._counters[kind] = self._counters.get(kind, 0) + 1
        placeholder = f"[{kind}-{self._counters[kind]}]"
        self.entries[placeholder] = {"soort": kind, "origineel": original, "varianten": []}
        self._index[key] = placeholder
        return placeholder

    def _same_person(self, value: str) -> str | None:
        """One person, one placeholder: 'mevrouw El Amrani' is the 'Fatima el Amrani' already seen (and the
        other way round), when the surname names exactly one known person; two known Jansens stay apart."""
        words = value.split()
        if not words:
            return None
        found: set[str] = set()
        for (kind, known), placeholder in self._index.items():
            if kind != "PERSOON" or known == value:
                continue
            short, long = (value, known) if len(value) < len(known) else (known, value)
            if not long.endswith(short) or long[-len(short) - 1] not in " .":  # 'w.van deurzen' ends in 'van deurzen'
                continue
            if all(w in TUSSENVOEGSELS for w in short.split()):
                continue
            found.add(placeholder)
        return found.pop() if len(found) == 1 else None

    def original(self, placeholder: str) -> str | None:
        entry = self.entries.get(placeholder)
        return None if entry is None else entry.get("origineel")

    def reverse(self, text: str) -> str:
        """Put the originals back into a pseudonymised text (for the researcher only)."""
        return re.sub(r"\[[A-Z]+-\d+\]", lambda m: self.original(m.group()) or m.group(), text)

    def __len__(self) -> int:
        return len(self.entries)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    fh = open(path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            locked = "fcntl"
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
            locked = "msvcrt"
        try:
            yield
        finally:
            if locked == "fcntl":
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            else:  # pragma: no cover - Windows
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    finally:
        fh.close()
