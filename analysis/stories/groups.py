"""Filter stories and split them into groups by a classification, a choice or a code.

``by`` names what to group on:

* a choice or classification question id (``"leeftijd"``): the chosen option(s);
* ``"code:<code_id>"``: whether a story carries that code (labels
  ``met code '<id>'`` / ``zonder code '<id>'``), using a mapping story id -> codes;
* ``"code"``: the story's codes themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analysis.errors import DuidingError
from analysis.stories.model import ChoiceQuestion, Story, StoryCollection, is_na


class StoryGroupError(DuidingError, ValueError):
    """Stories cannot be grouped, compared or drawn this way (the message says why)."""

    default_key = "stories.group_failed"

CODE_PREFIX = "code:"
UNKNOWN = "onbekend"
NO_CODE = "geen code"
OTHERS = "overige verhalen"

Codes = Mapping[str, Iterable[str]]


def with_code_label(code: str) -> str:
    return f"met code '{code}'"


def without_code_label(code: str) -> str:
    return f"zonder code '{code}'"


# The labels this package makes itself (stored and compared in Dutch), as an English reader sees them.
_ENGLISH_LABELS = {UNKNOWN: "unknown", NO_CODE: "no code", OTHERS: "other stories", "alle verhalen": "all stories",
                   "groep A": "group A", "groep B": "group B"}
_ENGLISH_PREFIXES = (("met code '", "with code '"), ("zonder code '", "without code '"))


def shown_label(label: str, lang: str = "nl") -> str:
    """A group label for a reader in ``lang``: the package's own labels translated, answers as they are."""
    if lang != "en":
        return label
    if label in _ENGLISH_LABELS:
        return _ENGLISH_LABELS[label]
    for dutch, english in _ENGLISH_PREFIXES:
        if label.startswith(dutch):
            return english + label[len(dutch):]
    return label


def _as_set(values: str | Iterable[str] | None) -> set[str]:
    if values is None:
        return set()
    if isinstance(values, str):
        return {values}
    return {str(v) for v in values}


def _codes_of(codes: Codes | None, story_id: str) -> set[str]:
    if codes is None:
        return set()
    return {str(c) for c in codes.get(story_id, ())}


def _choice_question(collection: StoryCollection, by: str) -> ChoiceQuestion:
    q = collection.question(by)
    if not isinstance(q, ChoiceQuestion):
        raise StoryGroupError("stories.group_by_kind", by=by, kind=q.kind)
    return q


def story_values(collection: StoryCollection, story: Story, by: str, codes: Codes | None = None) -> tuple[str, ...]:
    """The group value(s) of one story for ``by`` (empty tuple when unanswered)."""
    if by == "code":
        if codes is None:
            raise ValueError("grouping by 'code' needs a mapping story id -> codes")
        return tuple(sorted(_codes_of(codes, story.id)))
    if by.startswith(CODE_PREFIX):
        if codes is None:
            raise ValueError(f"grouping by {by!r} needs a mapping story id -> codes")
        code = by[len(CODE_PREFIX) :]
        has = code in _codes_of(codes, story.id)
        return (with_code_label(code) if has else without_code_label(code),)
    _choice_question(collection, by)
    a = story.answers.get(by)
    if is_na(a):
        return ()
    return tuple(a) if isinstance(a, tuple) else (str(a),)


def group_order(collection: StoryCollection, by: str, codes: Codes | None = None) -> list[str]:
    """Group labels in a stable, meaningful order (question options first)."""
    if by.startswith(CODE_PREFIX):
        code = by[len(CODE_PREFIX) :]
        return [with_code_label(code), without_code_label(code)]
    if by == "code":
        found = sorted({c for s in collection.stories for c in _codes_of(codes, s.id)})
        return [*found, NO_CODE]
    return [*_choice_question(collection, by).options, UNKNOWN]


def story_labels(collection: StoryCollection, by: str, codes: Codes | None = None) -> dict[str, str]:
    """Exactly one label per story (several values are joined with '; ')."""
    out = {}
    for s in collection.stories:
        values = story_values(collection, s, by, codes)
        if not values:
            out[s.id] = NO_CODE if by == "code" else UNKNOWN
        else:
            out[s.id] = "; ".join(values)
    return out


def select_stories(
    collection: StoryCollection,
    where: Mapping[str, str | Iterable[str]] | None = None,
    codes: Codes | None = None,
    code: str | Iterable[str] | None = None,
) -> list[Story]:
    """Stories matching every ``where`` condition (question id -> accepted option(s)) and,
    when ``code`` is given, carrying at least one of those codes."""
    wanted_codes = _as_set(code)
    if wanted_codes and codes is None:
        raise ValueError("filtering on a code needs a mapping story id -> codes")
    conditions = {k: _as_set(v) for k, v in (where or {}).items()}
    for by in conditions:
        group_order(collection, by, codes)  # validates the key early, with a clear message
    out = []
    for s in collection.stories:
        if any(not conditions[by] & set(story_values(collection, s, by, codes)) for by in conditions):
            continue
        if wanted_codes and not wanted_codes & _codes_of(codes, s.id):
            continue
        out.append(s)
    return out


def split_groups(
    collection: StoryCollection,
    by: str,
    a: str | Iterable[str] | None,
    b: str | Iterable[str] | None = None,
    codes: Codes | None = None,
    stories: Iterable[Story] | None = None,
) -> tuple[list[Story], list[Story], str, str]:
    """Two disjoint groups: stories whose ``by`` value is in ``a`` and those in ``b``
    (``b=None``: all other stories). Returns (group_a, group_b, label_a, label_b).

    With ``by="code:<id>"`` and ``a=None`` the groups are 'met code' and 'zonder code'.
    """
    pool = list(stories) if stories is not None else list(collection.stories)
    if by.startswith(CODE_PREFIX) and a is None:
        code = by[len(CODE_PREFIX) :]
        a, b = with_code_label(code), without_code_label(code) if b is None else b
    set_a = _as_set(a)
    if not set_a:
        raise StoryGroupError("stories.group_a_empty", by=by)
    set_b = _as_set(b)
    known = set(group_order(collection, by, codes))
    for v in set_a | set_b:
        if by != "code" and v not in known:
            raise StoryGroupError("stories.group_unknown_value", value=v, by=by, known=", ".join(sorted(known)))
    group_a, group_b = [], []
    for s in pool:
        values = set(story_values(collection, s, by, codes))
        in_a = bool(values & set_a)
        in_b = bool(values & set_b) if set_b else not in_a
        if in_a and in_b:
            raise StoryGroupError("stories.group_overlap", story=s.id, values=sorted(values))
        if in_a:
            group_a.append(s)
        elif in_b:
            group_b.append(s)
    label_a = " / ".join(sorted(set_a))
    label_b = " / ".join(sorted(set_b)) if set_b else OTHERS
    return group_a, group_b, label_a, label_b


def describe_filter(where: Mapping[str, Any] | None, code: str | Iterable[str] | None = None) -> str:
    """Dutch one-line description of a filter, for figure titles."""
    parts = [f"{k}: {', '.join(sorted(_as_set(v)))}" for k, v in (where or {}).items()]
    if code:
        parts.append(f"code: {', '.join(sorted(_as_set(code)))}")
    return "; ".join(parts)
