"""Find identifiers, replace them with consistent placeholders, keep offsets exact.

Detections come from deduce (when importable), our rules (:mod:`.rules`), the
project's lists (:mod:`.lists`) and the speaker labels of a transcript. Overlapping
detections are merged into one span; words on the keep list and (by default) plain
place names are left alone. Every replacement records where it was and where it is,
so passages, coding spans and evidence can be moved onto the new text.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..domain import Passage, Source
from ..errors import DuidingError
from .detect import deduce_error, get_deduce
from .detect import deduce_hits as _deduce_hits
from .key import PseudonymKey
from .lists import ProjectLists, entries_pattern, normalise
from .rules import PLACEHOLDER, PRIORITY, TITLES, TUSSENVOEGSELS, Hit, find_rule_hits


class PrivacyError(DuidingError, RuntimeError):
    """Pseudonymisation cannot be carried out (the message says why)."""

    default_key = "privacy.failed"


class PseudonymisationWarning(UserWarning):
    """Pseudonymisation runs with less than the full set of detectors."""


@dataclass(frozen=True, slots=True)
class Replacement:
    start: int  # in the original text
    end: int
    new_start: int  # in the pseudonymised text
    new_end: int
    kind: str
    original: str
    placeholder: str
    origin: str


@dataclass(slots=True)
class Pseudonymised:
    text: str
    replacements: list[Replacement] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.kind for r in self.replacements)

    def map_offset(self, pos: int, side: str = "start") -> int:
        """An offset in the original text -> the offset in the new text.

        Inside a replaced span a ``start`` goes to the placeholder's start and an ``end``
        to its end, so a span that cut through a name now covers its placeholder.
        """
        reps = self.replacements
        i = bisect.bisect_right([r.start for r in reps], pos) - 1
        if i < 0:
            return pos
        r = reps[i]
        if pos >= r.end:
            return pos + (r.new_end - r.end)
        if pos == r.start:
            return r.new_start
        return r.new_start if side == "start" else r.new_end

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        return self.map_offset(start, "start"), self.map_offset(end, "end")

    def apply_to(self, value: str | None) -> str | None:
        """Replace the originals found in the text wherever they occur in ``value`` (a file name, a label)."""
        if not value or not self.replacements:
            return value

        def norm(v: str) -> str:
            return " ".join(re.split(r"[\s_]+|(?<=\w)[-.](?=\w)", v)).casefold()

        mapping: dict[str, str] = {}
        for r in self.replacements:
            mapping.setdefault(norm(r.original), r.placeholder)
        # words may be joined by spaces, '_', '-' or '.' ('interview_van-der-meer.docx');
        # letters and digits bound a match, '_' and '-' do not
        alternatives = "|".join(
            r"[\s_.-]+".join(re.escape(w) for w in o.split()) for o in sorted(mapping, key=len, reverse=True)
        )
        pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])", re.IGNORECASE)
        return pattern.sub(lambda m: mapping.get(norm(m.group()), m.group()), value)


_ROLE_CODE = re.compile(r"(?:[A-Z]{1,3}\d{0,3}|[A-Za-z]+\.?\s*\d{1,3})")


def speaker_names(passages: Iterable[Passage]) -> list[str]:
    """Speaker labels that are personal names ('Annemiek (huisarts)' -> 'Annemiek'), not roles ('R2', 'Interviewer')."""
    from ..corpus.speakers import ROLE_WORDS

    names: list[str] = []
    for label in dict.fromkeys(p.speaker for p in passages if p.speaker):
        base = re.sub(r"\s*\([^)]*\)\s*$", "", label).strip()
        if not base or _ROLE_CODE.fullmatch(base):
            continue
        words = base.split()
        while words and words[0].lower().rstrip(".") in TITLES:
            words.pop(0)
        if not words:
            continue
        if all(w.lower().rstrip(".:") in ROLE_WORDS or w.isdigit() for w in words):
            continue
        if not any(w[:1].isupper() for w in words if w.lower() not in TUSSENVOEGSELS):
            continue
        names.append(" ".join(words))
    return names


class Pseudonymiser:
    """Replace identifying details with placeholders such as ``[PERSOON-1]``.

    ``key`` makes placeholders consistent (and is where the originals are kept);
    without one an in-memory key is used. ``use_deduce``: None = when installed (a
    :class:`PseudonymisationWarning` says so when it is not), False = rules and lists
    only, True = required. ``replace_places``: also replace every place name deduce
    finds (default: the lists' setting; listed places are always replaced).
    """

    def __init__(
        self,
        key: PseudonymKey | None = None,
        lists: ProjectLists | None = None,
        *,
        use_deduce: bool | None = None,
        replace_places: bool | None = None,
        keep: Iterable[str] = (),
    ) -> None:
        self.key = key if key is not None else PseudonymKey(None)
        self.lists = lists if lists is not None else ProjectLists()
        self.replace_places = self.lists.replace_places if replace_places is None else replace_places
        self.keep = set(self.lists.keep_keys) | {normalise(k) for k in keep if k}
        self.warnings: list[str] = []
        self.model = None
        if use_deduce is not False:
            self.model = get_deduce()
            if self.model is None:
                why = deduce_error() or "not installed"
                message = (
                    f"deduce is not available ({why}): pseudonymising with our rules and the project lists only; "
                    "names in running text that are not on the list and have no title (mevrouw, dhr.) are NOT found"
                )
                if use_deduce:
                    raise PrivacyError("privacy.deduce_unavailable", why=why).english(message)
                self.warnings.append(message)
                warnings.warn(message, PseudonymisationWarning, stacklevel=2)

    @property
    def method(self) -> str:
        return "deduce + regels + lijsten" if self.model is not None else "regels + lijsten"

    # -- detection ------------------------------------------------------------------------
    def detect(self, text: str, *, names: Sequence[str] = (), keep: Iterable[str] = ()) -> list[Hit]:
        """The spans that will be replaced, merged and sorted (nothing is replaced yet)."""
        hits = find_rule_hits(text) + self.lists.find(text)
        pattern = entries_pattern(list(names))
        if pattern is not None:
            hits += [Hit(m.start(), m.end(), "PERSOON", m.group(), "spreker") for m in pattern.finditer(text)]
        if self.model is not None:
            hits += _deduce_hits(text, self.model)
        return self._merge(text, hits, self.keep | {normalise(k) for k in keep if k})

    def _merge(self, text: str, hits: list[Hit], keep: set[str]) -> list[Hit]:
        protected = [m.span() for m in PLACEHOLDER.finditer(text)]
        places = {normalise(h.text) for h in hits if h.kind == "PLAATS"}
        kept: list[Hit] = []
        for h in hits:
            if h.end <= h.start or any(h.start < e and s < h.end for s, e in protected):
                continue
            key, core = normalise(h.text), _core(h.text)
            if key in keep or core in keep:
                continue
            if h.kind == "PLAATS" and h.origin != "lijst" and not self.replace_places:
                continue
            if h.kind == "PERSOON" and h.origin == "deduce" and core in places:
                continue  # 'inwoners van Deventer': a place deduce also took for a surname
            kept.append(h)
        kept.sort(key=lambda h: (h.start, -(h.end - h.start)))
        merged: list[Hit] = []
        cluster: list[Hit] = []
        end = -1
        for h in kept + [None]:  # type: ignore[list-item]
            if h is not None and cluster and h.start < end:
                cluster.append(h)
                end = max(end, h.end)
                continue
            if cluster:
                best = max(cluster, key=lambda c: (c.end - c.start, -PRIORITY[c.kind]))
                s, e = min(c.start for c in cluster), end
                merged.append(Hit(s, e, best.kind, text[s:e], best.origin))
            if h is not None:
                cluster, end = [h], h.end
        return merged

    # -- replacement ----------------------------------------------------------------------------
    def pseudonymise(self, text: str, *, names: Sequence[str] = (), keep: Iterable[str] = ()) -> Pseudonymised:
        """Replace every detected identifier; the key gets new placeholders as needed."""
        hits = self.detect(text, names=names, keep=keep)
        if not hits:
            return Pseudonymised(text, [])
        pieces: list[str] = []
        reps: list[Replacement] = []
        pos = 0
        length = 0
        with self.key.transaction() as key:
            for h in hits:
                placeholder = key.placeholder(h.kind, h.text)
                pieces.append(text[pos : h.start])
                length += h.start - pos
                reps.append(
                    Replacement(
                        h.start, h.end, length, length + len(placeholder), h.kind, h.text, placeholder, h.origin
                    )
                )
                pieces.append(placeholder)
                length += len(placeholder)
                pos = h.end
        pieces.append(text[pos:])
        return Pseudonymised("".join(pieces), reps)

    def pseudonymise_source(
        self, source: Source, passages: Sequence[Passage], *, keep: Iterable[str] = ()
    ) -> tuple[Source, list[Passage], Pseudonymised]:
        """A new source and passages on the pseudonymised text (offsets exact), plus the details.

        Passage boundaries are moved onto the new text, so segmentation, speakers and
        ordinals stay as they were; only when a replacement straddles two passages is the
        new text segmented afresh with :func:`analysis.corpus.segment`.
        """
        keep = [*keep, *([source.municipality] if source.municipality else [])]
        result = self.pseudonymise(source.text, names=speaker_names(passages), keep=keep)
        new_passages = map_passages(passages, result) if result.replacements else list(passages)
        if new_passages is None:
            from ..corpus.segment import segment

            new_passages = segment(result.text, kind=source.kind)
        # Outside the text too: the metadata (manifest columns, participant attributes), the participant's
        # label and the file path (folders are often named after the person) are pseudonymised.
        personal: list[Replacement] = []
        metadata = self.pseudonymise_values(source.metadata, result, keep=keep, collect=personal)
        # the names of personal columns (naam) also go wherever else they occur (the file name, its folder)
        result_all = Pseudonymised(result.text, [*result.replacements, *personal])
        if result.replacements or metadata != source.metadata:
            metadata["pseudonimisering"] = {
                "methode": self.method,
                "vervangen": dict(sorted(result.counts.items())),
                "sleutel": str(self.key.path) if self.key.path else None,
            }
        name = self.pseudonymise_value(source.name, result_all, keep=keep) or source.name
        new_source = replace(
            source,
            text=result.text,
            name=name,
            participant=self.pseudonymise_label(source.participant, result_all),
            path=name if source.path else source.path,  # never the original folders
            metadata=metadata,
        )
        return new_source, new_passages, result

    def pseudonymise_value(self, value: str | None, result: Pseudonymised | None = None, *, keep: Iterable[str] = ()) -> str | None:
        """A short text outside the source (a file name, a memo, an attribute): the names already replaced
        in the source, then whatever the detectors find in it."""
        if not value:
            return value
        if result is not None:
            value = result.apply_to(value) or value
        readable = re.sub(r"(?<=[^\W\d])_(?=[^\W\d])", " ", value)  # 'interview_jan_van_der_berg.txt'
        found = self.pseudonymise(readable, keep=keep)
        if not found.replacements:
            return value
        return found.text if readable == value else _restore_separators(value, readable, found)

    def pseudonymise_label(self, label: str | None, result: Pseudonymised | None = None) -> str | None:
        """A participant label: a placeholder when it is a person's name, else as it was (R-9, P12)."""
        if not label:
            return label
        label = (result.apply_to(label) if result is not None else label) or label
        if PLACEHOLDER.fullmatch(label):
            return label
        if speaker_names([Passage(0, 0, "", 0, label)]):
            with self.key.transaction() as key:
                return key.placeholder("PERSOON", label)
        return self.pseudonymise_value(label)

    def pseudonymise_values(
        self,
        values: dict,
        result: Pseudonymised | None = None,
        *,
        keep: Iterable[str] = (),
        collect: list[Replacement] | None = None,
    ) -> dict:
        """Metadata or attributes: columns that are personal data by name (naam, telefoon, e-mail, adres,
        geboortedatum, bsn) become a placeholder whole; other text values are searched like a short text."""
        out: dict = {}
        for key, value in values.items():
            if key in ("ingest", "pseudonimisering") or not isinstance(value, str) or not value.strip():
                out[key] = value
                continue
            kind = _PERSONAL_COLUMNS.get(normalise(str(key)).replace(" ", "_").replace("-", "_"))
            if kind is not None:
                with self.key.transaction() as k:
                    out[key] = k.placeholder(kind, value)
                if collect is not None:
                    collect.append(Replacement(0, 0, 0, 0, kind, value, out[key], "kolom"))
            else:
                out[key] = self.pseudonymise_value(value, result, keep=keep)
        return out

    def __call__(self, source: Source, passages: list[Passage]) -> tuple[Source, list[Passage]]:
        """The ``transform`` hook of :func:`analysis.corpus.batch.ingest_paths`."""
        new_source, new_passages, _ = self.pseudonymise_source(source, passages)
        return new_source, new_passages


_PERSONAL_COLUMNS = {
    **dict.fromkeys(
        ("naam", "name", "voornaam", "achternaam", "volledige_naam", "contactpersoon", "respondentnaam", "deelnemernaam"),
        "PERSOON",
    ),
    **dict.fromkeys(("telefoon", "telefoonnummer", "tel", "phone", "mobiel", "gsm"), "TELEFOON"),
    **dict.fromkeys(("email", "e_mail", "mail", "emailadres", "e_mailadres"), "EMAIL"),
    **dict.fromkeys(("adres", "address", "straat", "woonadres"), "ADRES"),
    **dict.fromkeys(("geboortedatum", "date_of_birth", "geb_datum"), "GEBOORTEDATUM"),
    **dict.fromkeys(("bsn", "burgerservicenummer"), "BSN"),
    **dict.fromkeys(("postcode",), "POSTCODE"),
}


def _restore_separators(original: str, readable: str, found: Pseudonymised) -> str:
    """``found`` (on ``readable``, where '_' between letters became spaces) with the untouched parts as in
    ``original`` (same length: only '_' and ' ' differ)."""
    out, pos = [], 0
    for r in found.replacements:
        out.append(original[pos : r.start])
        out.append(r.placeholder)
        pos = r.end
    out.append(original[pos:])
    return "".join(out)


def map_passages(passages: Sequence[Passage], result: Pseudonymised) -> list[Passage] | None:
    """Passages moved onto the new text; None when a replacement straddles two passages."""
    out: list[Passage] = []
    for p in passages:
        start, end = result.map_span(p.start, p.end)
        if end <= start or (out and start < out[-1].end):
            return None
        speaker = result.apply_to(p.speaker) if p.speaker else p.speaker
        out.append(
            Passage(
                start=start,
                end=end,
                text=result.text[start:end],
                ordinal=p.ordinal,
                speaker=speaker,
                source_id=p.source_id,
                id=p.id,
                heading=result.apply_to(p.heading) if p.heading else p.heading,
                question=result.apply_to(p.question) if p.question else p.question,
                role=p.role,  # a pseudonymised interviewer name stays the interviewer
            )
        )
    return out


def _core(value: str) -> str:
    words = normalise(value).split()
    while words and (words[0].rstrip(".") in TITLES or words[0] in TUSSENVOEGSELS):
        words.pop(0)
    return " ".join(words)
