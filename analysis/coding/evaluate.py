"""Measure auto-coding against a hand-made gold coding (CSV).

The gold CSV has at least the columns ``text`` and ``code`` (several codes
separated by ``;``, empty = no code); other columns are ignored. The label set
is the set of codes occurring in the gold. A predicted code counts as the
nearest of its ancestors (itself included) that is in the label set, so a
predicted ``wachttijden`` scores as ``toegang`` when the gold codes at the top
level; predictions outside the label set are ignored.

``evaluate`` returns::

    {"zero_shot": {"macro_f1": .., "micro_f1": .., "per_code": {code: {"precision", "recall", "f1", "support"}}},
     "learned":   {...}}        # only when folds is given: K-fold CV on the gold itself
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from analysis.domain import Codebook

from .base import analyze_passages
from .errors import GoldError, GoldFileMissing
from .scores import score_sets
from .context import attach_contexts

__all__ = ["attach_embeddings", "evaluate", "format_table", "gold_groups", "gold_questions", "load_gold", "load_golds", "rollup", "score_sets"]


def load_gold(path: str | Path, codebook: Codebook | None = None) -> tuple[list[str], list[set[str]]]:
    """Texts and code sets of a gold CSV (one or several files' rows)."""
    path = Path(path)
    if not path.is_file():
        raise GoldFileMissing("coding.gold_not_found", path=path, file=path.name)
    try:
        return _read_gold(path, codebook)
    except UnicodeDecodeError as exc:
        raise GoldError("coding.gold_encoding", path=path, file=path.name, byte=exc.start) from None
    except csv.Error as exc:
        raise GoldError("coding.gold_unreadable", path=path, file=path.name, reason=exc) from None


def _read_gold(path: Path, codebook: Codebook | None) -> tuple[list[str], list[set[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        missing = [c for c in ("text", "code") if c not in fields]
        if missing:
            found = ", ".join(reader.fieldnames or [])
            raise GoldError(
                "coding.gold_columns_semicolons" if ";" in found else "coding.gold_columns", path=path, file=path.name,
                missing=", ".join(missing), found=found or "no header", found_nl=found or "geen kopregel",
            )
        texts: list[str] = []
        labels: list[set[str]] = []
        known = {c.id for c in codebook.codes} if codebook is not None else None
        for lineno, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
            text = row["text"]
            if not text.strip():
                raise GoldError("coding.gold_empty_text", path=path, file=path.name, line=lineno)
            codes = {c.strip() for c in row["code"].split(";") if c.strip()}
            if known is not None:
                unknown = sorted(codes - known)
                if unknown:
                    raise GoldError("coding.gold_unknown_codes", path=path, file=path.name, line=lineno,
                                    codes=", ".join(unknown), codebook=codebook.id)  # type: ignore[union-attr]
            texts.append(text)
            labels.append(codes)
    return texts, labels


def rollup(codebook: Codebook, code_id: str, label_set: set[str]) -> str | None:
    """The nearest ancestor of ``code_id`` (itself included) in ``label_set``, or None."""
    try:
        path = codebook.path(code_id)
    except KeyError:
        return code_id if code_id in label_set else None
    for c in reversed(path):
        if c in label_set:
            return c
    return None


def _rolled(codebook: Codebook, suggestions: Sequence[Sequence[Any]], label_set: set[str]) -> list[set[str]]:
    out = []
    for row in suggestions:
        got = set()
        for s in row:
            lab = rollup(codebook, s.code_id, label_set)
            if lab is not None:
                got.add(lab)
        out.append(got)
    return out


def load_golds(
    codebook: Codebook, gold_csv_path: str | Path | Sequence[str | Path]
) -> tuple[list[str], list[set[str]]]:
    """Texts and code sets of one gold CSV or several (their rows pooled)."""
    paths = [gold_csv_path] if isinstance(gold_csv_path, (str, Path)) else list(gold_csv_path)
    texts: list[str] = []
    gold: list[set[str]] = []
    for p in paths:
        t, g = load_gold(p, codebook)
        texts.extend(t)
        gold.extend(g)
    if not texts:
        raise GoldError("coding.gold_no_rows", paths=", ".join(map(str, paths)),
                        files=", ".join(Path(p).name for p in paths))
    return texts, gold


def gold_questions(gold_csv_path: str | Path | Sequence[str | Path]) -> list[str | None]:
    """Per gold row (pooled like :func:`load_golds`): the interviewer question before it in the transcript
    its ``file`` column names, or None (no such column or file, or the text is not found there)."""
    from .context import gold_contexts

    paths = [gold_csv_path] if isinstance(gold_csv_path, (str, Path)) else list(gold_csv_path)
    out: list[str | None] = []
    for p in paths:
        with Path(p).open(encoding="utf-8-sig", newline="") as fh:
            rows = [{(k or "").strip().lower(): (v or "") for k, v in r.items()} for r in csv.DictReader(fh)]
        out.extend(gold_contexts(p, [r.get("file", "") for r in rows], [r.get("text", "") for r in rows]))
    return out


def gold_groups(gold_csv_path: str | Path | Sequence[str | Path]) -> list[str | None]:
    """Per gold row (pooled like :func:`load_golds`): the respondent group the corpus manifest
    (``manifest.csv``/``.yaml`` in the gold file's folder or its parent, the product's metadata path) gives
    the transcript its ``file`` column names, or None."""
    from analysis.corpus.manifest import load_manifest

    paths = [gold_csv_path] if isinstance(gold_csv_path, (str, Path)) else list(gold_csv_path)
    out: list[str | None] = []
    for p in paths:
        with Path(p).open(encoding="utf-8-sig", newline="") as fh:
            files = [{(k or "").strip().lower(): (v or "") for k, v in r.items()}.get("file", "") for r in csv.DictReader(fh)]
        groups: dict[str, str | None] = {}
        for folder in (Path(p).parent, Path(p).parent.parent):
            for name in ("manifest.csv", "manifest.yaml", "manifest.yml"):
                if (folder / name).is_file():
                    entries = load_manifest(folder / name)
                    for f in files:
                        entry = entries.get(str((folder / f).resolve())) if f else None
                        if entry is not None and f not in groups:
                            groups[f] = entry.respondent_group
        out.extend(groups.get(f) for f in files)
    return out


def attach_embeddings(analyzed: Sequence[Any], encoder: Any) -> bool:
    """Give each analysed passage its sentence-encoder vector; False (nothing attached) without an encoder.

    ``encoder`` is an :class:`analysis.embeddings.CachedEncoder` (vectors read from / written to its cache)
    or a plain encoder.
    """
    if encoder is None or not analyzed:
        return False
    texts = [a.text for a in analyzed]
    vectors = encoder.embed(texts) if hasattr(encoder, "embed") else encoder.encode(texts)
    for a, v in zip(analyzed, vectors):
        a.embedding = v
    return True


def evaluate(
    codebook: Codebook,
    gold_csv_path: str | Path | Sequence[str | Path],
    folds: int | None = None,
    *,
    seed: int = 0,
    encoder: Any = None,
    zero_shot_options: dict[str, Any] | None = None,
    learned_options: dict[str, Any] | None = None,
    context: bool = False,
    groups: bool = False,
) -> dict:
    """Zero-shot (and, with ``folds``, learned K-fold CV) scores of auto-coding against a gold CSV.

    ``gold_csv_path`` may be one CSV or several (their rows are pooled). With an ``encoder`` (see
    :func:`attach_embeddings`) the coders use sentence embeddings as well. With ``context`` each gold row gets the
    interviewer's question before it (where the gold's ``file`` column names a transcript), which the learned
    coder reads with ``learned_options={"context_weight": w}``. With ``groups`` each gold row gets its
    transcript's respondent group from the corpus manifest (:func:`gold_groups`), as the product's passages
    have it from their source (the rules honour codes' ``respondent_groups``; the learned coder reads it with
    ``learned_options={"group_weight": w}``).
    """
    from .learned import LearnedCoder
    from .zero_shot import ZeroShotCoder

    texts, gold = load_golds(codebook, gold_csv_path)
    labels = sorted({c for g in gold for c in g})
    label_set = set(labels)
    analyzed = analyze_passages(texts)
    if context:
        attach_contexts(analyzed, gold_questions(gold_csv_path))
    if groups:
        for a, g in zip(analyzed, gold_groups(gold_csv_path)):
            a.respondent_group = g
    zs_options = dict(zero_shot_options or {})
    if attach_embeddings(analyzed, encoder):
        zs_options.setdefault("encoder", encoder)
    zs = ZeroShotCoder(codebook, **zs_options).fit(analyzed)
    result: dict[str, Any] = {"zero_shot": score_sets(gold, _rolled(codebook, zs.predict(analyzed), label_set), labels)}

    if folds:
        if folds < 2 or folds > len(texts):
            raise GoldError("coding.bad_folds", rows=len(texts), folds=folds)
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(texts))
        fold_of = np.empty(len(texts), dtype=int)
        fold_of[order] = np.arange(len(texts)) % folds
        predicted: list[set[str]] = [set() for _ in texts]
        for k in range(folds):
            train = [i for i in range(len(texts)) if fold_of[i] != k]
            test = [i for i in range(len(texts)) if fold_of[i] == k]
            # The unlabelled corpus (all texts) shapes the zero-shot spaces; labels come only
            # from the training folds.
            coder = LearnedCoder(codebook, random_state=seed, zero_shot=zs, **(learned_options or {}))
            coder.fit([analyzed[i] for i in train], [gold[i] for i in train])
            sugg = coder.predict([analyzed[i] for i in test])
            for i, row in zip(test, _rolled(codebook, sugg, label_set)):
                predicted[i] = row
        result["learned"] = score_sets(gold, predicted, labels)
    return result


def format_table(result: dict) -> str:
    """A plain-text table of an :func:`evaluate` result (per code, then macro/micro rows)."""
    modes = [m for m in ("zero_shot", "learned") if m in result]
    if not modes:
        raise ValueError("result holds neither 'zero_shot' nor 'learned' scores")
    codes = sorted({c for m in modes for c in result[m]["per_code"]})
    head = f"{'code':<28}{'support':>8}"
    for m in modes:
        head += f"  {m + ' P':>13}{'R':>7}{'F1':>7}"
    lines = [head, "-" * len(head)]
    for c in codes:
        first = result[modes[0]]["per_code"][c]
        line = f"{c[:27]:<28}{first['support']:>8}"
        for m in modes:
            pc = result[m]["per_code"].get(c, {"precision": 0.0, "recall": 0.0, "f1": 0.0})
            line += f"  {pc['precision']:>13.2f}{pc['recall']:>7.2f}{pc['f1']:>7.2f}"
        lines.append(line)
    lines.append("-" * len(head))
    for key, label in (("macro_f1", "macro-F1"), ("micro_f1", "micro-F1")):
        line = f"{label:<28}{'':>8}"
        for m in modes:
            line += f"  {'':>13}{'':>7}{result[m][key]:>7.2f}"
        lines.append(line)
    return "\n".join(lines)
