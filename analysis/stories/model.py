"""Story collections the Sprockler way: a story prompt, question definitions, stories.

A resident tells a story about a change in their life and then interprets it
themselves by answering questions: where to put a dot in a triangle (triad),
on a line (slider/dyad) or on a canvas (stones), which options apply (single,
multiple), a free-text reflection (text, the *duidingsvragen*) and questions
about the teller (classification: age group, law, for whom they sought help).

Question definitions live in YAML. Format (one mapping, top-level keys)::

    prompt: "Vertel over een verandering in uw leven ..."   # the story question
    collection:                 # optional defaults for every collection using this file
      study: Evaluatie sociale wijkteams 2026
      fictief: false
    questions:
      - id: hoofdrol            # lowercase id; becomes the column prefix on import
        type: triad             # triad | dyad | slider | stones | single | multiple | text | classification
        label: Wie speelde de belangrijkste rol in deze verandering?
        corners: [ik zelf, mijn omgeving, het wijkteam]   # triad: exactly three labels
      - id: duur
        type: slider            # 'dyad' is an alias with the same meaning
        label: Hoe lang hield de verandering stand?
        poles: [kort, blijvend] # left (0) and right (1) labels
      - id: plek
        type: stones
        label: Waar staan deze dingen voor u?
        x_axis: [onbelangrijk, belangrijk]     # low and high label of the x axis
        y_axis: [lastig, makkelijk]            # low and high label of the y axis
        items: [wonen, werk, gezondheid]       # the stones; ids are slugs of the labels
      - id: ondersteuning
        type: single            # also: multiple (several options) and classification
        label: Welke ondersteuning kreeg u?
        options: [alleen een keukentafelgesprek, huishoudelijke hulp, anders]
      - id: leeftijd
        type: classification    # choice about the teller; single unless `multiple: true`
        label: Wat is uw leeftijd?
        options: [18-29, 30-49, 50-69, 70+]
        participant_field: age_group   # optional: also fill Participant.age_group
      - id: baas
        type: text
        label: Wat zou u doen als u één week de baas was van het wijkteam?

Every question may carry ``description`` and ``allow_na`` (default true: the
resident may answer "niet van toepassing").

Answers (``Story.answers``, keyed by question id):

* triad: :class:`TriadPoint` (barycentric weights summing to 1)
* slider/dyad: ``float`` in [0, 1] (0 = first pole)
* stones: ``tuple[Stone, ...]`` (each placed stone with x, y in [0, 1])
* single/classification: ``str`` (one of the options)
* multiple (or classification with ``multiple: true``): ``tuple[str, ...]``
* text: ``str``
* :data:`NOT_APPLICABLE` when the resident chose "niet van toepassing" or left
  the question empty; a question without a key was not asked.

Triad geometry: an equilateral triangle with side 1. Corner 1 is at the top
``(0.5, sqrt(3)/2)``, corner 2 bottom-left ``(0, 0)`` and corner 3 bottom-right
``(1, 0)``. This matches plotly's ternary axes ``a`` (top), ``b`` (bottom-left)
and ``c`` (bottom-right). :func:`barycentric_to_cartesian` and
:func:`cartesian_to_barycentric` convert between the two; a round trip returns
the input within floating point error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self, TypeAlias

from analysis.domain import slugify
from analysis.yamlsafe import YamlError, load_yaml

from ..errors import DuidingError, display_name

SQRT3_2 = math.sqrt(3.0) / 2.0
#: Corner positions of the canonical triad triangle (corner 1 top, 2 bottom-left, 3 bottom-right).
TRIAD_CORNERS: tuple[tuple[float, float], tuple[float, float], tuple[float, float]] = (
    (0.5, SQRT3_2),
    (0.0, 0.0),
    (1.0, 0.0),
)
NA_LABEL = "niet van toepassing"


class QuestionsError(DuidingError, ValueError):
    """A question definition (YAML) is malformed."""

    default_key = "stories.questions_invalid"


# --------------------------------------------------------------------------- geometry


def barycentric_to_cartesian(
    weights: Sequence[float],
    corners: Sequence[Sequence[float]] = TRIAD_CORNERS,
) -> tuple[float, float]:
    """Point of the triangle ``corners`` with barycentric ``weights`` (w1, w2, w3)."""
    if len(weights) != 3 or len(corners) != 3:
        raise ValueError("a triad point needs exactly three weights and three corners")
    x = sum(w * c[0] for w, c in zip(weights, corners))
    y = sum(w * c[1] for w, c in zip(weights, corners))
    return (float(x), float(y))


def cartesian_to_barycentric(
    x: float,
    y: float,
    corners: Sequence[Sequence[float]] = TRIAD_CORNERS,
) -> tuple[float, float, float]:
    """Barycentric weights (w1, w2, w3) of ``(x, y)`` for the triangle ``corners``.

    The weights always sum to 1; a point outside the triangle gets a negative
    weight (callers decide whether that is an error).
    """
    (x1, y1), (x2, y2), (x3, y3) = ((float(c[0]), float(c[1])) for c in corners)
    det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3)
    if abs(det) < 1e-12:
        raise ValueError(f"triad corners {list(corners)!r} do not span a triangle")
    w1 = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / det
    w2 = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / det
    return (w1, w2, 1.0 - w1 - w2)


@dataclass(frozen=True, slots=True)
class TriadPoint:
    """A dot in a triad as barycentric weights (corner 1, 2, 3) that sum to 1."""

    w1: float
    w2: float
    w3: float

    TOLERANCE: ClassVar[float] = 1e-6

    def __post_init__(self) -> None:
        weights = (self.w1, self.w2, self.w3)
        if any(not math.isfinite(w) for w in weights):
            raise ValueError(f"triad weights must be finite numbers, got {weights!r}")
        if any(w < -self.TOLERANCE for w in weights):
            raise ValueError(f"triad weights must not be negative, got {weights!r}")
        total = sum(weights)
        if abs(total - 1.0) > self.TOLERANCE:
            raise ValueError(f"triad weights must sum to 1, got {weights!r} (sum {total:.6g})")

    @classmethod
    def normalised(cls, weights: Sequence[float]) -> TriadPoint:
        """Scale non-negative weights (fractions or percentages) so they sum to exactly 1."""
        if len(weights) != 3:
            raise ValueError(f"a triad point needs three weights, got {len(weights)}")
        clipped = [max(0.0, float(w)) for w in weights]
        total = sum(clipped)
        if total <= 0:
            raise ValueError(f"triad weights {list(weights)!r} sum to zero")
        if abs(total - 1.0) <= 1e-12:  # already normalised: keep the weights as they are
            w1, w2 = clipped[0], clipped[1]
        else:
            w1, w2 = clipped[0] / total, clipped[1] / total
        return cls(w1, w2, max(0.0, 1.0 - w1 - w2))

    @classmethod
    def from_xy(
        cls,
        x: float,
        y: float,
        corners: Sequence[Sequence[float]] = TRIAD_CORNERS,
        tolerance: float = 0.02,
    ) -> TriadPoint:
        """Point from cartesian coordinates; points up to ``tolerance`` outside are clamped."""
        w = cartesian_to_barycentric(x, y, corners)
        if min(w) < -tolerance:
            raise ValueError(f"point ({x:g}, {y:g}) lies outside the triad triangle")
        return cls.normalised(w)

    @property
    def weights(self) -> tuple[float, float, float]:
        return (self.w1, self.w2, self.w3)

    @property
    def xy(self) -> tuple[float, float]:
        return barycentric_to_cartesian(self.weights)


@dataclass(frozen=True, slots=True)
class Stone:
    """One item placed on a stones canvas; x and y in [0, 1]."""

    item: str
    x: float
    y: float

    def __post_init__(self) -> None:
        for name, v in (("x", self.x), ("y", self.y)):
            if not (math.isfinite(v) and 0.0 <= v <= 1.0):
                raise ValueError(f"stone {self.item!r}: {name}={v!r} is outside 0-1")


class _NotApplicable:
    """Singleton for 'niet van toepassing' (or an empty answer)."""

    _instance: ClassVar[_NotApplicable | None] = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()

Answer: TypeAlias = "TriadPoint | float | tuple[Stone, ...] | str | tuple[str, ...] | _NotApplicable"


def is_na(answer: Any) -> bool:
    return answer is NOT_APPLICABLE or answer is None


# --------------------------------------------------------------------------- questions

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(slots=True)
class Question:
    """Base class of all question definitions."""

    id: str
    label: str
    description: str = ""
    allow_na: bool = True

    kind: ClassVar[str] = ""

    def columns(self) -> list[str]:
        """Column names of this question in the default CSV/XLSX layout."""
        return [self.id]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.kind, "label": self.label}
        if self.description:
            out["description"] = self.description
        if not self.allow_na:
            out["allow_na"] = False
        return out


@dataclass(slots=True)
class TriadQuestion(Question):
    corners: tuple[str, str, str] = ("", "", "")
    kind: ClassVar[str] = "triad"

    def columns(self) -> list[str]:
        return [f"{self.id}_1", f"{self.id}_2", f"{self.id}_3"]

    def to_dict(self) -> dict[str, Any]:
        out = Question.to_dict(self)
        out["corners"] = list(self.corners)
        return out


@dataclass(slots=True)
class SliderQuestion(Question):
    """A slider between two poles (Sprockler 'slider', SenseMaker 'dyad'); answers in [0, 1]."""

    poles: tuple[str, str] = ("", "")
    kind: ClassVar[str] = "slider"

    def to_dict(self) -> dict[str, Any]:
        out = Question.to_dict(self)
        out["poles"] = list(self.poles)
        return out


@dataclass(slots=True)
class StonesQuestion(Question):
    x_axis: tuple[str, str] = ("", "")
    y_axis: tuple[str, str] = ("", "")
    items: tuple[str, ...] = ()
    kind: ClassVar[str] = "stones"

    def item_ids(self) -> list[str]:
        return [slugify(i).replace("-", "_") for i in self.items]

    def item_label(self, item_id: str) -> str:
        for iid, label in zip(self.item_ids(), self.items):
            if iid == item_id:
                return label
        raise KeyError(f"stones question {self.id!r} has no item {item_id!r}")

    def columns(self) -> list[str]:
        return [f"{self.id}_{iid}_{axis}" for iid in self.item_ids() for axis in ("x", "y")]

    def to_dict(self) -> dict[str, Any]:
        out = Question.to_dict(self)
        out.update(x_axis=list(self.x_axis), y_axis=list(self.y_axis), items=list(self.items))
        return out


@dataclass(slots=True)
class ChoiceQuestion(Question):
    """Single or multiple choice; ``classification`` marks a question about the teller."""

    options: tuple[str, ...] = ()
    multiple: bool = False
    classification: bool = False
    participant_field: str | None = None
    kind: ClassVar[str] = "choice"

    @property
    def type_name(self) -> str:
        if self.classification:
            return "classification"
        return "multiple" if self.multiple else "single"

    def match(self, value: str) -> str | None:
        """The option that ``value`` names (case and whitespace insensitive), or None."""
        key = " ".join(value.split()).casefold()
        for option in self.options:
            if " ".join(option.split()).casefold() == key:
                return option
        return None

    def to_dict(self) -> dict[str, Any]:
        out = Question.to_dict(self)
        out["type"] = self.type_name
        out["options"] = list(self.options)
        if self.classification and self.multiple:
            out["multiple"] = True
        if self.participant_field:
            out["participant_field"] = self.participant_field
        return out


@dataclass(slots=True)
class TextQuestion(Question):
    """A free-text interpretation question (duidingsvraag)."""

    kind: ClassVar[str] = "text"


_PARTICIPANT_FIELDS = ("age_group", "respondent_group", "wijk")


def _labels(raw: Any, n: int | None, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, (str, int, float)) for v in raw):
        raise QuestionsError("stories.q_labels_list", where=_plaats(where), what=what).english(
            f"{where}: '{what}' must be a list of labels"
        )
    labels = tuple(str(v).strip() for v in raw)
    if n is not None and len(labels) != n:
        raise QuestionsError("stories.q_labels_count", where=_plaats(where), what=what, n=n, got=len(labels)).english(
            f"{where}: '{what}' needs exactly {n} labels, got {len(labels)}"
        )
    if any(not v for v in labels):
        raise QuestionsError("stories.q_label_empty", where=_plaats(where), what=what).english(
            f"{where}: '{what}' contains an empty label"
        )
    if len(set(labels)) != len(labels):
        raise QuestionsError("stories.q_labels_duplicate", where=_plaats(where), what=what).english(
            f"{where}: '{what}' contains duplicate labels"
        )
    return labels


def _plaats(where: str) -> str:
    """``where`` ("<path>, item 2, question 'x'") for the Dutch texts: the file's name, Dutch words."""
    head, sep, rest = where.partition(", ")
    return display_name(head) + sep + rest.replace("item ", "vraag ").replace("question ", "id ")


