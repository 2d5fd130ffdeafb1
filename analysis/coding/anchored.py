"""Prior-anchored residual learner: the zero-shot coder plus what the decisions add to it.

Per code ``j`` the probability that a passage carries it is

    logit p_j(x) = o_j(x) + a_j + f_j(x)

with ``o_j`` the zero-shot coder's logit (an *offset*: its coefficient is fixed at 1, never refitted),
``a_j`` a shift and ``f_j`` a residual on the passage's features (lexical TF-IDF rows and/or the centred
sentence-encoder vectors, combined as a sum of cosine kernels). Both get Gaussian priors centred on 0: the
shift N(0, 1), the residual N(0, 1/l2) on its weights. With no decisions the coder *is* the zero-shot
coder; every decision can only move it by evidence, and the more decisions agree, the further.

The one hyper-parameter, ``l2``, is chosen by a general rule on the decisions alone: K-fold inner
cross-validation of the log-loss over the codes being learned (no gold, no test passages). Codes nobody
codes (the other axis, subcodes below the level in use: :func:`analysis.coding.active.queue_columns`)
keep the zero-shot scores.

The model is fitted in the span of the training passages (representer theorem): with ``K = U S Uᵀ`` the
training kernel, the passages' coordinates are ``Z = U S^½`` and a new passage's ``k(x, train) U S^-½``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

__all__ = ["AnchoredResidual", "L2_GRID", "kernel_blocks", "newton_logistic"]

#: The prior precisions of the residual's weights the inner cross-validation chooses from.
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
#: Prior precision of each code's shift ``a_j``.
SHIFT_L2 = 1.0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def kernel_blocks(blocks: Sequence[np.ndarray | sp.spmatrix]) -> sp.csr_matrix:
    """One (sparse) feature matrix whose inner products are the sum of the blocks' cosines."""
    return sp.hstack([normalize(sp.csr_matrix(b, dtype=np.float64)) for b in blocks], format="csr")


def _dense(M) -> np.ndarray:
    return M.toarray() if sp.issparse(M) else np.asarray(M)


def newton_logistic(A: np.ndarray, y: np.ndarray, reg: np.ndarray, offset: np.ndarray | float = 0.0,
                    iterations: int = 50, tol: float = 1e-8) -> np.ndarray:
    """MAP weights of an L2-penalised logistic regression (penalty ``reg`` per column of ``A``) with a
    fixed ``offset`` added to every logit, by Newton steps."""
    w = np.zeros(A.shape[1])
    for _ in range(iterations):
        p = _sigmoid(offset + A @ w)
        grad = A.T @ (p - y) + reg * w
        H = (A * (p * (1 - p))[:, None]).T @ A + np.diag(reg)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < tol:
            break
    return w


def _fit_one(Z: np.ndarray, o: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """MAP weights (residual coordinates, then the shift) of one code."""
    A = np.hstack([Z, np.ones((Z.shape[0], 1))])
    reg = np.full(A.shape[1], l2)
    reg[-1] = SHIFT_L2
    return newton_logistic(A, y, reg, o, iterations=30, tol=1e-7)


class _Span:
    """Coordinates in the span of the training rows (``Z = U S^½``)."""

    def __init__(self, F: np.ndarray):
        self.F = F
        K = _dense(F @ F.T)
        s, U = np.linalg.eigh(K)
        keep = s > 1e-8 * max(float(s.max()) if len(s) else 0.0, 1e-12)
        self.U, self.s = U[:, keep], s[keep]
        self.Z = self.U * np.sqrt(self.s)

    def coords(self, F_new: np.ndarray) -> np.ndarray:
        return _dense(F_new @ self.F.T) @ (self.U / np.sqrt(self.s))


class AnchoredResidual:
    """The residuals ``a_j + f_j(x)`` of the codes in ``columns`` over the zero-shot offsets.

    ``fit(F, offsets, Y, mask)``: ``F`` the training feature rows (:func:`kernel_blocks`), ``offsets`` and
    ``Y`` (passages, codes) the zero-shot logits and the 0/1 decisions, ``mask`` which (passage, code)
    pairs are decided. ``residual(F_new)`` gives (passages, codes) logit shifts, 0 in other columns.
    """

    def __init__(self, columns: Sequence[int], *, l2: float | None = None, grid: Sequence[float] = L2_GRID,
                 cv: int = 5, random_state: int = 0, threshold_positives: int = 0,
                 threshold_range: tuple[float, float] = (0.2, 0.6)):
        self.threshold_positives = threshold_positives
        self.threshold_range = threshold_range
        self.columns = list(columns)
        self.l2 = l2
        self.grid = tuple(grid)
        self.cv = cv
        self.random_state = random_state

    def _fit_all(self, F: np.ndarray, O: np.ndarray, Y: np.ndarray, M: np.ndarray, l2: float):
        span = _Span(F)
        weights = {}
        for j in self.columns:
            rows = M[:, j]
            if rows.any():
                weights[j] = _fit_one(span.Z[rows], O[rows, j], Y[rows, j].astype(float), l2)
        return span, weights

    @staticmethod
    def _apply(span: _Span, weights: dict, F_new: np.ndarray, n_codes: int) -> np.ndarray:
        R = np.zeros((F_new.shape[0], n_codes))
        if not weights:
            return R
        Zn = span.coords(F_new)
        for j, w in weights.items():
            R[:, j] = Zn @ w[:-1] + w[-1]
        return R

    def _oof(self, F, O: np.ndarray, Y: np.ndarray, M: np.ndarray, l2: float) -> np.ndarray | None:
        """Out-of-fold residuals (passages, codes) of precision ``l2``, or None with too few passages."""
        n = F.shape[0]
        folds = min(self.cv, n)
        if folds < 2:
            return None
        fold_of = np.random.default_rng(self.random_state).permutation(n) % folds
        R = np.zeros(Y.shape)
        for k in range(folds):
            tr, te = np.nonzero(fold_of != k)[0], np.nonzero(fold_of == k)[0]
            span, weights = self._fit_all(F[tr], O[tr], Y[tr], M[tr], l2)
            R[te] = self._apply(span, weights, F[te], Y.shape[1])
        return R

    def choose_l2(self, F, O: np.ndarray, Y: np.ndarray, M: np.ndarray) -> float:
        """The grid's precision with the least inner cross-validated log-loss over the learned codes."""
        best, best_loss = float(np.median(self.grid)), np.inf
        self._oof_by_l2: dict[float, np.ndarray] = {}
        if not self.columns:
            return best
        for l2 in self.grid:
            R = self._oof(F, O, Y, M, l2)
            if R is None:
                return best
            self._oof_by_l2[l2] = R
            loss = 0.0
            for j in self.columns:
                rows = M[:, j]
                p = np.clip(_sigmoid(O[rows, j] + R[rows, j]), 1e-6, 1 - 1e-6)
                y = Y[rows, j]
                loss -= float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
            if loss < best_loss - 1e-9:
                best, best_loss = float(l2), loss
        return best

    def _thresholds(self, F, O: np.ndarray, Y: np.ndarray, M: np.ndarray) -> np.ndarray:
        """Per code, the logit shift that moves the decision to its out-of-fold F1-best cut-off (codes with
        at least ``min_positives`` accepted passages; 0, the zero-shot rule, for the others)."""
        out = np.zeros(Y.shape[1])
        if not self.threshold_positives:
            return out
        R = getattr(self, "_oof_by_l2", {}).get(self.l2_)
        if R is None:
            R = self._oof(F, O, Y, M, self.l2_)
        if R is None:
            return out
        lo, hi = self.threshold_range
        for j in self.columns:
            rows = M[:, j]
            y = Y[rows, j] > 0.5
            if y.sum() < self.threshold_positives or (~y).sum() < self.threshold_positives:
                continue
            p = _sigmoid(O[rows, j] + R[rows, j])
            best_t, best_f = 0.5, -1.0
            for t in np.linspace(lo, hi, 17):
                pred = p >= t
                tp = float((pred & y).sum())
                f1 = 2 * tp / (pred.sum() + y.sum()) if tp else 0.0
                if f1 > best_f + 1e-9:
                    best_t, best_f = float(t), f1
            out[j] = -np.log(best_t / (1 - best_t))
        return out

    def fit(self, F: np.ndarray, offsets: np.ndarray, Y: np.ndarray, mask: np.ndarray | None = None) -> AnchoredResidual:
        Y = np.asarray(Y, dtype=float)
        M = np.ones(Y.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        self.n_codes_ = Y.shape[1]
        self.l2_ = float(self.l2) if self.l2 is not None else self.choose_l2(F, offsets, Y, M)
        self.span_, self.weights_ = self._fit_all(F, offsets, Y, M, self.l2_)
        self.cut_ = self._thresholds(F, offsets, Y, M)
        self._oof_by_l2 = {}
        return self

    def residual(self, F_new: np.ndarray) -> np.ndarray:
        """The logit shifts of the fitted model (what the probabilities use)."""
        return self._apply(self.span_, self.weights_, F_new, self.n_codes_)

    def decision_shift(self, F_new: np.ndarray) -> np.ndarray:
        """:meth:`residual` plus each code's cut-off shift: what the zero-shot decoding compares with its
        threshold."""
        return self.residual(F_new) + self.cut_
