from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from analysis.stories.importer import questions_from_dicts
from analysis.stories.model import Story, StoryCollection, TriadPoint
from analysis.stories.stats import TOO_FEW, compare_groups, compare_stories, group_statistic, permutation_test


def test_exact_permutation_p_value_slider_by_hand():
    # pooled {0, .2, .6, .8, 1}: of the C(5,2)=10 ways to pick group A, only the observed
    # {0, .2} gives |mean A - mean B| >= 0.7 (the next largest is {.8, 1}: 0.633...).
    result = permutation_test([0.0, 0.2], [0.6, 0.8, 1.0])
    assert result.statistic == pytest.approx(0.7)
    assert result.exact and result.n_permutations == 10
    assert result.p_value == pytest.approx(1 / 10)


def test_exact_permutation_p_value_triad_by_hand_with_a_tie():
    c1, c2, c3 = TriadPoint(1, 0, 0).xy, TriadPoint(0, 1, 0).xy, TriadPoint(0, 0, 1).xy
    # A = two dots in corner 1; B = two in corner 2 and one in corner 3.
    # Mean A = (1,0,0), mean B = (0,2/3,1/3): distance sqrt((1 + 4/9 + 1/9)/2) = sqrt(7/9).
    # Splits: {c1,c1} and {c2,c2} both give sqrt(7/9); {c1,c2} x4 give sqrt(1/12);
    # {c1,c3} x2 and {c2,c3} x2 give sqrt(13/36). So p = 2/10.
    result = permutation_test([c1, c1], [c2, c2, c3])
    assert result.statistic == pytest.approx(math.sqrt(7 / 9))
    assert result.exact and result.p_value == pytest.approx(2 / 10)


def test_triad_distance_equals_barycentric_formula():
    a = [TriadPoint(0.6, 0.3, 0.1), TriadPoint(0.2, 0.2, 0.6)]
    b = [TriadPoint(0.1, 0.8, 0.1)]
    d = np.mean([p.weights for p in a], axis=0) - np.mean([p.weights for p in b], axis=0)
    assert group_statistic(np.array([p.xy for p in a]), np.array([p.xy for p in b])) == pytest.approx(
        math.sqrt((d**2).sum() / 2)
    )


def _exact_p(a, b):
    pooled = np.concatenate([a, b])
    n, k = len(pooled), len(a)
    observed = abs(np.mean(a) - np.mean(b))
    hits = total = 0
    for idx in itertools.combinations(range(n), k):
        mask = np.zeros(n, bool)
        mask[list(idx)] = True
        total += 1
        hits += abs(pooled[mask].mean() - pooled[~mask].mean()) >= observed - 1e-12
    return hits / total


def test_monte_carlo_agrees_with_full_enumeration_and_is_seeded():
    rng = np.random.default_rng(3)
    a = rng.uniform(0.2, 0.9, 9)
    b = rng.uniform(0.0, 0.7, 9)
    exact = _exact_p(a, b)  # C(18, 9) = 48,620 splits
    mc = permutation_test(a, b, n_permutations=5000, seed=11)
    assert not mc.exact and mc.n_permutations == 5000
    assert mc.p_value == pytest.approx(exact, abs=0.025)
    assert permutation_test(a, b, n_permutations=5000, seed=11).p_value == mc.p_value


def _slider_collection(values_a, values_b) -> StoryCollection:
    qs = questions_from_dicts(
        [
            {"id": "duur", "type": "slider", "poles": ["kort", "blijvend"]},
            {"id": "rol", "type": "triad", "corners": ["ik zelf", "omgeving", "wijkteam"]},
            {"id": "groep", "type": "classification", "options": ["a", "b"]},
        ]
    ).questions
    stories = []
    for label, values in (("a", values_a), ("b", values_b)):
        for i, v in enumerate(values):
            rol = TriadPoint(0.8, 0.1, 0.1) if label == "a" else TriadPoint(0.1, 0.1, 0.8)
            stories.append(Story(f"{label}{i}", f"T{label}{i}", "tekst", {"duur": v, "rol": rol, "groep": label}))
    return StoryCollection("c", "C", qs, stories)


def test_too_few_stories_is_said_plainly():
    c = _slider_collection([0.1] * 9, [0.9] * 30)
    comparison = compare_groups(c, "duur", "groep", "a")
    assert comparison.too_few and comparison.p_value is None
    assert TOO_FEW in comparison.verdict.lower()
    assert "n=9" in comparison.verdict
    assert comparison.mean_a == pytest.approx([0.1]) and comparison.mean_b == pytest.approx([0.9])


def test_clear_difference_and_no_difference_verdicts():
    rng = np.random.default_rng(0)
    c = _slider_collection(list(rng.uniform(0.0, 0.4, 15)), list(rng.uniform(0.6, 1.0, 15)))
    clear = compare_groups(c, "duur", "groep", "a", "b")
    assert clear.p_value < 0.01 and clear.verdict.count("duidelijk") == 1
    assert "'kort' (0) – 'blijvend' (1)" in clear.verdict
    triad = compare_groups(c, "rol", "groep", "a")
    assert triad.p_value < 0.01 and "'ik zelf'" in triad.verdict
    assert sum(triad.mean_a) == pytest.approx(1.0)

    same = list(rng.uniform(0, 1, 14))
    c2 = _slider_collection(same, list(reversed(same)))
    none = compare_groups(c2, "duur", "groep", "a")
    assert none.statistic == pytest.approx(0.0, abs=1e-12)
    assert none.p_value > 0.5 and none.verdict.startswith("Gemiddelde")
    assert "Geen aantoonbaar verschil" in none.verdict


def test_unanswered_stories_are_left_out_and_types_checked():
    c = _slider_collection([0.1] * 12, [0.9] * 12)
    from analysis.stories.model import NOT_APPLICABLE

    c.stories[0].answers["duur"] = NOT_APPLICABLE
    comparison = compare_stories(c, "duur", c.stories[:12], c.stories[12:])
    assert comparison.n_a == 11 and "a0" not in comparison.ids_a
    with pytest.raises(ValueError, match="cannot group stories by question 'duur'"):
        compare_groups(c, "rol", "duur", "a")