def question_from_dict(data: Mapping[str, Any], where: str = "questions") -> Question:
    """Build one question from its YAML mapping; ``where`` prefixes error messages."""
    if not isinstance(data, Mapping):
        raise QuestionsError("stories.q_not_mapping", where=_plaats(where)).english(
            f"{where}: each question must be a mapping, got {type(data).__name__}"
        )
    qid = str(data.get("id", "")).strip()
    if not _ID_RE.match(qid):
        raise QuestionsError("stories.q_bad_id", where=_plaats(where), id=qid).english(
            f"{where}: question id {qid!r} must start with a letter and contain only a-z, 0-9 and _"
        )
    where = f"{where}, question {qid!r}"
    qtype = str(data.get("type", "")).strip().lower()
    label = str(data.get("label", "") or qid).strip()
    common: dict[str, Any] = {
        "id": qid,
        "label": label,
        "description": str(data.get("description", "") or ""),
        "allow_na": bool(data.get("allow_na", True)),
    }
    if qtype == "triad":
        return TriadQuestion(**common, corners=_labels(data.get("corners"), 3, "corners", where))  # type: ignore[arg-type]
    if qtype in ("slider", "dyad"):
        return SliderQuestion(**common, poles=_labels(data.get("poles"), 2, "poles", where))  # type: ignore[arg-type]
    if qtype == "stones":
        items = _labels(data.get("items"), None, "items", where)
        if not items:
            raise QuestionsError("stories.q_no_stones", where=_plaats(where)).english(
                f"{where}: 'items' must list at least one stone"
            )
        q = StonesQuestion(
            **common,
            x_axis=_labels(data.get("x_axis"), 2, "x_axis", where),  # type: ignore[arg-type]
            y_axis=_labels(data.get("y_axis"), 2, "y_axis", where),  # type: ignore[arg-type]
            items=items,
        )
        if len(set(q.item_ids())) != len(items):
            raise QuestionsError("stories.q_stones_same_id", where=_plaats(where)).english(
                f"{where}: two stones have the same id after slugging: {items!r}"
            )
        return q
    if qtype in ("single", "multiple", "classification", "choice"):
        options = _labels(data.get("options"), None, "options", where)
        if len(options) < 2:
            raise QuestionsError("stories.q_two_options", where=_plaats(where)).english(
                f"{where}: a choice question needs at least two options"
            )
        if any(";" in o for o in options):
            raise QuestionsError("stories.q_option_semicolon", where=_plaats(where)).english(
                f"{where}: options may not contain ';' (the import separator)"
            )
        field_name = data.get("participant_field")
        if field_name is not None and field_name not in _PARTICIPANT_FIELDS:
            raise QuestionsError(
                "stories.q_participant_field", where=_plaats(where), field=field_name,
                choices=", ".join(_PARTICIPANT_FIELDS),
            ).english(f"{where}: participant_field {field_name!r} must be one of {', '.join(_PARTICIPANT_FIELDS)}")
        return ChoiceQuestion(
            **common,
            options=options,
            multiple=qtype == "multiple" or bool(data.get("multiple", False)),
            classification=qtype == "classification",
            participant_field=field_name,
        )
    if qtype == "text":
        return TextQuestion(**common)
    raise QuestionsError("stories.q_unknown_type", where=_plaats(where), type=qtype).english(
        f"{where}: unknown type {qtype!r}; expected triad, dyad, slider, stones, single, multiple, "
        "text or classification"
    )


