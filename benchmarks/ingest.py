"""Ingest benchmark: passages per second and peak memory for 10k and 100k passages.

    python benchmarks/ingest.py [--sizes 10000 100000]

Generates transcripts (benchmarks/_scale.py), then runs the real import path
(`ingest_paths`: read, clean, detect speakers, segment, store in SQLite) on them.
Peak memory is the process's maximum resident set size; each size runs in its own
process so the figures do not mix.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run_one(n: int) -> dict:
    from _scale import peak_rss_mb, write_corpus

    from analysis.corpus.batch import ingest_paths
    from analysis.store import Project

    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(Path(tmp) / "corpus", n)
        project = Project.create(Path(tmp) / "project")
        t0 = time.perf_counter()
        result = ingest_paths(project, files)
        elapsed = time.perf_counter() - t0
        stored = project.count_passages()
        project.close()
    return {
        "passages_requested": n,
        "files": len(files),
        "passages_stored": stored,
        "failed": len(result.failed),
        "seconds": round(elapsed, 2),
        "passages_per_second": round(stored / elapsed),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print("| passages | files | stored | seconds | passages/s | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['passages_requested']:,} | {r['files']} | {r['passages_stored']:,} | {r['seconds']} | {r['passages_per_second']:,} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
