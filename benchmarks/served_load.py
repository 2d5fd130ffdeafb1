"""Benchmark: how many researchers one served SQLite project holds (a bounded load test on loopback).

Two measurements: the store on the small review project (tests/review/review_builders.py), the app
on a synthetic project of ``--passages`` passages with suggestions (benchmarks/review.py's builder):

1. **The store**: ``threads`` coders in one process (a Streamlit server is one process) each
   accepting and rejecting codings as fast as they can for ``--seconds``: writes per second and
   the slowest write (SQLite allows one writer at a time; the rest wait on the lock).
2. **The served app**: ``duiding serve``'s app (fixed project, served mode) on 127.0.0.1, and N
   sessions in headless Chromium (system /usr/bin/chromium) that each open the review page (a new
   session) and then, for ``--seconds``, click without pause: accept the open suggestion, or go to the
   next passage when none is left (each click is one run of the page). Per N: the time to open the
   page, clicks completed, median and 95th percentile per click.

Real researchers read before they click (a decision every 5-30 s), so N sessions clicking without
pause stand for many more researchers. Bounded: at most ``--max-sessions`` sessions.

    python benchmarks/served_load.py                         # sessions 1, 2, 4, 8; 30 s each
    python benchmarks/served_load.py --sessions 1 4 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "review"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from review import build as build_review_project
from review_builders import CODEBOOK_ID, build_small_project

from analysis.demo import serve_in_background
from analysis.store import Project

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def store_writes(location: Path, threads: int, seconds: float) -> tuple[int, float, float]:
    """(writes done, writes per second, slowest write in s) for ``threads`` coders writing at once."""
    with Project.open(location) as p:
        ids = [c.id for c in p.codings(codebook_id=CODEBOOK_ID)]
    done: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def coder(i: int) -> None:
        with Project.open(location, user=f"coder{i}") as mine:
            n = 0
            while time.monotonic() < stop:
                cid = ids[(i * 7 + n) % len(ids)]
                t0 = time.perf_counter()
                mine.set_status(cid, "accepted" if n % 2 else "rejected")
                with lock:
                    done.append(time.perf_counter() - t0)
                n += 1

    workers = [threading.Thread(target=coder, args=(i,)) for i in range(threads)]
    t0 = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - t0
    return len(done), len(done) / elapsed, max(done) if done else float("nan")


_ACCEPTS = (
    "[...document.querySelectorAll('button')]"
    ".filter(b => b.offsetParent !== null && !b.disabled && b.innerText.includes('✓ Accepteren')).length"
)
_POSITION = "((document.body.innerText.match(/Passage (\\d+) van/) || [])[1] || '')"
_RUNNING = "!!document.querySelector('[data-testid=\"stStatusWidget\"]')"


async def _click_and_wait(page) -> None:
    """Click the first Accept button (or Next when none is left) and wait until the page shows the result."""
    accepts = await page.evaluate(_ACCEPTS)
    position = await page.evaluate(_POSITION)
    if accepts:
        await page.locator("button:visible:enabled", has_text="✓ Accepteren").first.click()
    else:
        await page.get_by_role("button", name="Volgende →").click()
    changed = f"({_ACCEPTS} !== {accepts} || {_POSITION} !== {position!r})"
    await page.wait_for_function(f"() => {changed} && !{_RUNNING}")


async def _session(
    browser, url: str, seconds: float, loads: list[float], clicks: list[float], errors: list[str]
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    try:
        t0 = time.monotonic()
        await page.goto(url, wait_until="domcontentloaded")
        await page.get_by_role("button", name="Volgende →").wait_for()  # the review page is there
        loads.append(time.monotonic() - t0)
        stop = time.monotonic() + seconds  # clicking starts once the page is open
        while time.monotonic() < stop:
            t0 = time.monotonic()
            await _click_and_wait(page)
            clicks.append(time.monotonic() - t0)
    except Exception as exc:  # noqa: BLE001 - counted, the benchmark goes on
        try:
            shown = (await page.evaluate("document.body.innerText"))[-700:].replace("\n", " | ")
        except Exception:  # noqa: BLE001
            shown = "?"
        errors.append(f"{type(exc).__name__}: {str(exc)[:120]} / page: {shown}")
    finally:
        await context.close()


async def _sessions(url: str, n: int, seconds: float) -> tuple[list[float], list[float], list[str]]:
    from playwright.async_api import async_playwright

    loads: list[float] = []
    clicks: list[float] = []
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            await asyncio.gather(*(_session(browser, url, seconds, loads, clicks, errors) for _ in range(n)))
        finally:
            await browser.close()
    return loads, clicks, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-sessions", type=int, default=12)
    ap.add_argument("--passages", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="duiding-load-") as tmp:
        location = build_small_project(Path(tmp) / "proj")
        served = Path(tmp) / "served"
        build_review_project(served, args.passages)
        print("| coders writing at once (one process) | writes | writes/s | slowest write |")
        print("|---:|---:|---:|---:|")
        for threads in args.threads:
            n, rate, worst = store_writes(location, threads, min(args.seconds, 10.0))
            print(f"| {threads} | {n} | {rate:.0f} | {worst * 1000:.0f} ms |", flush=True)
        env = {"DUIDING_SERVE_PROJECT": str(served), "DUIDING_PROJECT": None, "DATABASE_URL": None}
        with serve_in_background(served, env=env, timeout=120) as url:
            asyncio.run(_sessions(url, 1, 10.0))  # warm up: the first run imports the pages
            print()
            print(
                "| sessions clicking without pause | sessions opened | open median | open p95 | clicks | click median | click p95 | errors |"
            )
            print("|---:|---:|---:|---:|---:|---:|---:|---:|")
            for n in args.sessions:
                n = min(n, args.max_sessions)
                loads, clicks, errors = asyncio.run(_sessions(url, n, args.seconds))
                print(
                    f"| {n} | {len(loads)} | {statistics.median(loads) if loads else float('nan'):.2f} s | "
                    f"{_pct(loads, 0.95):.2f} s | {len(clicks)} | "
                    f"{statistics.median(clicks) if clicks else float('nan'):.2f} s | {_pct(clicks, 0.95):.2f} s | "
                    f"{len(errors)} |",
                    flush=True,
                )
                for e in errors[:3]:
                    print(f"  error: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
