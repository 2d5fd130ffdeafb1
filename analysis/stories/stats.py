"""Compare two groups of stories on one question, with a permutation test.

The statistic is the distance between the two group means:

* triad: the barycentric mean of each group, distance measured in the triangle
  (side 1), i.e. the Euclidean distance between the mean dots;
* slider/dyad: the absolute difference of the means (scale 0-1);
* single/classification choice: the total variation distance between the two
  answer distributions (half the summed absolute differences of the shares).

The p-value is the share of relabellings of the pooled stories whose statistic is
at least the observed one. When the number of distinct splits is at most
``n_permutations`` every split is enumerated (an exact test); otherwise
``n_permutations`` random relabellings are drawn with a seeded generator and
``p = (1 + hits) / (1 + n_permutations)``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.stories.groups import Codes, StoryGroupError, shown_label, split_groups
from analysis.stories.model import (
    ChoiceQuestion,
    SliderQuestion,
    Story,
    StoryCollection,
    TriadPoint,
    TriadQuestion,
    is_na,
)

MIN_GROUP_SIZE = 10
TOO_FEW = "te weinig verhalen om iets te zeggen"
_EPS = 1e-12


@dataclass(slots=True)
class PermutationResult:
    statistic: float
    p_value: float
    exact: bool
    n_permutations: int  # splits enumerated (exact) or random relabellings drawn


def _distance(mean_a: np.ndarray, mean_b: np.ndarray, metric: str) -> np.ndarray:
    diff = mean_a - mean_b
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(axis=-1))
    if metric == "tv":
        return 0.5 * np.abs(diff).sum(axis=-1)
    raise StoryGroupError("stories.unknown_distance", metric=metric)


def group_statistic(values_a: np.ndarray, values_b: np.ndarray, metric: str = "euclidean") -> float:
    """Distance between the means of two groups of row vectors."""
    a, b = np.atleast_2d(values_a).astype(float), np.atleast_2d(values_b).astype(float)
    return float(_distance(a.mean(axis=0), b.mean(axis=0), metric))


def permutation_test(
    values_a: Sequence[Any] | np.ndarray,
    values_b: Sequence[Any] | np.ndarray,
    metric: str = "euclidean",
    n_permutations: int = 5000,
    seed: int = 0,
) -> PermutationResult:
    """Permutation test of 'distance between group means' for two groups of vectors.

    ``values_a`` and ``values_b`` are arrays of shape (n, d) or (n,). Exact
    enumeration when C(n_a + n_b, n_a) <= ``n_permutations``.
    """
    a = np.asarray(values_a, dtype=float)
    b = np.asarray(values_b, dtype=float)
    a = a.reshape(len(a), -1)
    b = b.reshape(len(b), -1)
    if len(a) == 0 or len(b) == 0:
        raise StoryGroupError("stories.groups_empty")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"groups have different dimensions: {a.shape[1]} and {b.shape[1]}")
    pooled = np.vstack([a, b])
    n, n_a = len(pooled), len(a)
    total = pooled.sum(axis=0)
    observed = group_statistic(a, b, metric)
    n_splits = math.comb(n, n_a)

    def stats_for(index: np.ndarray) -> np.ndarray:
        sum_a = pooled[index].sum(axis=1)
        return _distance(sum_a / n_a, (total - sum_a) / (n - n_a), metric)

    if n_splits <= n_permutations:
        index = np.array(list(itertools.combinations(range(n), n_a)), dtype=np.intp).reshape(n_splits, n_a)
        hits = int((stats_for(index) >= observed - _EPS).sum())
        return PermutationResult(observed, hits / n_splits, True, n_splits)
    rng = np.random.default_rng(seed)
    hits = 0
    done = 0
    batch = 1000
    while done < n_permutations:
        k = min(batch, n_permutations - done)
        perms = rng.permuted(np.tile(np.arange(n), (k, 1)), axis=1)[:, :n_a]
        hits += int((stats_for(perms) >= observed - _EPS).sum())
        done += k
    return PermutationResult(observed, (1 + hits) / (1 + n_permutations), False, n_permutations)


# --------------------------------------------------------------------------- story groups


@dataclass(slots=True)
class GroupComparison:
    """Difference between two groups of stories on one question, with a Dutch verdict."""

    question_id: str
    kind: str  # 'triad', 'slider' or 'choice'
    label_a: str
    label_b: str
    n_a: int
    n_b: int
    dimensions: list[str]  # corner labels, [right pole], or options
    mean_a: list[float] = field(default_factory=list)
    mean_b: list[float] = field(default_factory=list)
    statistic: float | None = None
    p_value: float | None = None
    exact: bool = False
    n_permutations: int = 0
    too_few: bool = False
    verdict: str = ""
    ids_a: list[str] = field(default_factory=list)
    ids_b: list[str] = field(default_factory=list)


# The verdict's sentences; a comparison is read by researchers in the app's language.
_VERDICT = {
    "nl": {
        "p_small": "p < 0,001", "p": "p = {p}", "exact": ", exact berekend",
        "triad": "Groep '{group}' zet de stip gemiddeld meer richting '{corner}' ({hi} tegen {lo}).",
        "slider": "Gemiddelde op de schaal '{left}' (0) – '{right}' (1): '{a}' {mean_a}, '{b}' {mean_b}.",
        "choice": "Het grootste verschil zit bij '{option}': {share_a} van '{a}' tegen {share_b} van '{b}'.",
        "too_few": "Te weinig verhalen om iets te zeggen: '{a}' n={n_a}, '{b}' n={n_b} (minimaal {min_n} per groep nodig).",
        "indication": " Ter indicatie: {description}",
        "clear": "Dit verschil is duidelijk: bij toeval komt zo'n groot verschil zelden voor ({p}).",
        "likely": "Dit verschil is waarschijnlijk geen toeval ({p}).",
        "weak": "Er is een zwakke aanwijzing voor een verschil, maar toeval kan het ook verklaren ({p}).",
        "none": "Geen aantoonbaar verschil: zo'n verschil ontstaat makkelijk door toeval ({p}).",
    },
    "en": {
        "p_small": "p < 0.001", "p": "p = {p}", "exact": ", computed exactly",
        "triad": "Group '{group}' places the dot more towards '{corner}' on average ({hi} against {lo}).",
        "slider": "Mean on the scale '{left}' (0) – '{right}' (1): '{a}' {mean_a}, '{b}' {mean_b}.",
        "choice": "The largest difference is at '{option}': {share_a} of '{a}' against {share_b} of '{b}'.",
        "too_few": "Too few stories to say anything: '{a}' n={n_a}, '{b}' n={n_b} (at least {min_n} per group needed).",
        "indication": " As an indication: {description}",
        "clear": "This difference is clear: chance rarely produces a difference this large ({p}).",
        "likely": "This difference is probably not chance ({p}).",
        "weak": "There is a weak indication of a difference, but chance can explain it too ({p}).",
        "none": "No demonstrable difference: chance easily produces a difference like this ({p}).",
    },
}


def _v(key: str, lang: str, **params: Any) -> str:
    return _VERDICT.get(lang, _VERDICT["nl"])[key].format(**params)


def _nl(x: float, digits: int = 2, lang: str = "nl") -> str:
    text = f"{x:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def _p_text(p: float, exact: bool, lang: str = "nl") -> str:
    shown = _v("p_small", lang) if p < 0.001 else _v("p", lang, p=_nl(p, 3, lang))
    return shown + (_v("exact", lang) if exact else "")


def _vectors(q: Any, answers: list[Any]) -> tuple[np.ndarray, str]:
    if isinstance(q, TriadQuestion):
        return np.array([a.xy for a in answers], dtype=float).reshape(-1, 2), "euclidean"
    if isinstance(q, SliderQuestion):
        return np.array(answers, dtype=float).reshape(-1, 1), "euclidean"
    if isinstance(q, ChoiceQuestion) and not q.multiple:
        index = {o: i for i, o in enumerate(q.options)}
        out = np.zeros((len(answers), len(q.options)))
        for row, a in enumerate(answers):
            out[row, index[a]] = 1.0
        return out, "tv"
    raise StoryGroupError("stories.not_comparable", question=q.id, kind=type(q).__name__)


def _means(q: Any, answers: list[Any]) -> list[float]:
    if not answers:
        return []
    if isinstance(q, TriadQuestion):
        return [float(v) for v in np.mean([a.weights for a in answers], axis=0)]
    if isinstance(q, SliderQuestion):
        return [float(np.mean(answers))]
    return [float(v) for v in _vectors(q, answers)[0].mean(axis=0)]


def _describe(q: Any, c: GroupComparison, lang: str = "nl") -> str:
    if not c.mean_a or not c.mean_b:
        return ""
    a, b = shown_label(c.label_a, lang), shown_label(c.label_b, lang)
    if isinstance(q, TriadQuestion):
        diffs = [x - y for x, y in zip(c.mean_a, c.mean_b)]
        i = int(np.argmax(np.abs(diffs)))
        towards = a if diffs[i] > 0 else b
        hi, lo = (c.mean_a[i], c.mean_b[i]) if diffs[i] > 0 else (c.mean_b[i], c.mean_a[i])
        return _v("triad", lang, group=towards, corner=q.corners[i], hi=_pct(hi), lo=_pct(lo))
    if isinstance(q, SliderQuestion):
        left, right = q.poles
        return _v("slider", lang, left=left, right=right, a=a, b=b,
                  mean_a=_nl(c.mean_a[0], lang=lang), mean_b=_nl(c.mean_b[0], lang=lang))
    diffs = [x - y for x, y in zip(c.mean_a, c.mean_b)]
    i = int(np.argmax(np.abs(diffs)))
    return _v("choice", lang, option=q.options[i], share_a=_pct(c.mean_a[i]), a=a, share_b=_pct(c.mean_b[i]), b=b)


def verdict(c: GroupComparison, min_n: int = MIN_GROUP_SIZE, description: str = "", lang: str = "nl") -> str:
    """Plain-language verdict for a comparison, in Dutch (``lang="nl"``) or English."""
    if c.too_few:
        return _v("too_few", lang, a=shown_label(c.label_a, lang), n_a=c.n_a, b=shown_label(c.label_b, lang), n_b=c.n_b,
                  min_n=min_n) + (
            _v("indication", lang, description=description[:1].lower() + description[1:]) if description else ""
        )
    assert c.p_value is not None
    p = _p_text(c.p_value, c.exact, lang)
    if c.p_value < 0.01:
        judgement = _v("clear", lang, p=p)
    elif c.p_value < 0.05:
        judgement = _v("likely", lang, p=p)
    elif c.p_value < 0.10:
        judgement = _v("weak", lang, p=p)
    else:
        judgement = _v("none", lang, p=p)
    return f"{description} {judgement}".strip()


def compare_stories(
    collection: StoryCollection,
    question_id: str,
    group_a: Iterable[Story],
    group_b: Iterable[Story],
    label_a: str = "groep A",
    label_b: str = "groep B",
    n_permutations: int = 5000,
    seed: int = 0,
    min_n: int = MIN_GROUP_SIZE,
    *,
    lang: str = "nl",
) -> GroupComparison:
    """Compare two given groups of stories on ``question_id`` (unanswered stories left out); the verdict
    is written in ``lang`` (``"nl"`` or ``"en"``)."""
    q = collection.question(question_id)
    answered_a = [(s, s.answers.get(question_id)) for s in group_a]
    answered_b = [(s, s.answers.get(question_id)) for s in group_b]
    answered_a = [(s, a) for s, a in answered_a if not is_na(a)]
    answered_b = [(s, a) for s, a in answered_b if not is_na(a)]
    ans_a = [a for _, a in answered_a]
    ans_b = [a for _, a in answered_b]
    if isinstance(q, TriadQuestion):
        kind, dims = "triad", list(q.corners)
        assert all(isinstance(a, TriadPoint) for a in ans_a + ans_b)
    elif isinstance(q, SliderQuestion):
        kind, dims = "slider", [q.poles[1]]
    else:
        kind, dims = "choice", list(getattr(q, "options", ()))
    _vectors(q, [])  # raises for question types that cannot be compared
    c = GroupComparison(
        question_id=question_id,
        kind=kind,
        label_a=label_a,
        label_b=label_b,
        n_a=len(ans_a),
        n_b=len(ans_b),
        dimensions=dims,
        mean_a=_means(q, ans_a),
        mean_b=_means(q, ans_b),
        ids_a=[s.id for s, _ in answered_a],
        ids_b=[s.id for s, _ in answered_b],
    )
    description = _describe(q, c, lang)
    if len(ans_a) < min_n or len(ans_b) < min_n:
        c.too_few = True
        if ans_a and ans_b:
            va, metric = _vectors(q, ans_a)
            vb, _ = _vectors(q, ans_b)
            c.statistic = group_statistic(va, vb, metric)
        c.verdict = verdict(c, min_n, description, lang)
        return c
    va, metric = _vectors(q, ans_a)
    vb, _ = _vectors(q, ans_b)
    result = permutation_test(va, vb, metric, n_permutations=n_permutations, seed=seed)
    c.statistic, c.p_value = result.statistic, result.p_value
    c.exact, c.n_permutations = result.exact, result.n_permutations
    c.verdict = verdict(c, min_n, description, lang)
    return c


def compare_groups(
    collection: StoryCollection,
    question_id: str,
    by: str,
    a: str | Iterable[str] | None,
    b: str | Iterable[str] | None = None,
    codes: Codes | None = None,
    stories: Iterable[Story] | None = None,
    n_permutations: int = 5000,
    seed: int = 0,
    min_n: int = MIN_GROUP_SIZE,
    *,
    lang: str = "nl",
) -> GroupComparison:
    """Compare the stories whose ``by`` value is in ``a`` with those in ``b`` (default: the rest).

    ``by`` is a choice/classification question id or ``"code:<id>"`` (with
    ``codes``: story id -> codes). Example: ``compare_groups(c, "hoofdrol", "leeftijd", "70+")``.
    """
    group_a, group_b, label_a, label_b = split_groups(collection, by, a, b, codes, stories)
    return compare_stories(
        collection, question_id, group_a, group_b, label_a, label_b, n_permutations, seed, min_n, lang=lang
    )


def summarise(collection: StoryCollection, question_id: str, stories: Iterable[Story] | None = None) -> dict[str, Any]:
    """Count and mean position of one question over ``stories`` (default: all)."""
    q = collection.question(question_id)
    pool = list(stories) if stories is not None else collection.stories
    answers = [s.answers.get(question_id) for s in pool]
    given = [a for a in answers if not is_na(a)]
    out: dict[str, Any] = {"question": question_id, "n": len(given), "niet_van_toepassing": len(answers) - len(given)}
    if isinstance(q, (TriadQuestion, SliderQuestion)) or (isinstance(q, ChoiceQuestion) and not q.multiple):
        out["mean"] = _means(q, given)
    return out
