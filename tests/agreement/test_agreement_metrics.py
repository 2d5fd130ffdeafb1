"""The coefficients on hand-computed cases, and Krippendorff's alpha against the krippendorff package."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.agreement import cohen_kappa, krippendorff_alpha, percent_agreement

A = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]
B = [1, 1, 1, 0, 0, 0, 0, 1, 1, 0]
TWO = [{"a": a, "b": b} for a, b in zip(A, B)]


def test_percent_agreement_two_coders():
    # units 4 and 8 differ, the other 8 agree: 8 / 10
    assert percent_agreement(TWO) == pytest.approx(0.8)


def test_cohen_kappa_by_hand():
    # p_o = 0.8; each coder says 1 on 5 of 10 units: p_e = .5*.5 + .5*.5 = .5
    # kappa = (.8 - .5) / (1 - .5) = 0.6
    assert cohen_kappa(TWO, "a", "b") == pytest.approx(0.6)


def test_krippendorff_alpha_by_hand():
    # 20 values: n_1 = 10, n_0 = 10. Two disagreeing units give o(0,1) = o(1,0) = 2, so
    # D_o = 4 and sum_{c!=k} n_c n_k = 2 * 10 * 10 = 200: alpha = 1 - 19 * 4 / 200 = 0.62
    assert krippendorff_alpha(TWO) == pytest.approx(0.62)


def test_three_coders_with_missing_values_by_hand():
    ratings = [
        {"a": 1, "b": 1, "c": 1},  # 3 agreeing pairs
        {"a": 1, "b": 0},  # 1 disagreeing pair
        {"a": 0, "b": 0, "c": 1},  # pairs ab agree, ac and bc disagree
        {"c": 1},  # not pairable
    ]
    # pairs: 3 + 1 + 3 = 7, agreeing 3 + 0 + 1 = 4
    assert percent_agreement(ratings) == pytest.approx(4 / 7)
    # coincidences: unit 1 gives o(1,1) += 6 * 1/2 = 3; unit 2 o(1,0) = o(0,1) = 1;
    # unit 3 (m=3): o(0,0) += 2 * 1/2 = 1, o(0,1) += 2 * 1/2 = 1, o(1,0) += 1.
    # n_1 = 3 + 1 + 1 = 5, n_0 = 1 + 1 + 1 = 3, n = 8; D_o = o(0,1) + o(1,0) = 4
    # alpha = 1 - 7 * 4 / (2 * 5 * 3) = 1 - 28 / 30
    assert krippendorff_alpha(ratings) == pytest.approx(1 - 28 / 30)
    # kappa only uses the units both a and b judged: (1,1), (1,0), (0,0): p_o = 2/3,
    # p_a(1) = 2/3, p_b(1) = 1/3: p_e = 2/9 + 2/9 = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4
    assert cohen_kappa(ratings, "a", "b") == pytest.approx(0.4)


def test_undefined_cases_are_none_not_numbers():
    assert percent_agreement([{"a": 1}]) is None
    assert cohen_kappa([{"a": 0, "b": 0}] * 4, "a", "b") is None  # p_e = 1
    assert krippendorff_alpha([{"a": 0, "b": 0}] * 4) is None  # one value only
    assert cohen_kappa([{"a": 1}], "a", "b") is None


def test_matches_the_krippendorff_package_on_a_fixed_case():
    import krippendorff

    data = np.array(
        [[1, 1, 1, 1, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 0, 0, 1, 1, 0], [1, np.nan, 1, 0, 0, 1, 0, 1, np.nan, 0]]
    )
    ratings = [{f"c{i}": int(v) for i, v in enumerate(col) if not math.isnan(v)} for col in data.T]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(ratings) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=3, max_size=3),
        min_size=2,
        max_size=25,
    )
)
def test_alpha_agrees_with_the_krippendorff_package(units):
    import krippendorff

    ratings = [{f"c{i}": v for i, v in enumerate(u) if v is not None} for u in units]
    ours = krippendorff_alpha(ratings)
    data = np.array([[np.nan if v is None else v for v in u] for u in units], dtype=float).T
    values = {v for u in ratings if len(u) >= 2 for v in u.values()}
    if ours is None or len(values) < 2:
        assert ours is None or len(values) >= 2
        return
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(expected, abs=1e-9)
