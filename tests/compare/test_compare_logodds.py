"""Weighted log-odds with an informative Dirichlet prior, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compare import distinctive_features, informative_prior, log_odds_dirichlet


def test_two_groups_two_words_by_hand():
    # group i: x=3, y=1 (n_i=4); group j: x=1, y=3 (n_j=4); prior = pooled counts: x=4, y=4 (a0=8)
    # word x: omega_i = (3+4)/(4+8-3-4) = 7/5; omega_j = (1+4)/(4+8-1-4) = 5/7
    #   delta = ln(7/5) - ln(5/7) = 2 ln 1.4 = 0.672944
    #   var = 1/(3+4) + 1/(1+4) = 1/7 + 1/5 = 0.342857; z = 0.672944 / sqrt(0.342857) = 1.149271
    delta, var, z = log_odds_dirichlet(np.array([3, 1]), np.array([1, 3]), np.array([4, 4]))
    assert delta[0] == pytest.approx(2 * math.log(1.4))
    assert delta[0] == pytest.approx(0.672944, abs=1e-6)
    assert var[0] == pytest.approx(1 / 7 + 1 / 5)
    assert z[0] == pytest.approx(1.149271, abs=1e-6)
    # word y is the mirror image
    assert delta[1] == pytest.approx(-delta[0]) and z[1] == pytest.approx(-z[0])


def test_prior_scale_weakens_the_prior():
    counts = pd.DataFrame({"x": [3, 1], "y": [1, 3]}, index=["A", "B"])
    # prior rescaled to sum to 2: alpha = (1, 1)
    prior = informative_prior(counts, prior_scale=2)
    assert prior.tolist() == [1.0, 1.0]
    # word x in A: (3+1)/(4+2-3-1) = 2; in B: (1+1)/(4+2-1-1) = 1/2 -> delta = ln 4 = 1.386294
    # var = 1/4 + 1/2 = 0.75 -> z = 1.386294 / 0.866025 = 1.600755
    out = distinctive_features(counts, prior_scale=2)
    row = out[(out["group"] == "A") & (out["feature"] == "x")].iloc[0]
    assert row["log_odds"] == pytest.approx(math.log(4))
    assert row["z"] == pytest.approx(1.600755, abs=1e-6)
    assert (row["count"], row["count_rest"], row["rate"]) == (3, 1, 0.75)


def test_one_group_against_the_rest_and_ordering():
    counts = pd.DataFrame({"x": [3, 1, 0], "y": [1, 3, 0], "z": [0, 0, 2]}, index=["A", "B", "C"])
    out = distinctive_features(counts)
    # groups keep their order; within a group the most distinctive first
    assert list(dict.fromkeys(out["group"])) == ["A", "B", "C"]
    a = out[out["group"] == "A"]
    assert a.iloc[0]["feature"] == "x"
    assert list(a["z"]) == sorted(a["z"], reverse=True)
    # C vs the rest (A+B): z-word counts 2 vs 0 -> clearly positive; x, y negative
    c = out[out["group"] == "C"].set_index("feature")
    assert c.loc["z", "z"] > 0 > c.loc["x", "z"]
    assert c.loc["z", "count_rest"] == 0


def test_a_single_group_has_nothing_to_compare():
    assert distinctive_features(pd.DataFrame({"x": [3], "y": [1]}, index=["A"])).empty


def test_min_count_and_input_checks():
    counts = pd.DataFrame({"x": [3, 1], "rare": [1, 0]}, index=["A", "B"])
    assert set(distinctive_features(counts, min_count=2)["feature"]) == {"x"}
    with pytest.raises(ValueError, match="differ in length"):
        log_odds_dirichlet(np.array([1, 2]), np.array([1]), np.array([1, 1]))
    with pytest.raises(ValueError, match="prior is 0"):
        log_odds_dirichlet(np.array([1, 0]), np.array([0, 0]), np.array([0, 1]))
    with pytest.raises(ValueError, match="prior_scale must be positive"):
        informative_prior(counts, prior_scale=0)
