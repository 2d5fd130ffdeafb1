"""Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

For a feature *w* (a word or a theme), a group *i* and the comparison group *j*
(by default: all other groups together), with counts ``y`` and totals ``n``, and
a prior ``α_w`` with ``α_0 = Σ α_w``::

    δ_w = log[(y_wi + α_w) / (n_i + α_0 - y_wi - α_w)]
        - log[(y_wj + α_w) / (n_j + α_0 - y_wj - α_w)]
    σ²(δ_w) ≈ 1 / (y_wi + α_w) + 1 / (y_wj + α_w)
    z_w = δ_w / σ(δ_w)

The informative prior is the pooled counts of all groups (the "background"):
``α_w = y_w,all`` by default, or rescaled to sum to ``prior_scale``
(``α_w = prior_scale · y_w,all / n_all``) for a weaker or stronger prior.
|z| > 1.96 is the usual threshold for a distinctive feature.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

LOG_ODDS_COLUMNS = ("group", "feature", "count", "count_rest", "rate", "log_odds", "variance", "z")


def log_odds_dirichlet(
    y_i: np.ndarray | pd.Series,
    y_j: np.ndarray | pd.Series,
    prior: np.ndarray | pd.Series,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(δ, σ², z)`` per feature for group *i* against group *j* under the Dirichlet ``prior``.

    All three inputs are aligned count vectors; ``prior`` must be positive wherever
    ``y_i`` or ``y_j`` is.
    """
    yi = np.asarray(y_i, dtype=float)
    yj = np.asarray(y_j, dtype=float)
    a = np.asarray(prior, dtype=float)
    if not (yi.shape == yj.shape == a.shape):
        raise ValueError(f"count vectors differ in length: {yi.shape}, {yj.shape}, prior {a.shape}")
    if (a < 0).any() or (yi < 0).any() or (yj < 0).any():
        raise ValueError("counts and prior must not be negative")
    if ((a == 0) & ((yi > 0) | (yj > 0))).any():
        raise ValueError("the prior is 0 for a feature that occurs; use the pooled counts as prior")
    ni, nj, a0 = yi.sum(), yj.sum(), a.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
        variance = 1.0 / (yi + a) + 1.0 / (yj + a)
        z = delta / np.sqrt(variance)
    return delta, variance, z


def informative_prior(counts: pd.DataFrame, prior_scale: float | None = None) -> pd.Series:
    """Pooled counts per feature (columns of ``counts``), optionally rescaled to sum to ``prior_scale``."""
    pooled = counts.sum(axis=0).astype(float)
    if prior_scale is not None:
        if prior_scale <= 0:
            raise ValueError(f"prior_scale must be positive, got {prior_scale}")
        total = pooled.sum()
        pooled = pooled * (prior_scale / total) if total else pooled
    return pooled


def distinctive_features(
    counts: pd.DataFrame,
    *,
    prior: pd.Series | Mapping[str, float] | None = None,
    prior_scale: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Each group (row of ``counts``) against all other groups together, per feature (column).

    Returns one row per (group, feature) with ``count`` (in the group),
    ``count_rest``, ``rate`` (count / group total), ``log_odds`` (δ), ``variance``
    and ``z``; in group order (as in ``counts``) and by z (descending). Features with fewer than
    ``min_count`` occurrences over all groups are left out (they still count in
    the totals). With fewer than two groups there is nothing to compare: the result is empty.
    """
    counts = counts.fillna(0).astype(float)
    if len(counts.index) < 2:  # nothing to compare against
        return pd.DataFrame(columns=list(LOG_ODDS_COLUMNS))
    if prior is None:
        alpha = informative_prior(counts, prior_scale)
    else:
        alpha = pd.Series(prior, dtype=float).reindex(counts.columns).fillna(0.0)
    keep = counts.sum(axis=0) >= min_count
    frames = []
    for group in counts.index:
        yi = counts.loc[group]
        yj = counts.drop(index=group).sum(axis=0)
        delta, var, z = log_odds_dirichlet(yi.to_numpy(), yj.to_numpy(), alpha.to_numpy())
        total = yi.sum()
        frame = pd.DataFrame(
            {
                "group": group,
                "feature": counts.columns,
                "count": yi.to_numpy().astype(int),
                "count_rest": yj.to_numpy().astype(int),
                "rate": yi.to_numpy() / total if total else np.zeros(len(yi)),
                "log_odds": delta,
                "variance": var,
                "z": z,
            }
        )
        frames.append(frame[keep.to_numpy()])
    if not frames:
        return pd.DataFrame(columns=list(LOG_ODDS_COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    position = {g: i for i, g in enumerate(counts.index)}
    out["_pos"] = out["group"].map(position)
    out = out.sort_values(["_pos", "z", "feature"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)[list(LOG_ODDS_COLUMNS)]
