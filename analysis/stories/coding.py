"""Story collections next to the rest of the project: story keys, codes per story, readable answers.

Stories are stored as sources of kind ``story`` whose participant label is
``<collection id>/<story id>`` (:func:`analysis.stories.importer.participant_label`).
That label is the *story key* used here: it is unique across collections, so
stories of several collections can be shown, coloured and compared together.

* :func:`combine_collections` turns one or more collections into a single
  :class:`~analysis.stories.model.StoryCollection` whose story ids are story keys
  (with an extra classification question naming the collection when there are
  several), so the plots and statistics of this package work on it unchanged.
* :func:`story_codes` maps story keys to the codes of their passages (from the
  project's codings), the ``codes`` mapping that plots and groups expect.
* :func:`story_codings` lists one story's codings with the coded text.
* :func:`format_answer` renders an answer as a short Dutch text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.domain import Coding, CodingStatus, SourceKind
from analysis.stories.model import (
    NA_LABEL,
    ChoiceQuestion,
    Question,
    SliderQuestion,
    Stone,
    StonesQuestion,
    Story,
    StoryCollection,
    TextQuestion,
    TriadPoint,
    TriadQuestion,
    is_na,
)

__all__ = [
    "COLLECTION_QUESTION",
    "StoryCoding",
    "combine_collections",
    "comparable_questions",
    "format_answer",
    "plottable_questions",
    "split_story_key",
    "stories_at_same_dot",
    "story_codes",
    "story_codings",
    "story_key",
]

KEY_SEPARATOR = "/"
#: Id of the classification question :func:`combine_collections` adds for several collections.
COLLECTION_QUESTION = "collectie"

StatusFilter = str | CodingStatus | Sequence[str | CodingStatus] | None


def story_key(collection_id: str, story_id: str) -> str:
    """The key of a story across collections: its participant label ``<collection>/<story>``."""
    return f"{collection_id}{KEY_SEPARATOR}{story_id}"


def split_story_key(key: str) -> tuple[str, str]:
    """``(collection id, story id)`` of a story key; collection ids are slugs without '/'."""
    collection_id, sep, story_id = key.partition(KEY_SEPARATOR)
    if not sep or not collection_id or not story_id:
        raise ValueError(f"{key!r} is not a story key; expected '<collection id>/<story id>'")
    return collection_id, story_id


# --------------------------------------------------------------------------- combining


def _collection_labels(collections: Sequence[StoryCollection]) -> tuple[str, list[str]]:
    """Label of the collection question and one option per collection (municipality when distinct)."""
    munis = [c.municipality for c in collections]
    if all(munis) and len(set(munis)) == len(munis):
        return "Gemeente", [str(m).replace(";", ",") for m in munis]
    names = [c.name.replace(";", ",") for c in collections]
    if len(set(names)) == len(names):
        return "Collectie", names
    return "Collectie", [c.id for c in collections]


def combine_collections(
    collections: Sequence[StoryCollection],
    *,
    collection_id: str = "alle-verhalen",
    name: str = "Alle verhalen",
) -> StoryCollection:
    """One collection holding the stories of ``collections``, keyed by :func:`story_key`.

    A single collection keeps its questions, name and metadata; only the story ids
    become keys. Several collections keep the questions they all define identically
    (same id, type, labels and options) and get an extra classification question
    :data:`COLLECTION_QUESTION` whose answer names each story's collection (its
    municipality when every collection has a different one), so they can be coloured,
    filtered and compared by collection. The stories are copies; the input is unchanged.
    """
    collections = list(collections)
    if not collections:
        raise ValueError("combine_collections needs at least one story collection")
    ids = [c.id for c in collections]
    if len(set(ids)) != len(ids):
        raise ValueError(f"story collections with the same id cannot be combined: {ids}")
    if len(collections) == 1:
        only = collections[0]
        stories = [Story(story_key(only.id, s.id), s.title, s.text, dict(s.answers), s.row) for s in only.stories]
        return StoryCollection(
            id=only.id, name=only.name, questions=list(only.questions), stories=stories,
            municipality=only.municipality, study=only.study, prompt=only.prompt,
            fictional=only.fictional, description=only.description,
        )
    first = collections[0]
    shared = [
        q for q in first.questions
        if q.id != COLLECTION_QUESTION and all(_same_question(q, other) for other in collections[1:])
    ]
    label, options = _collection_labels(collections)
    collection_q = ChoiceQuestion(
        id=COLLECTION_QUESTION, label=label, options=tuple(options), classification=True, allow_na=False,
    )
    keep = {q.id for q in shared}
    stories: list[Story] = []
    for c, option in zip(collections, options):
        for s in c.stories:
            answers = {k: v for k, v in s.answers.items() if k in keep}
            answers[COLLECTION_QUESTION] = option
            stories.append(Story(story_key(c.id, s.id), s.title, s.text, answers, s.row))
    prompts = {c.prompt for c in collections}
    munis = {c.municipality for c in collections}
    studies = {c.study for c in collections}
    return StoryCollection(
        id=collection_id,
        name=name,
        questions=[*shared, collection_q],
        stories=stories,
        municipality=munis.pop() if len(munis) == 1 else None,
        study=studies.pop() if len(studies) == 1 else None,
        prompt=prompts.pop() if len(prompts) == 1 else "",
        fictional=all(c.fictional for c in collections),
    )


def _same_question(q: Question, collection: StoryCollection) -> bool:
    try:
        other = collection.question(q.id)
    except KeyError:
        return False
    return type(other) is type(q) and other.to_dict() == q.to_dict()


def plottable_questions(collection: StoryCollection) -> list[Question]:
    """Questions that have a figure (every type except free text), in questionnaire order."""
    return [q for q in collection.questions if not isinstance(q, TextQuestion)]


def comparable_questions(collection: StoryCollection) -> list[Question]:
    """Questions two groups can be compared on: triads, sliders and single-answer choices."""
    return [
        q for q in collection.questions
        if isinstance(q, (TriadQuestion, SliderQuestion)) or (isinstance(q, ChoiceQuestion) and not q.multiple)
    ]


def stories_at_same_dot(
    collection: StoryCollection,
    question_id: str,
    story_id: str,
    among: Iterable[str] | None = None,
    *,
    item: str | None = None,
) -> list[str]:
    """Ids of the stories drawn on exactly the same spot as ``story_id`` for ``question_id``.

    Answers come in steps (a triad in 5% steps, a slider in tenths), so dots often
    coincide and a click reaches only the top one. The clicked story comes first,
    the others follow in collection order; ``among`` limits the search (e.g. to the
    stories a filter shows). Stones need ``item`` (the stone); other question types
    (choices) only return ``[story_id]``.
    """
    q = collection.question(question_id)
    target = _dot(q, collection.story(story_id).answers.get(question_id), item)
    if target is None:
        return [story_id]
    allowed = set(among) if among is not None else None
    same = [
        s.id for s in collection.stories
        if s.id != story_id and (allowed is None or s.id in allowed)
        and _dot(q, s.answers.get(question_id), item) == target
    ]
    return [story_id, *same]


def _dot(question: Question, answer: Any, item: str | None) -> tuple[float, ...] | None:
    """Where an answer is drawn, rounded so equal answers compare equal; None when not drawn."""
    if is_na(answer):
        return None
    if isinstance(question, TriadQuestion) and isinstance(answer, TriadPoint):
        return tuple(round(w, 6) for w in answer.weights)
    if isinstance(question, SliderQuestion):
        return (round(float(answer), 6),)
    if isinstance(question, StonesQuestion) and item is not None:
        for stone in answer:
            if isinstance(stone, Stone) and stone.item == item:
                return (round(stone.x, 6), round(stone.y, 6))
    return None


# --------------------------------------------------------------------------- codes per story


def _statuses(status: StatusFilter) -> list[str] | None:
    if status is None:
        return None
    values = [status] if isinstance(status, (str, CodingStatus)) else list(status)
    return [CodingStatus(v).value for v in values]


def _story_sources(project: Any) -> dict[int, str]:
    """Source id -> story key for every story source (metadata first, participant label as fallback)."""
    out: dict[int, str] = {}
    for source in project.sources(kind=SourceKind.STORY, with_text=False):
        meta = source.metadata or {}
        if meta.get("story_collection") and meta.get("story_id") is not None:
            out[int(source.id)] = story_key(str(meta["story_collection"]), str(meta["story_id"]))
        elif source.participant and KEY_SEPARATOR in source.participant:
            out[int(source.id)] = source.participant
    return out


def story_codes(
    project: Any,
    codebook_id: str,
    *,
    status: StatusFilter = CodingStatus.ACCEPTED,
    keys: Iterable[str] | None = None,
) -> dict[str, set[str]]:
    """Story key -> ids of the codes (of ``codebook_id``) on the story's passages.

    ``status`` selects codings (default accepted only; ``None`` = any status except
    rejected). Every story source in the project gets an entry, also without codes;
    ``keys`` limits the result to those stories.
    """
    wanted = set(keys) if keys is not None else None
    by_source = _story_sources(project)
    if wanted is not None:
        by_source = {sid: k for sid, k in by_source.items() if k in wanted}
    out: dict[str, set[str]] = {k: set() for k in by_source.values()}
    if not by_source:
        return out
    source_of = {p.id: p.source_id for p in project.passages(kind=SourceKind.STORY) if p.source_id in by_source}
    if not source_of:
        return out
    statuses = _statuses(status)
    for coding in project.codings(codebook_id=codebook_id, passage_ids=list(source_of), status=statuses):
        if statuses is None and CodingStatus(coding.status) is CodingStatus.REJECTED:
            continue
        out[by_source[source_of[coding.passage_id]]].add(coding.code_id)
    return out


@dataclass(frozen=True, slots=True)
class StoryCoding:
    """One coding of a story with the text it covers (the whole passage when it has no span).

    ``start``/``end`` are offsets into the story text (= the story source's text), so
    ``story.text[start:end] == text``.
    """

    coding: Coding
    start: int
    end: int
    text: str


def story_codings(
    project: Any,
    key: str,
    codebook_id: str | None = None,
    *,
    status: StatusFilter = (CodingStatus.ACCEPTED, CodingStatus.SUGGESTED),
) -> list[StoryCoding]:
    """The codings on one story's passages (by :func:`story_key`), in text order.

    Raises ``KeyError`` naming the key when the project has no source for that story.
    """
    sources = [sid for sid, k in _story_sources(project).items() if k == key]
    if not sources:
        raise KeyError(f"the project has no story source for {key!r}")
    passages = {p.id: p for sid in sources for p in project.passages(source_id=sid)}
    if not passages:
        return []
    codings = project.codings(codebook_id=codebook_id, passage_ids=list(passages), status=_statuses(status))
    out = []
    for c in codings:
        p = passages[c.passage_id]
        if c.start is not None and c.end is not None:
            start, end = max(p.start, c.start), min(p.end, c.end)
        else:
            start, end = p.start, p.end
        out.append(StoryCoding(c, start, end, p.text[start - p.start : end - p.start]))
    out.sort(key=lambda sc: (sc.start, sc.end, sc.coding.code_id))
    return out


# --------------------------------------------------------------------------- readable answers


def _nl(x: float, digits: int = 2, lang: str = "nl") -> str:
    text = f"{x:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")


def format_answer(question: Question, answer: Any, lang: str = "nl") -> str:
    """A story's answer to ``question`` as short text (Dutch; ``lang="en"`` for English numbers and words).

    triad ``ik zelf 60% · mijn omgeving 30% · het wijkteam 10%``; slider
    ``0,72 (kort 0 – blijvend 1)``; stones ``wonen (x 0,30; y 0,80), …``; choices
    the option(s); text as given; not answered ``niet van toepassing``.
    """
    na = "not applicable" if lang == "en" else NA_LABEL
    if is_na(answer):
        return na
    if isinstance(question, TriadQuestion) and isinstance(answer, TriadPoint):
        return " · ".join(f"{c} {round(100 * w):d}%" for c, w in zip(question.corners, answer.weights))
    if isinstance(question, SliderQuestion):
        return f"{_nl(float(answer), lang=lang)} ({question.poles[0]} 0 – {question.poles[1]} 1)"
    if isinstance(question, StonesQuestion):
        parts = []
        for stone in answer:
            if not isinstance(stone, Stone):
                continue
            try:
                label = question.item_label(stone.item)
            except KeyError:
                label = stone.item
            parts.append(f"{label} (x {_nl(stone.x, lang=lang)}; y {_nl(stone.y, lang=lang)})")
        return ", ".join(parts) or na
    if isinstance(answer, tuple):
        return "; ".join(str(a) for a in answer)
    return str(answer)