@dataclass(slots=True)
class QuestionSet:
    """The parsed questions YAML: prompt, collection defaults and questions."""

    questions: list[Question]
    prompt: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)
    path: str | None = None


def parse_questions(data: Mapping[str, Any], where: str = "questions") -> QuestionSet:
    if not isinstance(data, Mapping):
        raise QuestionsError("stories.q_no_list", where=_plaats(where)).english(
            f"{where}: expected a mapping with a 'questions' list"
        )
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise QuestionsError("stories.q_no_list", where=_plaats(where)).english(
            f"{where}: 'questions' must be a non-empty list"
        )
    questions = [question_from_dict(q, f"{where}, item {i + 1}") for i, q in enumerate(raw)]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise QuestionsError("stories.q_id_twice", where=_plaats(where), id=q.id).english(
                f"{where}: question id {q.id!r} occurs twice"
            )
        seen.add(q.id)
    defaults = data.get("collection") or {}
    if not isinstance(defaults, Mapping):
        raise QuestionsError("stories.q_collection_shape", where=_plaats(where)).english(
            f"{where}: 'collection' must be a mapping"
        )
    return QuestionSet(questions, str(data.get("prompt", "") or ""), dict(defaults))


def load_questions(path: str | Path) -> QuestionSet:
    """Read a questions YAML file (format in this module's docstring)."""
    p = Path(path)
    try:
        data = load_yaml(p.read_text(encoding="utf-8"), source=str(p))
    except FileNotFoundError:
        raise QuestionsError("stories.q_not_found", where=_plaats(str(p))).english(
            f"{p}: questions file not found"
        ) from None
    except YamlError as exc:
        raise QuestionsError(exc.key, **exc.params).english(str(exc)) from None
    qs = parse_questions(data, str(p))
    qs.path = str(p)
    return qs


