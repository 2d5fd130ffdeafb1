"""Scale-corpus generator shared by the benchmarks.

Builds realistic-looking Dutch transcripts by recombining sentences of the demo
corpus and (when present) the seed reports, with speaker turns in the styles the
importer must recognise. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentence_pool() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "corpora" / "demo").glob("*/*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if ":" in line and not line.startswith("#"):
                texts.append(line.split(":", 1)[1] if not line.startswith("[") else line.split(":", 3)[-1])
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            texts.append(" ".join(path.read_text(encoding="utf-8").split()))
    pool = [s.strip() for t in texts for s in SENTENCE.split(t) if 30 <= len(s.strip()) <= 300]
    if not pool:
        pool = ["Het wijkteam was goed bereikbaar en dacht met ons mee.", "De wachttijd voor een keukentafelgesprek was lang."]
    return pool


def transcripts(n_passages: int, turns_per_file: int = 100, seed: int = 0) -> list[str]:
    """Texts with ``turns_per_file`` speaker turns each, ``n_passages`` turns in total."""
    rng = random.Random(seed)
    pool = sentence_pool()
    out: list[str] = []
    remaining = n_passages
    i = 0
    while remaining > 0:
        n = min(turns_per_file, remaining)
        lines = [f"# Synthetisch transcript {i} (benchmark)", ""]
        for t in range(n):
            label = "I" if t % 2 == 0 else "R"
            lines.append(f"{label}: " + " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4))))
            lines.append("")
        out.append("\n".join(lines))
        remaining -= n
        i += 1
    return out


def write_corpus(folder: Path, n_passages: int, turns_per_file: int = 100, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(transcripts(n_passages, turns_per_file, seed)):
        p = folder / f"transcript_{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
