"""The codebook side of themes: seed words, topic × code overlap, topic → new code.

* :func:`codebook_seed_topics` turns a codebook's codable codes into seed words
  for guided BERTopic (``ThemeModel.fit(passages, codebook=cb)``).
* :func:`topic_code_overlap` crosses a fitted model's topics with codings
  (accepted, or suggested) and flags which topics match a known code and
  which are new themes.
* :func:`topic_to_code` makes a new :class:`~analysis.domain.Code` from a
  topic: its keywords, example passages, a slug from its label that is unique
  in the codebook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.domain import Code, Codebook, Coding, CodingStatus, slugify

from .config import OUTLIER, ThemeError

if TYPE_CHECKING:
    from .model import ThemeModel

__all__ = ["codebook_seed_topics", "topic_code_overlap", "topic_to_code"]


def codebook_seed_topics(codebook: Codebook, *, include_axes: bool = False) -> dict[str, list[str]]:
    """Seed phrases per code: the code's keywords plus the words of its name.

    Non-codable codes (grouping parents) and codes on a second axis (``axis``
    set, e.g. the evaluative stance) are left out unless ``include_axes``.
    Codes without keywords are skipped.
    """
    out: dict[str, list[str]] = {}
    for code in codebook.codes:
        if not code.codable:
            continue
        if code.axis and not include_axes:
            continue
        words = [k for k in code.keywords if k and k.strip()]
        if not words:
            continue
        out[code.id] = [*words, code.name]
    return out


def _status_values(status: str | CodingStatus | Iterable[str | CodingStatus] | None) -> set[str] | None:
    if status is None:
        return None
    if isinstance(status, (str, CodingStatus)):
        status = [status]
    return {CodingStatus(s).value if not isinstance(s, CodingStatus) else s.value for s in status}


def topic_code_overlap(
    model: ThemeModel,
    codings: Iterable[Coding | Mapping[str, Any]],
    *,
    status: str | CodingStatus | Iterable[str | CodingStatus] | None = ("accepted", "suggested"),
    min_share: float = 0.3,
    min_lift: float = 1.5,
    min_count: int = 2,
) -> pd.DataFrame:
    """Topic × code table of coded passages, with a known/new verdict per topic.

    Counts are passages (not codings) of the topic that carry the code. For each
    topic the best code is the one with the largest share of the topic's coded
    passages; the topic *matches* it when that share is at least ``min_share``,
    the code is ``min_lift`` times more common among the topic's passages than
    among all modelled passages (so partial coding does not matter), and at
    least ``min_count`` passages support it. A topic that matches no code and
    did not grow from a codebook seed is a **new theme**.

    Returns one row per topic (outliers left out), indexed by topic id, with
    columns ``topic_label``, ``topic_size``, ``coded_passages``, one count column
    per code id, then ``best_code``, ``best_share``, ``best_lift``,
    ``matches_code``, ``seed_code`` and ``new_theme``.
    """
    allowed = _status_values(status)
    topic_of = {pid: t for pid, t, _ in model.assignments()}
    per_topic: dict[int, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    coded_in_topic: dict[int, set[Any]] = defaultdict(set)
    code_passages: dict[str, set[Any]] = defaultdict(set)
    codes_seen: list[str] = []
    for c in codings:
        if isinstance(c, Mapping):
            pid, code_id, st = c.get("passage_id"), c.get("code_id"), c.get("status", "accepted")
        else:
            pid, code_id, st = c.passage_id, c.code_id, c.status
        st_value = st.value if isinstance(st, CodingStatus) else str(st)
        if allowed is not None and st_value not in allowed:
            continue
        if st_value == CodingStatus.REJECTED.value:
            continue
        if pid not in topic_of or code_id is None:
            continue
        if code_id not in code_passages:
            codes_seen.append(str(code_id))
        code_passages[str(code_id)].add(pid)
        t = topic_of[pid]
        per_topic[t][str(code_id)].add(pid)
        coded_in_topic[t].add(pid)
    codes = sorted(codes_seen)
    n_total = max(len(topic_of), 1)
    rows: list[dict[str, Any]] = []
    for topic in model.topics():
        coded = len(coded_in_topic[topic.id])
        row: dict[str, Any] = {
            "topic": topic.id,
            "topic_label": topic.label,
            "topic_size": topic.size,
            "coded_passages": coded,
        }
        best_code, best_share, best_lift, best_count = None, 0.0, 0.0, 0
        for code in codes:
            count = len(per_topic[topic.id].get(code, ()))
            row[code] = count
            if coded == 0 or count == 0:
                continue
            share = count / coded
            base = len(code_passages[code]) / n_total
            lift = (count / max(topic.size, 1)) / base if base else 0.0
            if (share, lift) > (best_share, best_lift):  # ties keep the alphabetically first code
                best_code, best_share, best_lift, best_count = code, share, lift, count
        matches = (
            best_code is not None and best_share >= min_share and best_lift >= min_lift and best_count >= min_count
        )
        row.update(
            {
                "best_code": best_code,
                "best_share": round(best_share, 4),
                "best_lift": round(best_lift, 4),
                "matches_code": bool(matches),
                "seed_code": topic.seed_code,
                "new_theme": not matches and topic.seed_code is None,
            }
        )
        rows.append(row)
    columns = [
        "topic",
        "topic_label",
        "topic_size",
        "coded_passages",
        *codes,
        "best_code",
        "best_share",
        "best_lift",
        "matches_code",
        "seed_code",
        "new_theme",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.set_index("topic")


def _unique_slug(base: str, taken: set[str]) -> str:
    slug = slugify(base)[:60].strip("-") or "thema"
    if slug not in taken:
        return slug
    i = 2
    while f"{slug}-{i}" in taken:
        i += 1
    return f"{slug}-{i}"


def _shorten(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def topic_to_code(
    model: ThemeModel,
    topic_id: int,
    codebook: Codebook,
    *,
    parent: str | None = None,
    n_keywords: int = 10,
    n_examples: int = 3,
) -> Code:
    """A new code for a topic: name from its label, keywords, example passages.

    The id is a slug of the label, made unique in ``codebook`` (``-2``, ``-3``
    …). The code is returned, not added: add it with
    ``project.add_code(codebook.id, code)`` (or ``codebook.codes.append``).
    """
    if topic_id == OUTLIER:
        raise ThemeError("themes.outlier_not_a_theme")
    topic = model.topic(topic_id)
    if parent is not None:
        codebook.code(parent)  # KeyError names the codebook and the missing code
    taken = {c.id for c in codebook.codes}
    keywords = list(dict.fromkeys(w for w in topic.words if w))[:n_keywords]
    if not keywords:
        raise ThemeError("themes.topic_without_keywords", topic=topic_id)
    name = topic.label[:1].upper() + topic.label[1:]
    slug = _unique_slug("-".join(re.split(r",\s*", topic.label)[:3]), taken)
    examples = [_shorten(t) for t in topic.representatives[:n_examples]]
    definition = (
        f"Thema gevonden met topic modelling (topic {topic.id}, {topic.size} passages). "
        f"Passages over: {', '.join(keywords[:6])}. Scherp deze definitie aan voordat je de code gebruikt."
    )
    return Code(
        id=slug,
        name=name,
        parent=parent,
        definition=definition,
        examples=examples,
        keywords=keywords,
    )