# --------------------------------------------------------------------------- stories


@dataclass(slots=True)
class Story:
    id: str
    title: str
    text: str
    answers: dict[str, Any] = field(default_factory=dict)
    row: int | None = None  # spreadsheet row it was imported from (1 = header)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class StoryCollection:
    id: str
    name: str
    questions: list[Question]
    stories: list[Story] = field(default_factory=list)
    municipality: str | None = None
    study: str | None = None
    prompt: str = ""
    fictional: bool = False
    description: str = ""

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(f"story collection {self.id!r} has no question {question_id!r} (known: {known})")

    def story(self, story_id: str) -> Story:
        for s in self.stories:
            if s.id == story_id:
                return s
        raise KeyError(f"story collection {self.id!r} has no story {story_id!r}")

    def questions_of(self, *kinds: str) -> list[Question]:
        """Questions by type name: 'triad', 'slider', 'stones', 'single', 'multiple', 'classification', 'text'."""
        out = []
        for q in self.questions:
            name = q.type_name if isinstance(q, ChoiceQuestion) else q.kind
            if name in kinds or q.kind in kinds:
                out.append(q)
        return out

    # ---- serialisation (JSON-safe dict, for the store) ----

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "municipality": self.municipality,
            "study": self.study,
            "prompt": self.prompt,
            "fictief": self.fictional,
            "description": self.description,
            "questions": [q.to_dict() for q in self.questions],
            "stories": [
                {
                    "id": s.id,
                    "title": s.title,
                    "text": s.text,
                    "answers": {k: answer_to_json(v) for k, v in s.answers.items()},
                }
                for s in self.stories
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryCollection:
        qs = parse_questions({"questions": data["questions"]}, f"story collection {data.get('id')!r}")
        by_id = {q.id: q for q in qs.questions}
        stories = []
        for s in data.get("stories", []):
            answers = {k: answer_from_json(by_id[k], v) for k, v in (s.get("answers") or {}).items()}
            stories.append(Story(str(s["id"]), str(s.get("title", "")), str(s["text"]), answers))
        return cls(
            id=str(data["id"]),
            name=str(data.get("name", data["id"])),
            questions=qs.questions,
            stories=stories,
            municipality=data.get("municipality"),
            study=data.get("study"),
            prompt=str(data.get("prompt", "") or ""),
            fictional=bool(data.get("fictief", False)),
            description=str(data.get("description", "") or ""),
        )


def answer_to_json(answer: Any) -> Any:
    if is_na(answer):
        return NA_LABEL
    if isinstance(answer, TriadPoint):
        return list(answer.weights)
    if isinstance(answer, tuple) and answer and isinstance(answer[0], Stone):
        return [{"item": s.item, "x": s.x, "y": s.y} for s in answer]
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def answer_from_json(question: Question, value: Any) -> Any:
    if value is None or value == NA_LABEL:
        return NOT_APPLICABLE
    if isinstance(question, TriadQuestion):
        return TriadPoint.normalised(value)
    if isinstance(question, SliderQuestion):
        return float(value)
    if isinstance(question, StonesQuestion):
        return tuple(Stone(str(v["item"]), float(v["x"]), float(v["y"])) for v in value)
    if isinstance(question, ChoiceQuestion) and question.multiple:
        return tuple(str(v) for v in value)
    return str(value)


# --------------------------------------------------------------------------- flattening


def flatten_answers(collection: StoryCollection, story: Story) -> dict[str, Any]:
    """Answers as flat scalar case variables (the import column names, plus triad x/y).

    triad ``q`` -> ``q_1``, ``q_2``, ``q_3`` (weights) and ``q_x``, ``q_y``;
    slider -> ``q``; stones -> ``q_<item>_x``/``q_<item>_y``; single and classification
    -> ``q`` (the label); multiple -> ``q`` (labels joined by '; '); text -> ``q``.
    A question answered "niet van toepassing" gives ``None`` for each of its keys.
    """
    out: dict[str, Any] = {}
    for q in collection.questions:
        a = story.answers.get(q.id, NOT_APPLICABLE)
        if isinstance(q, TriadQuestion):
            keys = [*q.columns(), f"{q.id}_x", f"{q.id}_y"]
            if is_na(a):
                out.update(dict.fromkeys(keys, None))
            else:
                out.update(zip(keys, (*a.weights, *a.xy)))
        elif isinstance(q, StonesQuestion):
            placed = {} if is_na(a) else {s.item: s for s in a}
            for iid in q.item_ids():
                stone = placed.get(iid)
                out[f"{q.id}_{iid}_x"] = stone.x if stone else None
                out[f"{q.id}_{iid}_y"] = stone.y if stone else None
        elif is_na(a):
            out[q.id] = None
        elif isinstance(a, tuple):
            out[q.id] = "; ".join(a)
        else:
            out[q.id] = a
    return out


def iter_answers(collection: StoryCollection, question_id: str) -> Iterable[tuple[Story, Any]]:
    """(story, answer) for every story that answered ``question_id`` (NA excluded)."""
    collection.question(question_id)
    for s in collection.stories:
        a = s.answers.get(question_id, NOT_APPLICABLE)
        if not is_na(a):
            yield s, a
