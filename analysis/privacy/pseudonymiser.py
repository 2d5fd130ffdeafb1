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
from .detect import deduce_error, get_deduce
from .detect import deduce_hits as _deduce_hits
from .key import PseudonymKey
from .lists import ProjectLists, entries_pattern, normalise
from .rules import PLACEHOLDER, PRIORITY, TITLES, TUSSENVOEGSELS, Hit, find_rule_hits


class PrivacyError(RuntimeError):
    """Pseudonymisation cannot be carried out (the message says why)."""


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
                    raise PrivacyError(message)
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
        if not result.replacements:
            return source, list(passages), result
        new_passages = map_passages(passages, result)
        if new_passages is None:
            from ..corpus.segment import segment

            new_passages = segment(result.text, kind=source.kind)
        metadata = dict(source.metadata)
        metadata["pseudonimisering"] = {
            "methode": self.method,
            "vervangen": dict(sorted(result.counts.items())),
            "sleutel": str(self.key.path) if self.key.path else None,
        }
        new_source = replace(
            source,
            text=result.text,
            name=result.apply_to(source.name) or source.name,
            participant=result.apply_to(source.participant),
            metadata=metadata,
        )
        return new_source, new_passages, result

    def __call__(self, source: Source, passages: list[Passage]) -> tuple[Source, list[Passage]]:
        """The ``transform`` hook of :func:`analysis.corpus.batch.ingest_paths`."""
        new_source, new_passages, _ = self.pseudonymise_source(source, passages)
        return new_source, new_passages


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
