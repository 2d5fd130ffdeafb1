"""Theme quality and speed, side by side: Duiding's BERTopic pipeline vs LDA and NMF.

    python benchmarks/themes.py                  # seed reports + demo corpus, Markdown table
    python benchmarks/themes.py --scale 100000   # also fit 100,000 generated passages

For each corpus the default :class:`~analysis.themes.ThemeModel` (offline LSA
embeddings, UMAP, HDBSCAN, c-TF-IDF) is fitted, and the guided variant with the
``sociaal-domein`` codebook. scikit-learn's LDA (on counts) and NMF (on TF-IDF)
get the *same* prepared lemma documents, the *same* vocabulary (unigrams and
adjacent bigrams, same ``min_df``/``max_df``) and the *same number of topics*
as the default model found. Quality is measured on the corpus itself:

* NPMI coherence: document co-occurrence over the prepared passages, top-10
  terms per topic, mean over topic pairs then topics (-1 … 1, higher is better);
* topic diversity: unique terms among all topics' top-10 (0 … 1).

Every method runs in its own fresh process (``spawn``) so wall time, CPU time
and peak resident memory are its own. LDA/NMF timings exclude lemmatising,
which they share with the topic model (shown as "prepare" for it).

``--scale N`` generates ``N`` passages by recombining sentences of the seed
reports (fixed RNG): each passage takes 1-4 sentences of one seed passage and,
three times in ten, one sentence of another. It reports the stage timings, CPU
time and peak memory of the default backend.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ----------------------------------------------------------------------------------------------
# corpora
# ----------------------------------------------------------------------------------------------
def load_corpus(paths: list[Path]) -> list[Any]:
    from analysis.themes import passages_from_text_files

    return passages_from_text_files(paths)


def generate_passages(seed_passages: list[Any], n: int, seed: int = 0) -> list[str]:
    """``n`` synthetic passages recombining seed sentences (see the module docstring)."""
    splitter = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00C0-\u00DD])")
    groups = [[s for s in splitter.split(" ".join(p.text.split())) if len(s) > 25] for p in seed_passages]
    groups = [g for g in groups if g]
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        group = rng.choice(groups)
        chosen = rng.sample(group, rng.randint(1, min(4, len(group))))
        if rng.random() < 0.3:
            chosen.append(rng.choice(rng.choice(groups)))
        out.append(" ".join(chosen))
    return out


# ----------------------------------------------------------------------------------------------
# one method in a fresh process
# ----------------------------------------------------------------------------------------------
def _usage() -> tuple[float, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0  # CPU seconds, peak RSS in MB (Linux: KiB)


def _child(task: dict[str, Any], queue: Any) -> None:
    try:
        queue.put(_run_task(task))
    except Exception as exc:  # noqa: BLE001 - reported in the table instead of crashing the run
        import traceback

        queue.put({"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()})
    # Flush the result, then leave without interpreter shutdown: idle joblib/loky
    # workers started by a library can keep a spawned child waiting at exit.
    queue.close()
    queue.join_thread()
    os._exit(0)


def _run_task(task: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    cpu0, _ = _usage()
    started = time.perf_counter()
    kind = task["kind"]
    if kind in ("bertopic", "bertopic-guided"):
        from analysis.themes import ThemeConfig, ThemeModel

        codebook = None
        if kind == "bertopic-guided":
            from analysis.codebook import load_shipped

            codebook = load_shipped("sociaal-domein")
        embeddings = task.get("embeddings")  # precomputed vectors (benchmarks/themes_e5.py); else LSA
        extra = {"embedding_model": task["embedding_model"]} if embeddings is not None else {}
        extra.update(task.get("config") or {})
        config = ThemeConfig(random_state=task["seed"], verbose=task.get("verbose", False), **extra)
        model = ThemeModel(config).fit(task["passages"], codebook=codebook, embeddings=embeddings)
        topics = [[w for w, _ in model.bertopic_.topic_representations_[t.id]][:10] for t in model.topics()]
        result = {
            "topics": topics,
            "labels": [t.label for t in model.topics()],
            "documents": model.documents_ if task.get("return_documents") else None,
            "vocabulary": model.vocabulary_ if task.get("return_documents") else None,
            "outliers": sum(1 for t in model.labels_ if t == -1),
            "timings": model.timings_,
            "n": len(model.labels_),
            "passage_topics": [int(x) for x in model.labels_] if task.get("return_labels") else None,
        }
    elif kind in ("lda", "nmf"):
        from sklearn.decomposition import NMF, LatentDirichletAllocation
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        from analysis.themes.model import analyzer_for

        analyzer = analyzer_for((1, 2))
        vocabulary = task["vocabulary"]
        if kind == "lda":
            matrix = CountVectorizer(analyzer=analyzer, vocabulary=vocabulary).transform(task["documents"])
            estimator: Any = LatentDirichletAllocation(
                n_components=task["k"], learning_method="batch", max_iter=30, random_state=task["seed"]
            )
        else:
            matrix = TfidfVectorizer(analyzer=analyzer, vocabulary=vocabulary, sublinear_tf=True).fit_transform(
                task["documents"]
            )
            estimator = NMF(n_components=task["k"], init="nndsvda", max_iter=400, random_state=task["seed"])
        estimator.fit(matrix)
        topics = [[vocabulary[i] for i in np.argsort(-row)[:10]] for row in estimator.components_]
        result = {"topics": topics}
    else:
        raise ValueError(f"unknown task kind {kind!r}")
    cpu1, peak = _usage()
    result.update({"wall": time.perf_counter() - started, "cpu": cpu1 - cpu0, "peak_mb": peak})
    return result


def run_isolated(task: dict[str, Any]) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(task, queue))
    proc.start()
    result = queue.get()
    proc.join(timeout=60)
    if proc.is_alive():  # pragma: no cover - only if the child hangs after reporting
        proc.terminate()
        proc.join()
    if "error" in result:
        print(result.get("trace", ""), file=sys.stderr)
    return result


# ----------------------------------------------------------------------------------------------
# quality table
# ----------------------------------------------------------------------------------------------
def evaluate_corpus(name: str, passages: list[Any], seed: int, guided: bool) -> list[dict[str, Any]]:
    from analysis.themes import CooccurrenceIndex, npmi_coherence, topic_diversity

    print(f"[{name}] {len(passages)} passages: BERTopic (default) ...", file=sys.stderr, flush=True)
    base = run_isolated({"kind": "bertopic", "passages": passages, "seed": seed, "return_documents": True})
    if "error" in base:
        return [{"corpus": name, "method": "BERTopic (Duiding, default)", "error": base["error"]}]
    documents, vocabulary = base["documents"], base["vocabulary"]
    index = CooccurrenceIndex(documents)
    k = len(base["topics"])
    rows = []

    def row(method: str, result: dict[str, Any], idx: Any = index, note: str = "") -> dict[str, Any]:
        if "error" in result:
            return {"corpus": name, "method": method, "error": result["error"]}
        return {
            "corpus": name,
            "method": method,
            "topics": len(result["topics"]),
            "npmi": npmi_coherence(result["topics"], idx),
            "diversity": topic_diversity(result["topics"]),
            "wall": result["wall"],
            "cpu": result["cpu"],
            "peak_mb": result["peak_mb"],
            "note": note,
        }

    prep = base["timings"].get("prepare", 0.0)
    rows.append(
        row("BERTopic (Duiding, default)", base, note=f"incl. prepare {prep:.1f} s; {base['outliers']} outliers left")
    )
    if guided:
        print(f"[{name}] BERTopic guided by sociaal-domein ...", file=sys.stderr, flush=True)
        g = run_isolated({"kind": "bertopic-guided", "passages": passages, "seed": seed, "return_documents": True})
        g_index = CooccurrenceIndex(g["documents"]) if "error" not in g else index
        rows.append(row("BERTopic guided (codebook seeds)", g, g_index, note="own K; NPMI on its own documents"))
    for kind, label in (("lda", "LDA (scikit-learn)"), ("nmf", "NMF (scikit-learn)")):
        print(f"[{name}] {label}, k={k} ...", file=sys.stderr, flush=True)
        result = run_isolated({"kind": kind, "documents": documents, "vocabulary": vocabulary, "k": k, "seed": seed})
        rows.append(row(label, result, note="same documents, vocabulary and k; excl. prepare"))
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| corpus | method | topics | NPMI ↑ | diversity ↑ | wall (s) | CPU (s) | peak RSS (MB) | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['corpus']} | {r['method']} | – | – | – | – | – | – | failed: {r['error']} |")
            continue
        lines.append(
            f"| {r['corpus']} | {r['method']} | {r['topics']} | {r['npmi']:.3f} | {r['diversity']:.3f} | "
            f"{r['wall']:.1f} | {r['cpu']:.1f} | {r['peak_mb']:.0f} | {r.get('note', '')} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# scale
# ----------------------------------------------------------------------------------------------
def run_scale(seed_passages: list[Any], n: int, seed: int) -> str:
    texts = generate_passages(seed_passages, n, seed=seed)
    print(f"[scale] fitting {n:,} generated passages ...", file=sys.stderr, flush=True)
    result = run_isolated({"kind": "bertopic", "passages": texts, "seed": seed, "verbose": True})
    if "error" in result:
        return f"Scale run failed: {result['error']}"
    load = os.getloadavg()
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in result["timings"].items())
    return "\n".join(
        [
            "| passages | topics | outliers left | wall (s) | CPU (s) | peak RSS (MB) | stages |",
            "|---:|---:|---:|---:|---:|---:|---|",
            (
                f"| {n:,} | {len(result['topics'])} | {result['outliers']} | {result['wall']:.0f} | "
                f"{result['cpu']:.0f} | {result['peak_mb']:.0f} | {stages} |"
            ),
            "",
            (
                f"Load average at the end (1/5/15 min): {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
                f"on {os.cpu_count()} cores; wall time stretches when other work shares the cores, "
                "CPU time does not."
            ),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds", help="folder of seed reports")
    parser.add_argument("--demo", type=Path, default=ROOT / "corpora" / "demo", help="demo corpus folder")
    parser.add_argument("--seed", type=int, default=42, help="random seed for every method")
    parser.add_argument("--no-guided", action="store_true", help="skip the codebook-guided variant")
    parser.add_argument("--scale", type=int, default=None, help="also fit this many generated passages")
    parser.add_argument("--scale-only", action="store_true", help="only the scale run")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    args = parser.parse_args(argv)

    seed_files = sorted(args.seeds.glob("*.txt"))
    if not seed_files:
        print(f"{args.seeds}: no seed reports (*.txt) found", file=sys.stderr)
        return 1
    seed_passages = load_corpus(seed_files)
    out: list[str] = []
    rows: list[dict[str, Any]] = []
    if not args.scale_only:
        corpora = [("seed reports", seed_passages)]
        demo_files = sorted(args.demo.glob("*/*.txt"))
        if demo_files:
            corpora.append(("demo interviews", load_corpus(demo_files)))
        else:
            print(f"{args.demo}: no demo transcripts found, skipping", file=sys.stderr)
        for name, passages in corpora:
            rows.extend(evaluate_corpus(name, passages, args.seed, guided=not args.no_guided))
        out.append(markdown(rows))
    if args.scale:
        out.append(run_scale(seed_passages, args.scale, args.seed))
    text = "\n\n".join(out)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
