"""Benchmark: the review page on a 100k-passage project.

Builds a synthetic project (sources via ``project.add_source``, a small codebook,
suggestions via ``upsert_suggestions``), then measures

* the review logic called directly (queue snapshot, one page, one item, accept, undo), and
* the page itself through Streamlit's AppTest: first load, accept, next, filter, search.

Prints a Markdown table. The target is < 1 s per action on the page.

    python benchmarks/review.py                    # 100k passages in a temporary folder
    python benchmarks/review.py --passages 20000   # smaller
    python benchmarks/review.py --project /tmp/bench-review   # keep (and reuse) the project
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingOrigin,
    CodingStatus,
    EvidenceSpan,
    Passage,
    Source,
    SourceKind,
)
from analysis.store import Project

CODEBOOK_ID = "bench"
MUNICIPALITIES = ("Lindewaard", "Heemsteden", "Oosterzande", "Brakelveen")
GROUPS = ("inwoner", "cliënt", "mantelzorger", "medewerker", "partner")
KEYWORDS = {
    "wachttijden": ("wachttijd", "wachtlijst", "lang wachten"),
    "bejegening": ("vriendelijk", "serieus", "luisteren"),
    "mantelzorg": ("mantelzorg", "respijt", "overbelast"),
    "werkdruk": ("werkdruk", "caseload", "personeel"),
    "toegang": ("wijkteam", "loket", "aanvraag"),
    "maatwerk": ("maatwerk", "passend", "op maat"),
}
FALLBACK = [
    "Het wijkteam dacht goed met ons mee en was snel bereikbaar.",
    "De wachttijd voor een keukentafelgesprek was veel te lang.",
    "Als mantelzorger voel ik me soms overbelast door alle regels.",
    "De consulent was vriendelijk en nam ons serieus.",
    "De werkdruk in het team is hoog en de caseload groeit.",
    "We zochten samen naar maatwerk dat echt passend was.",
    "De aanvraag via het loket duurde maanden.",
]


def _pool() -> list[str]:
    try:
        from _scale import sentence_pool

        pool = sentence_pool()
    except Exception:  # noqa: BLE001 - the generator is optional
        pool = []
    return pool + FALLBACK * 20


def build(location: Path, n_passages: int, per_source: int = 100, seed: int = 0) -> tuple[float, float]:
    """Create the project; returns (seconds for sources, seconds for suggestions)."""
    rng = random.Random(seed)
    pool = _pool()
    project = Project.create(location)
    t0 = time.perf_counter()
    n_sources = -(-n_passages // per_source)
    for i in range(n_sources):
        turns = min(per_source, n_passages - i * per_source)
        parts: list[str] = []
        passages: list[Passage] = []
        pos = 0
        for k in range(turns):
            speaker = "I" if k % 2 == 0 else "R"
            body = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            label = f"{speaker}: "
            start = pos + len(label)
            passages.append(Passage(start, start + len(body), body, k, speaker))
            line = label + body + "\n\n"
            parts.append(line)
            pos += len(line)
        project.add_source(
            Source(
                name=f"synthetisch_{i:05d}.txt",
                text="".join(parts),
                kind=SourceKind.INTERVIEW,
                municipality=MUNICIPALITIES[i % len(MUNICIPALITIES)],
                respondent_group=GROUPS[i % len(GROUPS)],
                participant=f"P{i:05d}",
            ),
            passages,
        )
    t_sources = time.perf_counter() - t0
    codes = [Code(id="toegang", name="Toegang", keywords=list(KEYWORDS["toegang"]))]
    codes += [
        Code(id=cid, name=cid.title(), parent="toegang" if cid == "wachttijden" else None, keywords=list(kws))
        for cid, kws in KEYWORDS.items()
        if cid != "toegang"
    ]
    project.save_codebook(Codebook(id=CODEBOOK_ID, name="Benchmark-codeboek", codes=codes))

    t0 = time.perf_counter()
    batch: list[Coding] = []
    for records in project.iter_passages(batch_size=5000):
        for p in records:
            low = p.text.lower()
            for cid, kws in KEYWORDS.items():
                evidence = []
                for kw in kws:
                    j = low.find(kw)
                    if j >= 0:
                        evidence.append(EvidenceSpan(p.start + j, p.start + j + len(kw), p.text[j : j + len(kw)], kw))
                if evidence:
                    batch.append(
                        Coding(p.id, cid, CODEBOOK_ID, coder="duiding-auto", origin=CodingOrigin.RULE,
                               status=CodingStatus.SUGGESTED, confidence=round(rng.uniform(0.3, 0.95), 3),
                               evidence=evidence)
                    )
        project.upsert_suggestions(batch)
        batch = []
    t_suggest = time.perf_counter() - t0
    project.close()
    return t_sources, t_suggest


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def bench_logic(location: Path) -> list[tuple[str, float, str]]:
    from analysis import review as rv

    rows: list[tuple[str, float, str]] = []
    project = Project.open(location, user="bench")
    ms, queue = timed(lambda: rv.build_queue(project, CODEBOOK_ID, rv.ReviewFilters(status="suggested")))
    rows.append(("queue snapshot: open suggestions", ms, f"{len(queue):,} passages"))
    ms, q_all = timed(lambda: rv.build_queue(project, CODEBOOK_ID))
    rows.append(("queue snapshot: all passages", ms, f"{len(q_all):,} passages"))
    ms, q_muni = timed(lambda: rv.build_queue(project, CODEBOOK_ID, rv.ReviewFilters(municipality="Heemsteden", status="suggested")))
    rows.append(("queue snapshot: municipality + status", ms, f"{len(q_muni):,} passages"))
    ms, q_code = timed(lambda: rv.build_queue(project, CODEBOOK_ID, rv.ReviewFilters(code_id="mantelzorg", status="suggested")))
    rows.append(("queue snapshot: code + status", ms, f"{len(q_code):,} passages"))
    ms, q_search = timed(lambda: rv.build_queue(project, CODEBOOK_ID, rv.ReviewFilters(search="keukentafel")))
    rows.append(("queue snapshot: free-text search", ms, f"{len(q_search):,} passages"))
    ms, q_unc = timed(lambda: rv.build_queue(project, CODEBOOK_ID, rv.ReviewFilters(status="uncoded")), repeat=1)
    rows.append(("queue snapshot: not coded yet", ms, f"{len(q_unc):,} passages"))
    mid = queue.ids[len(queue) // 2]
    ms, _ = timed(lambda: rv.load_passages(project, queue.page_ids(len(queue) // 40, 20)))
    rows.append(("one page of 20 passages", ms, ""))
    ms, item = timed(lambda: rv.load_item(project, mid, CODEBOOK_ID))
    rows.append(("one passage with context and codings", ms, f"{len(item.codings)} codings"))
    suggestion = item.suggestions[0]
    ms, action = timed(lambda: rv.accept(project, suggestion.id, "bench"), repeat=1)
    rows.append(("accept (stored)", ms, ""))
    ms, _ = timed(lambda: rv.undo(project, action), repeat=1)
    rows.append(("undo", ms, ""))

    from analysis.corpus.kwic import kwic

    kwic(project, "warm-up", limit=1)  # imports analysis.nlp once
    ms, hits = timed(lambda: kwic(project, "zzqx onvindbaar"), repeat=1)
    rows.append(("kwic: no hits (scans every source)", ms, f"{len(hits)} hits"))
    ms, hits = timed(lambda: kwic(project, "wachtlijst*"), repeat=1)
    rows.append(("kwic: 'wachtlijst*' with passages/speakers", ms, f"{len(hits)} hits"))
    ms, hits = timed(lambda: kwic(project, "wachtlijst*", with_passages=False), repeat=1)
    rows.append(("kwic: 'wachtlijst*' without passage lookup", ms, f"{len(hits)} hits"))
    project.close()
    return rows


def _active_available() -> bool:
    from analysis.review import active_learning_available

    return active_learning_available()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def bench_page(location: Path, repeat: int = 15) -> list[tuple[str, float, str]]:
    """Every review action through AppTest (a full rerun each, as a page reload would be; in the
    browser most actions rerun only the passage card), ``repeat`` times: median and p95."""
    from streamlit.testing.v1 import AppTest

    os.environ["DUIDING_PROJECT"] = str(location)
    os.environ["DUIDING_USER"] = "bench"
    os.environ["DUIDING_CLICK_GUARD_SECONDS"] = "0"  # scripted clicks follow each other at machine speed
    rows: list[tuple[str, float, str]] = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)

    def run(action: Callable[[], object]) -> float:
        t0 = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - t0) * 1000
        if at.exception:
            raise RuntimeError("; ".join(e.value for e in at.exception))
        return elapsed

    def suggestion_button(prefix: str) -> str:
        keys = [b.key for b in at.button if b.key and b.key.startswith(prefix) and not b.disabled]
        if not keys:  # this passage is decided: on to one with an open suggestion
            at.button(key="review_next").click().run()
            return suggestion_button(prefix)
        return keys[0]

    order_on = "active-learning order" if _active_available() else "document order"
    rows.append(("page: first load (cold caches, incl. imports)", run(at.run), order_on))
    rows.append(("page: reload (warm, median of 5)", statistics.median(run(at.run) for _ in range(5)), ""))
    timings: dict[str, list[float]] = {k: [] for k in ("accept", "reject", "undo", "next", "previous", "jump", "filter")}
    munis = list(MUNICIPALITIES)
    for i in range(repeat):
        timings["accept"].append(run(lambda: at.button(key=suggestion_button("acc_")).click().run()))
        timings["undo"].append(run(lambda: at.button(key="review_undo").click().run()))
        timings["reject"].append(run(lambda: at.button(key=suggestion_button("rej_")).click().run()))
        timings["next"].append(run(lambda: at.button(key="review_next").click().run()))
        timings["previous"].append(run(lambda: at.button(key="review_prev").click().run()))
        timings["jump"].append(run(lambda: at.number_input(key="review_goto").set_value(100 + 37 * i).run()))
        muni = munis[i % len(munis)] if i % (len(munis) + 1) else None
        timings["filter"].append(run(lambda: at.selectbox(key="f_muni").set_value(muni).run()))
    for name, values in timings.items():
        rows.append((f"page: {name} (median of {len(values)})", statistics.median(values), f"p95 {_p95(values):,.0f} ms"))
    rows.append(("page: filter code (new snapshot)", run(lambda: at.selectbox(key="f_code").set_value("mantelzorg").run()), ""))
    rows.append(("page: free-text search (new snapshot)", run(lambda: at.text_input(key="f_search").input("wijkteam").run()), ""))
    rows.append(("page: rerun with the same filters (cached, median of 5)", statistics.median(run(at.run) for _ in range(5)), ""))
    rows.append(("page: refresh queue (new snapshot)", run(lambda: at.button(key="review_refresh").click().run()), ""))
    return rows


def bench_fresh_server(location: Path) -> list[tuple[str, float, str]]:
    """A freshly started ``streamlit run app.py``: the time until it listens, and the time the first
    browser session (Debian's chromium, headless) takes to show the first passage card."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [("fresh server: first page", float("nan"), "playwright not installed")]
    if not chromium.exists():
        return [("fresh server: first page", float("nan"), "no /usr/bin/chromium")]
    from analysis.demo import serve_in_background

    rows: list[tuple[str, float, str]] = []
    t0 = time.perf_counter()
    with serve_in_background(location, env={"DUIDING_USER": "bench"}, timeout=180) as url:
        rows.append(("fresh server: start until it answers", (time.perf_counter() - t0) * 1000, ""))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"])
            try:
                for label in ("fresh server: first page (first session, until the first card)",
                              "fresh server: second session's first page"):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.set_default_timeout(180_000)
                    t0 = time.perf_counter()
                    page.goto(url, wait_until="domcontentloaded")
                    page.get_by_role("button", name="✓ Accepteren").first.wait_for()
                    rows.append((label, (time.perf_counter() - t0) * 1000, ""))
            finally:
                browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--project", type=Path, default=None, help="folder to build in (reused when it exists)")
    args = parser.parse_args()

    tmp = None
    location = args.project
    if location is None:
        tmp = tempfile.TemporaryDirectory(prefix="duiding-bench-review-")
        location = Path(tmp.name) / "project"
    build_rows: list[tuple[str, float, str]] = []
    if not (location / "duiding.sqlite").exists():
        t_src, t_sugg = build(location, args.passages)
        build_rows = [
            (f"build: {args.passages:,} passages via add_source", t_src * 1000, ""),
            ("build: suggestions via upsert_suggestions", t_sugg * 1000, ""),
        ]
    with Project.open(location) as p:
        stats = p.stats()
    rows = build_rows + bench_logic(location) + bench_fresh_server(location) + bench_page(location)

    print(f"\n### Review benchmark: {stats['passages']:,} passages, {stats['sources']:,} sources, "
          f"{stats['suggested']:,} open suggestions\n")
    print("| step | time (ms) | note |")
    print("|---|---:|---|")
    for name, ms, note in rows:
        print(f"| {name} | {ms:,.0f} | {note} |")
    slow = [name for name, ms, _ in rows if name.startswith("page:") and "first load" not in name and ms > 500]
    print(f"\nPage actions with a median over 0.5 s: {', '.join(slow) if slow else 'none'}")
    try:
        import resource

        print(f"Peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    except ImportError:  # pragma: no cover - not on Windows
        pass
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
