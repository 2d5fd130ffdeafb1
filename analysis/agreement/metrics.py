"""Agreement coefficients on nominal data, written out so the arithmetic can be checked.

Data layout ("ratings"): one mapping per unit from coder to value. A coder who
did not judge a unit is simply absent from that unit's mapping (a missing value,
not a "no"). Values are any hashables; for coding agreement they are 1 (code
applied) and 0 (code not applied).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import permutations

Ratings = Sequence[Mapping[str, Hashable]]


def pairable(ratings: Ratings) -> list[Mapping[str, Hashable]]:
    """Units with values from at least two coders (the only ones that say anything about agreement)."""
    return [u for u in ratings if len(u) >= 2]


def percent_agreement(ratings: Ratings) -> float | None:
    """Share of agreeing coder pairs over all coder pairs within units.

    With two coders this is the share of units on which both gave the same value.
    With more, every unordered pair of coders on a unit counts once. None when no
    unit has two values.
    """
    agree = total = 0
    for unit in pairable(ratings):
        values = list(unit.values())
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                total += 1
                agree += values[i] == values[j]
    return agree / total if total else None


def cohen_kappa(ratings: Ratings, coder_a: str, coder_b: str) -> float | None:
    """Cohen's kappa for two coders over the units both judged.

    ``kappa = (p_o - p_e) / (1 - p_e)`` with ``p_o`` the observed share of agreement and
    ``p_e = sum_k p_a(k) * p_b(k)`` the agreement expected from each coder's own value
    distribution. None when no unit was judged by both, or when ``p_e == 1`` (both coders
    used one and the same value throughout: kappa is undefined).
    """
    pairs = [(u[coder_a], u[coder_b]) for u in ratings if coder_a in u and coder_b in u]
    n = len(pairs)
    if n == 0:
        return None
    p_o = sum(a == b for a, b in pairs) / n
    count_a = Counter(a for a, _ in pairs)
    count_b = Counter(b for _, b in pairs)
    p_e = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def krippendorff_alpha(ratings: Ratings) -> float | None:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    Built from the coincidence matrix: every unit with ``m >= 2`` values contributes, for
    every ordered pair of values from different coders, ``1 / (m - 1)`` to ``o[c][k]``.
    With ``n_c`` the row sums and ``n`` the total number of pairable values::

        alpha = 1 - (n - 1) * sum_{c != k} o[c][k] / sum_{c != k} n_c * n_k

    None when fewer than two values are pairable or only one value occurs (no variation:
    alpha is undefined).
    """
    o: Counter[tuple[Hashable, Hashable]] = Counter()
    for unit in pairable(ratings):
        values = list(unit.values())
        m = len(values)
        for i, j in permutations(range(m), 2):
            o[(values[i], values[j])] += 1.0 / (m - 1)
    n_c: Counter[Hashable] = Counter()
    for (c, _k), weight in o.items():
        n_c[c] += weight
    n = sum(n_c.values())
    if n < 2:
        return None
    observed = sum(w for (c, k), w in o.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected
