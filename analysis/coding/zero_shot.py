"""Zero-shot coder: rules + similarity to each code's description, before any coding exists.

For every codable code a *profile* is built from its name, definition, inclusion
criteria, keywords and example quotes. Passages and profiles are compared in two
spaces fitted on the corpus being coded (plus the profiles):

* TF-IDF over content lemmas, compound parts and bigrams (exact vocabulary);
* an LSA space (truncated SVD of that TF-IDF matrix) that also links words which
  co-occur in the corpus.

The profile is then expanded with the centroid of the passages it matches best
(pseudo-relevance feedback), so it picks up how *this* corpus talks about the
theme. The similarities, the best similarity to any single definition, criterion
or example, and the rule evidence are combined, and every code's (and family's)
scores are standardised over the corpus: per-code calibration on unlabelled text
with the median and lower spread of the bulk (robust to common themes), shrunk to
pooled statistics for small corpora, so long and short code descriptions compete
fairly. Each similarity is standardised the same way per code before the
combination (``combine="z"``). A passage's mean family score is partly subtracted
(a passage close to every theme is evidence for none).

Decisions work per *family* (a top-level code with its descendants) and per
*axis* (thematic codes and, e.g., the stance axis never compete): a passage's best
family is assigned when its standardised score passes a floor, any further family
only when it stands out on its own (a higher absolute bar), and the best member of
each family is suggested. A sentence encoder can be added (``encoder=``, see :mod:`analysis.embeddings`, or
``embedding_model=<local path>`` of a sentence-transformers model); it is never required and never
downloaded.
"""

from __future__ import annotations

import copy

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from analysis.domain import Code, Codebook, CodingOrigin, EvidenceSpan
from analysis.errors import OptionError
from analysis.nlp import content_lemmas_many

from .base import AnalyzedPassage, Suggestion, analyze_passages, codable_codes
from .errors import ModelFolderMissing
from .features import LemmaVectorizer
from .rules import RuleCoder

__all__ = ["ZeroShotCoder", "ZeroShotFeatures", "ZeroShotScores"]

_ROLE_REPEAT = {"name": 2, "definition": 1, "inclusion": 1, "keywords": 1, "examples": 1}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60.0, 60.0)))


def _robust_stats(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column location and spread of the bulk: the median and the lower one-sided spread (the
    passages *without* a theme, as long as fewer than half have it), at least a quarter of the std."""
    mu = np.median(M, axis=0)
    return mu, np.maximum(mu - np.percentile(M, 16, axis=0), 0.25 * M.std(axis=0))


@dataclass(slots=True, eq=False)
class ZeroShotFeatures:
    """What :meth:`ZeroShotCoder.transform` computes for a batch: everything that does not depend on the
    profiles, computed once and shared by scoring, suggestions, probabilities and the review queue."""

    analyzed: list[AnalyzedPassage]
    #: TF-IDF rows of the passages' content lemmas (also the rows the review queue compares for diversity).
    lexical: sp.csr_matrix
    lsa: np.ndarray | None = None
    sentences: tuple[sp.csr_matrix | None, np.ndarray] | None = None
    embeddings: np.ndarray | None = None
    rule: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # rule confidence per (passage, code)
    family_rule: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    rule_suggestions: list[list[Suggestion]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.analyzed)


@dataclass(slots=True, eq=False)
class ZeroShotScores:
    """What :meth:`ZeroShotCoder.score` makes of :class:`ZeroShotFeatures`: standardised scores per code
    and per family, the per-code decision score and the [0, 1] probabilities."""

    features: ZeroShotFeatures
    code: np.ndarray  # (passages, codes) standardised code scores
    family: np.ndarray  # (passages, families) standardised family scores
    decision: np.ndarray  # (passages, codes): half the code's family score plus half its own
    proba: np.ndarray  # (passages, codes): logistic of ``decision``, raised by strong rule evidence

    @property
    def rule(self) -> np.ndarray:
        return self.features.rule


class ZeroShotCoder:
    """Code passages from the codebook alone (no researcher decisions needed).

    Parameters
    ----------
    codebook:
        The codebook; only codable codes are suggested.
    rule_weight, tfidf_weight, lsa_weight:
        Weights of the rule confidence and the two similarities in the raw score.
    n_components:
        LSA dimensions (capped by the corpus size).
    lsa_features:
        The LSA space is fitted on this many most widespread features.
    expansion:
        Weight of the pseudo-relevance-feedback centroid added to each profile (0 disables).
    threshold:
        Minimum standardised family score (in robust corpus standard deviations) for a suggestion:
        the floor a passage's best family must pass.
    extra_threshold:
        Any further family of the same axis needs at least this standardised score (it must stand
        out of the bulk on its own, an outlier rule; ``None``: ``threshold``).
    margin:
        A further family also needs at least this fraction of the best family's score (relative
        margin; 0 disables it). Defaults 2 / 3 / 0 were chosen with nested cross-validation on the
        demo gold; before they were 0.75 / none / 0.6 (README, "Zero-shot calibration and decoding").
    item_weight:
        Weight of the best similarity to any single definition, inclusion criterion or example.
    sentence_weight:
        Weight of the best similarity of any one sentence of the passage (multi-theme turns).
    contrast:
        Subtract this fraction of the passage's mean family score (same axis) from every score.
    max_codes:
        At most this many families per passage and axis.
    rule_override:
        A rule confidence at or above this assigns the code whatever the similarity says.
    shrinkage:
        Pseudo-count of passages that pull per-code statistics toward pooled ones.
    embedding_model:
        Optional local path of a sentence-transformers model to add embedding similarity.
    encoder:
        A sentence encoder (:mod:`analysis.embeddings`; a ``CachedEncoder`` caches the code
        descriptions' vectors). The cosine of a passage to each code's description (the mean of
        its definition, inclusion criteria and examples, query side) is added with
        ``embedding_weight``; passages bring their own vectors (``AnalyzedPassage.embedding``) or
        are embedded. Measured (README) with the default decoding: demo interviews 0.64 -> 0.66 at
        weight 0.5, unseen report paragraphs 0.60 -> 0.63, Deventer 0.94 -> 0.96.
    embedding_center:
        Centre passage and description vectors on their means first (e5 cosines crowd together).
    embedding_profile:
        ``"mean"``: a code's description vector is the mean of its texts; ``"max"``: the best
        cosine to any one of them (definition, criterion, example).
    embedding_expansion:
        Pseudo-relevance feedback in the encoder's space: add this weight of the centroid of each
        code's best passages to its description vector (0 disables).
    combine:
        ``"z"``: every similarity (TF-IDF, LSA, best item, sentences, encoder) is first standardised
        per code over the corpus being coded (robust location and spread), scaled by its pooled
        spread, then weighted and added, so that one code's noisy space does not outweigh the
        others; ``"sum"``: the raw weighted sum (the method before).
    """

    def __init__(
        self,
        codebook: Codebook,
        *,
        rule_weight: float = 0.5,
        tfidf_weight: float = 1.0,
        lsa_weight: float = 1.0,
        n_components: int = 100,
        lsa_features: int = 20_000,
        expansion: float = 0.5,
        item_weight: float = 0.5,
        sentence_weight: float = 0.0,
        contrast: float = 0.5,
        robust: bool = True,
        threshold: float = 2.0,
        margin: float = 0.0,
        extra_threshold: float | None = 3.0,
        max_codes: int = 3,
        rule_override: float = 0.85,
        shrinkage: float = 40.0,
        embedding_model: str | None = None,
        embedding_weight: float = 0.5,
        encoder: Any = None,
        embedding_center: bool = True,
        embedding_profile: str = "mean",
        embedding_expansion: float = 0.0,
        combine: str = "z",
        random_state: int = 0,
    ) -> None:
        self.codebook = codebook
        self.rule_weight = rule_weight
        self.tfidf_weight = tfidf_weight
        self.lsa_weight = lsa_weight
        self.n_components = n_components
        self.lsa_features = lsa_features
        self.expansion = expansion
        self.item_weight = item_weight
        self.sentence_weight = sentence_weight
        self.contrast = contrast
        self.robust = robust
        self.threshold = threshold
        self.margin = margin
        self.extra_threshold = extra_threshold
        self.max_codes = max_codes
        self.rule_override = rule_override
        self.shrinkage = shrinkage
        self.embedding_model = embedding_model
        self.embedding_weight = embedding_weight
        self.encoder = encoder
        self.embedding_center = embedding_center
        if embedding_profile not in ("mean", "max"):
            raise OptionError("coding.unknown_embedding_profile", value=embedding_profile)
        self.embedding_profile = embedding_profile
        self.embedding_expansion = embedding_expansion
        if combine not in ("sum", "z"):
            raise OptionError("coding.unknown_combine", value=combine)
        self.combine = combine
        self.random_state = random_state

    # ------------------------------------------------------------------ profiles
    def _code_texts(self, code: Code) -> list[str]:
        texts: list[str] = [code.name] * _ROLE_REPEAT["name"]
        if code.definition:
            texts.append(code.definition)
        texts.extend(code.inclusion)
        texts.extend(code.keywords)
        texts.extend(code.examples)
        return [t.replace("*", "") for t in texts]

    def _profile_docs(self) -> list[list[str]]:
        """One lemma document per unit: every codable code, then every family (root + descendants)."""
        cb = self.codebook
        per_code = {c.id: [lem for lst in content_lemmas_many(self._code_texts(c)) for lem in lst] for c in cb.codes}
        docs = [per_code[c] for c in self.code_ids_]
        for root in self.families_:
            members = [c.id for c in cb.codes if cb.path(c.id)[0] == root]
            docs.append([lem for m in members for lem in per_code[m]])
        return docs

    def _item_docs(self) -> tuple[list[list[str]], list[list[int]]]:
        """Single descriptive texts (definition, each inclusion criterion, each example) and
        the units (code column, family column) each belongs to."""
        cb = self.codebook
        nc = len(self.code_ids_)
        col = {c: j for j, c in enumerate(self.code_ids_)}
        fam = {f: nc + i for i, f in enumerate(self.families_)}
        texts: list[str] = []
        owners: list[list[int]] = []
        for c in cb.codes:
            units = [fam[cb.path(c.id)[0]]] if cb.path(c.id)[0] in fam else []
            if c.id in col:
                units.append(col[c.id])
            if not units:
                continue
            for t in ([c.definition] if c.definition else []) + list(c.inclusion) + list(c.examples):
                texts.append(t)
                owners.append(units)
        return content_lemmas_many(texts), owners

    def _families(self) -> None:
        cb = self.codebook
        self.family_of_: list[str] = []
        self.axis_of_: list[str] = []
        for code in self.codes_:
            root = cb.path(code.id)[0]
            self.family_of_.append(root)
            axis = code.axis or cb.code(root).axis or ""
            self.axis_of_.append(axis)
        self.families_: list[str] = sorted(set(self.family_of_), key=self.family_of_.index)
        fam_idx = {f: i for i, f in enumerate(self.families_)}
        self.family_col_ = np.array([fam_idx[f] for f in self.family_of_], dtype=int)
        self.family_axis_ = [self.axis_of_[self.family_of_.index(f)] for f in self.families_]

    # ------------------------------------------------------------------ fitting
    def fit(self, passages: Iterable[Any], y: Any = None) -> ZeroShotCoder:
        """Fit the spaces and the per-code calibration on the (unlabelled) corpus to be coded."""
        analyzed = analyze_passages(passages)
        self.codes_ = codable_codes(self.codebook)
        if not self.codes_:
            raise OptionError("coding.no_codable_codes", codebook=self.codebook.id)
        self.code_ids_ = [c.id for c in self.codes_]
        self._families()
        self.rules_ = RuleCoder(self.codebook).fit()
        profiles = self._profile_docs()
        corpus = [a.content for a in analyzed]
        self.vectorizer_ = LemmaVectorizer().fit(corpus + profiles)
        self._content_vocab = {lem for doc in corpus + profiles for lem in doc}
        X = self.vectorizer_.transform(corpus)
        P = self.vectorizer_.transform(profiles)
        stacked = sp.vstack([X, P]).tocsr()
        # LSA on the most widespread features only (rare ones add cost, not topics).
        df = np.bincount(stacked.indices, minlength=stacked.shape[1])
        self._lsa_cols = np.sort(np.argsort(-df, kind="stable")[: self.lsa_features])
        k = min(self.n_components, stacked.shape[0] - 1, len(self._lsa_cols) - 1)
        self.svd_: TruncatedSVD | None = None
        if k >= 2:
            self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state).fit(stacked[:, self._lsa_cols])
        self.profiles_ = normalize(P).toarray()
        item_docs, self._item_owner = self._item_docs()
        self._items = normalize(self.vectorizer_.transform(item_docs)) if item_docs else None
        self._embedder = None
        self._emb_feedback = None
        self._comp_stats: dict[str, tuple[np.ndarray, np.ndarray, float]] | None = None
        if self.embedding_model or self.encoder is not None:
            self._init_embeddings()
            if self.embedding_center and analyzed:
                self._emb_center = self._passage_embeddings(analyzed).mean(axis=0)
                self._profile_emb = normalize(self._profile_emb - self._profile_emb.mean(axis=0))
                self._item_emb = normalize(self._item_emb - self._item_emb.mean(axis=0))
        self.n_fit_ = len(analyzed)
        n_units = self.profiles_.shape[0]
        pre = self._transform(analyzed, X)
        self._comp_stats = None
        comps = self._components(pre)
        if corpus and self.combine == "z":
            self._comp_stats = self._component_stats(comps)
        # Pseudo-relevance feedback: add the centroid of each unit's best passages.
        if corpus and self.expansion > 0:
            raw = self._raw_from(pre, comps)
            top = min(len(corpus), max(2, round(0.05 * len(corpus))))
            best = [np.argsort(-raw[:, j])[:top] for j in range(n_units)]
            add = np.vstack([np.asarray(X[b].mean(axis=0)).ravel() for b in best])
            self.profiles_ = normalize(self.profiles_ + self.expansion * normalize(add))
            if pre.embeddings is not None and self.embedding_expansion > 0:
                # The same feedback in the encoder's space: the centroid of the unit's best passages.
                centroid = normalize(np.vstack([pre.embeddings[b].mean(axis=0) for b in best]))
                self._profile_emb = normalize(self._profile_emb + self.embedding_expansion * centroid)
                self._emb_feedback = centroid
            comps = self._components(pre)
            if self.combine == "z":
                self._comp_stats = self._component_stats(comps)
        self._profiles_lsa = self._lsa(self.profiles_) if self.svd_ is not None else None
        # Per-unit calibration on the unlabelled corpus, shrunk to pooled statistics.
        if corpus:
            self.mu_, self.sd_ = self._calibration(self._raw_from(pre, comps))
        else:
            self.mu_, self.sd_ = np.zeros(n_units), np.full(n_units, 0.1)
        self._fit_cache: ZeroShotFeatures | None = pre
        return self

    def with_feedback(
        self,
        features: ZeroShotFeatures,
        positive: np.ndarray,
        decided: np.ndarray | None = None,
        *,
        pseudo: float = 5.0,
        negative: float = 0.25,
        corpus: ZeroShotFeatures | None = None,
    ) -> ZeroShotCoder:
        """A copy whose unit profiles moved towards the decided passages (Rocchio relevance feedback).

        ``positive`` and ``decided`` are (passages, units) booleans, units being the codes (``code_ids_``)
        and then the families (``families_``). A unit with ``k`` accepted passages gets, in the TF-IDF
        space and in the encoder's space, ``description + w·mean(accepted) − negative·w·mean(rejected)``
        (each part unit length, ``w = k / (k + pseudo)``); its LSA profile follows the TF-IDF one. Units
        without an accepted passage keep their description. The similarity statistics and the per-unit
        calibration are then recomputed on ``corpus`` (default: the fitted corpus's features, kept unless
        :meth:`release_corpus` dropped them; else ``features``), so the threshold and decoding keep their
        meaning.
        """
        self._check()
        positive = np.asarray(positive, dtype=bool)
        decided = np.ones_like(positive) if decided is None else np.asarray(decided, dtype=bool)
        new = copy.copy(self)
        X = features.lexical
        E = features.embeddings
        P = self.profiles_.copy()
        PE = getattr(self, "_profile_emb", None)
        PE = PE.copy() if PE is not None else None

        def unit(v: np.ndarray) -> np.ndarray:
            n = float(np.linalg.norm(v))
            return v / n if n > 1e-12 else v

        moved = False
        for u in range(positive.shape[1]):
            pos = np.nonzero(positive[:, u])[0]
            if not len(pos):
                continue
            moved = True
            neg = np.nonzero(decided[:, u] & ~positive[:, u])[0]
            w = len(pos) / (len(pos) + pseudo)
            step = w * unit(np.asarray(X[pos].mean(axis=0)).ravel())
            if len(neg) and negative:
                step -= negative * w * unit(np.asarray(X[neg].mean(axis=0)).ravel())
            P[u] = unit(unit(P[u]) + step)
            if PE is not None and E is not None:
                step = w * unit(E[pos].mean(axis=0))
                if len(neg) and negative:
                    step -= negative * w * unit(E[neg].mean(axis=0))
                PE[u] = unit(unit(PE[u]) + step)
        if not moved:
            return self
        new.profiles_ = P
        if PE is not None:
            new._profile_emb = PE
        new._profiles_lsa = new._lsa(P) if new.svd_ is not None else None
        base = corpus if corpus is not None else getattr(self, "_fit_cache", None)
        base = features if base is None else base
        new._comp_stats = None
        comps = new._components(base)
        if self.combine == "z":
            new._comp_stats = new._component_stats(comps)
        new.mu_, new.sd_ = new._calibration(new._raw_from(base, comps))
        return new

    def release_corpus(self) -> ZeroShotCoder:
        """Forget the fitted corpus's cached features (kept so that scoring the very same
        list again is free); call it when the corpus is large and will not be scored again."""
        self._fit_cache = None
        return self

    def _init_embeddings(self) -> None:
        """Query-side vectors of every unit: the mean of its name/definition, criteria and examples."""
        if self.encoder is None:
            from pathlib import Path

            from analysis.embeddings import SentenceTransformerEncoder

            if not Path(str(self.embedding_model)).exists():
                raise ModelFolderMissing(folder=Path(str(self.embedding_model)).name)
            self.encoder = SentenceTransformerEncoder(str(self.embedding_model))
        cb = self.codebook
        unit_codes = [[c] for c in self.codes_]
        for root in self.families_:
            unit_codes.append([c for c in cb.codes if cb.path(c.id)[0] == root])
        items: list[str] = []
        owner: list[int] = []
        for u, codes in enumerate(unit_codes):
            for c in codes:
                for t in [f"{c.name}: {c.definition}" if c.definition else c.name, *c.inclusion, *c.examples]:
                    items.append(t.replace("*", ""))
                    owner.append(u)
        encode = getattr(self.encoder, "query", None) or (lambda t: self.encoder.encode(t, query=True))
        V = np.asarray(encode(items), dtype=np.float64)
        P = np.zeros((len(unit_codes), V.shape[1]))
        np.add.at(P, np.asarray(owner), V)
        self._profile_emb = normalize(P)
        self._item_emb = V
        self._item_emb_units = [np.nonzero(np.asarray(owner) == u)[0] for u in range(len(unit_codes))]
        self._embedder = self.encoder

    def _embedding_similarity(self, E: np.ndarray) -> np.ndarray:
        """Cosine of every passage vector to every unit's description (``embedding_profile``: the mean
        of its texts, or the best single text), negative cosines as 0."""
        if self.embedding_profile == "max":
            S = E @ self._item_emb.T
            out = np.zeros((E.shape[0], len(self._item_emb_units)))
            for u, cols in enumerate(self._item_emb_units):
                if len(cols):
                    out[:, u] = S[:, cols].max(axis=1)
            feedback = self._emb_feedback
            if feedback is not None:
                out = np.maximum(out, self.embedding_expansion * (E @ feedback.T))
        else:
            out = E @ self._profile_emb.T
        return np.clip(out, 0.0, None)

    def _passage_embeddings(self, analyzed: Sequence[AnalyzedPassage]) -> np.ndarray:
        if analyzed and all(a.embedding is not None for a in analyzed):
            return np.vstack([a.embedding for a in analyzed])
        texts = [a.text for a in analyzed]
        vectors = self.encoder.embed(texts) if hasattr(self.encoder, "embed") else self.encoder.encode(texts)
        return np.asarray(vectors)

    def _check(self) -> None:
        if not hasattr(self, "profiles_"):
            raise RuntimeError("ZeroShotCoder is not fitted yet: call .fit(corpus) first")

    # ------------------------------------------------------------------ scoring
    def _lsa(self, M: Any) -> np.ndarray:
        assert self.svd_ is not None
        return normalize(self.svd_.transform(M[:, self._lsa_cols]))

    def transform(self, passages: Iterable[Any]) -> ZeroShotFeatures:
        """The passages' features (TF-IDF, LSA, sentences, embeddings, rule evidence), computed once.

        Scoring the very corpus the coder was fitted on (the same analysed list) reuses the fit's
        features (see :meth:`release_corpus`).
        """
        self._check()
        analyzed = analyze_passages(passages)
        cache = getattr(self, "_fit_cache", None)
        if cache is not None and cache.analyzed is analyzed:
            return cache
        return self._transform(analyzed)

    def _transform(self, analyzed: list[AnalyzedPassage], X: sp.csr_matrix | None = None) -> ZeroShotFeatures:
        if X is None:
            X = self.vectorizer_.transform([a.content for a in analyzed])
        feats = ZeroShotFeatures(analyzed, X)
        if self.svd_ is not None and self.lsa_weight:
            feats.lsa = self._lsa(X)
        if self.sentence_weight:
            feats.sentences = self._sentences(analyzed)
        if self._embedder is not None:
            E = self._passage_embeddings(analyzed)
            # e5-style cosines crowd near their mean: centre on the passages' mean before comparing.
            feats.embeddings = normalize(E - self._emb_center) if hasattr(self, "_emb_center") else E
        rule, sugg = self.rules_.score_matrix(analyzed)
        fam_rule = np.zeros((len(analyzed), len(self.families_)))
        for j, f in enumerate(self.family_col_):
            fam_rule[:, f] = np.maximum(fam_rule[:, f], rule[:, j])
        feats.rule, feats.family_rule, feats.rule_suggestions = rule, fam_rule, sugg
        return feats

    def _components(self, feats: ZeroShotFeatures) -> list[tuple[str, float, np.ndarray]]:
        """The weighted evidence per (passage, unit), codes first, then families: (name, weight, matrix)."""
        X = feats.lexical
        comps: list[tuple[str, float, np.ndarray]] = [("tfidf", self.tfidf_weight, np.asarray(X @ self.profiles_.T))]
        if feats.lsa is not None:
            P = getattr(self, "_profiles_lsa", None)
            if P is None:
                P = self._lsa(self.profiles_)
            comps.append(("lsa", self.lsa_weight, np.clip(feats.lsa @ P.T, 0.0, None)))
        n_units = self.profiles_.shape[0]
        if feats.sentences is not None:
            Xs, owner = feats.sentences
            best = np.zeros((len(feats), n_units))
            if Xs is not None:
                np.maximum.at(best, owner, np.asarray(Xs @ self.profiles_.T))
            comps.append(("sentence", self.sentence_weight, best))
        if self.item_weight and self._items is not None:
            S = (X @ self._items.T).toarray()
            best = np.zeros((len(feats), n_units))
            for k, units in enumerate(self._item_owner):
                for u in units:
                    np.maximum(best[:, u], S[:, k], out=best[:, u])
            comps.append(("item", self.item_weight, best))
        if feats.embeddings is not None:
            comps.append(("embedding", self.embedding_weight, self._embedding_similarity(feats.embeddings)))
        comps.append(("rule", self.rule_weight, np.hstack([feats.rule, feats.family_rule])))
        return comps

    def _raw_from(
        self, feats: ZeroShotFeatures, comps: list[tuple[str, float, np.ndarray]] | None = None
    ) -> np.ndarray:
        """Raw combined scores per (passage, unit): codes first, then families.

        ``combine="sum"`` adds the weighted similarities as they are; ``combine="z"`` first standardises
        every similarity per unit over the fitted corpus and multiplies it by its pooled spread (see
        :meth:`_component_stats`), so that a space whose cosines run high or wide for one code does not
        outweigh the others there, while the weights keep their meaning. Rule evidence is added as it is.
        """
        comps = self._components(feats) if comps is None else comps
        raw = np.zeros_like(comps[0][2])
        stats = self._comp_stats if self.combine == "z" else None
        for name, weight, M in comps:
            if not weight:
                continue
            if stats is not None and name in stats:
                mu, sd, scale = stats[name]
                M = (M - mu) * (scale / sd)
            raw += weight * M
        return raw

    def _calibration(self, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-unit location and spread of ``M``'s columns over the fitted corpus (robust: the bulk's
        median and lower spread), shrunk toward the pooled ones by ``shrinkage`` pseudo-passages."""
        mu, sd = _robust_stats(M) if self.robust else (M.mean(axis=0), M.std(axis=0))
        pooled_mu, pooled_sd = float(mu.mean()), float(np.sqrt((sd**2).mean()))
        if pooled_sd < 1e-9:  # no spread anywhere (a corpus of one passage): the empty corpus's spread
            pooled_sd = 0.1
        n, m = float(len(M)), self.shrinkage
        return (n * mu + m * pooled_mu) / (n + m), np.maximum((n * sd + m * pooled_sd) / (n + m), 1e-6)

    def _component_stats(
        self, comps: list[tuple[str, float, np.ndarray]]
    ) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
        """Per-unit location and spread of every similarity (not the rules), and its pooled spread."""
        out: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}
        for name, _weight, M in comps:
            if name != "rule" and len(M):
                mu, sd = self._calibration(M)
                out[name] = (mu, sd, float(np.sqrt((sd**2).mean())))
        return out

    def _sentences(self, analyzed: Sequence[AnalyzedPassage]) -> tuple[sp.csr_matrix | None, np.ndarray]:
        """TF-IDF rows of every sentence of the passages, and the passage each belongs to."""
        docs: list[list[str]] = []
        owner: list[int] = []
        vocab = self._content_vocab
        for i, a in enumerate(analyzed):
            sent: list[str] = []
            for t in a.tokens:
                if t.norm in (".", "!", "?"):
                    if sent:
                        docs.append(sent)
                        owner.append(i)
                    sent = []
                elif t.lemma in vocab:
                    sent.append(t.lemma)
            if sent:
                docs.append(sent)
                owner.append(i)
        if not docs:
            return None, np.zeros(0, dtype=int)
        return self.vectorizer_.transform(docs), np.array(owner, dtype=int)

    def score(self, features: ZeroShotFeatures) -> ZeroShotScores:
        """Standardised scores of :meth:`transform`'s features (per code, per family) and probabilities."""
        raw = self._raw_from(features)
        z = (raw - self.mu_) / self.sd_
        nc = len(self.code_ids_)
        if self.contrast:
            # Relative to the passage's other themes: a passage near every code is no evidence for one.
            for axis in set(self.family_axis_):
                fams = [f for f, a in enumerate(self.family_axis_) if a == axis]
                cols = [j for j, a in enumerate(self.axis_of_) if a == axis]
                mean = z[:, [nc + f for f in fams]].mean(axis=1, keepdims=True)
                z[:, [nc + f for f in fams]] -= self.contrast * mean
                z[:, cols] -= self.contrast * mean
        zc, zf = z[:, :nc], z[:, nc:]
        decision = 0.5 * zf[:, self.family_col_] + 0.5 * zc
        return ZeroShotScores(features, zc, zf, decision, self.proba(decision, features.rule))

    def proba(self, decision: np.ndarray, rule: np.ndarray) -> np.ndarray:
        """A [0, 1] score per (passage, code) from decision scores and rule confidences: a logistic of
        the standardised score (0.5 at ``threshold``), at least a rule confidence above ``rule_override``.

        Not calibrated against decisions (there are none yet).
        """
        p = _sigmoid(1.5 * (decision - self.threshold))
        return np.maximum(p, np.where(rule >= self.rule_override, rule, 0.0))

    def confidence(self, family_score: float) -> float:
        """The confidence of a suggestion chosen with this standardised family score."""
        return float(_sigmoid(np.array(1.5 * (family_score - self.threshold))))

    def predict_proba(self, passages: Iterable[Any]) -> np.ndarray:
        """:meth:`proba` of every (passage, code): ``score(transform(passages)).proba``."""
        return self.score(self.transform(passages)).proba

    def decide(self, scores: ZeroShotScores) -> list[list[tuple[int, float]]]:
        """Chosen (code column, family score) pairs per passage."""
        zc, zf, rule = scores.code, scores.family, scores.rule
        nf = len(self.families_)
        members = [np.nonzero(self.family_col_ == f)[0] for f in range(nf)]
        axes = sorted(set(self.family_axis_))
        out: list[list[tuple[int, float]]] = []
        for i in range(zc.shape[0]):
            chosen: list[tuple[int, float]] = []
            for axis in axes:
                fams = [f for f in range(nf) if self.family_axis_[f] == axis]
                row = zf[i, fams]
                order = np.argsort(-row)
                best = row[order[0]]
                for picked, o in enumerate(order):
                    f = fams[o]
                    s = float(zf[i, f])
                    if picked >= self.max_codes or s < self.threshold or (picked and s < self.margin * best):
                        break
                    if picked and self.extra_threshold is not None and s < self.extra_threshold:
                        break
                    j = int(members[f][np.argmax(zc[i, members[f]])])
                    chosen.append((j, s))
            chosen_cols = {c for c, _ in chosen}
            for j in np.nonzero(rule[i] >= self.rule_override)[0]:
                if int(j) not in chosen_cols:
                    chosen.append((int(j), float(max(zc[i, j], self.threshold))))
            out.append(chosen)
        return out

    def suggest(self, scores: ZeroShotScores) -> list[list[Suggestion]]:
        """Suggestions per passage from :meth:`score`'s output, with rule evidence spans where keywords matched."""
        analyzed, rule = scores.features.analyzed, scores.rule
        out: list[list[Suggestion]] = []
        for i, chosen in enumerate(self.decide(scores)):
            by_code = {s.code_id: s for s in scores.features.rule_suggestions[i]}
            row: list[Suggestion] = []
            for j, score in chosen:
                code_id = self.code_ids_[j]
                conf = self.confidence(score)
                r = by_code.get(code_id)
                if r is not None:
                    conf = max(conf, r.confidence)
                evidence: list[EvidenceSpan] = list(r.evidence) if r is not None else []
                row.append(
                    Suggestion(
                        code_id=code_id,
                        confidence=round(conf, 4),
                        evidence=evidence,
                        passage_id=analyzed[i].id,
                        origin=CodingOrigin.MODEL if r is None else CodingOrigin.RULE,
                        scores={
                            "z": round(float(scores.code[i, j]), 4),
                            "family_z": round(score, 4),
                            "rule": round(float(rule[i, j]), 4),
                        },
                    )
                )
            row.sort(key=lambda s: -s.confidence)
            out.append(row)
        return out

    def predict(self, passages: Iterable[Any]) -> list[list[Suggestion]]:
        """Suggestions per passage: ``suggest(score(transform(passages)))``."""
        return self.suggest(self.score(self.transform(passages)))

    def fit_predict(self, passages: Iterable[Any]) -> list[list[Suggestion]]:
        analyzed = analyze_passages(passages)
        return self.fit(analyzed).predict(analyzed)
