"""Benchmark: coding in the transcript (issue 15), in a real headless Chromium.

Builds a project of ``--passages`` passages (default 100k): one transcript of 2,000 speaker turns that
already carries about 400 overlapping codings by three coders (and some open suggestions), plus filler
sources. Serves the app, opens the transcript and measures, in the browser:

* render: the component's own time from receiving the data to the first paint of all turns, and the
  wall time from opening the page to all turns on screen;
* 30 spans coded by mouse (a real drag, the code picked by typing in the picker and Enter) and 30 by
  keyboard (turn focus, Shift+→ to grow the selection, "." for the last code), spread through the
  transcript: mouse release → selection highlight painted, pick → coded highlight painted, pick → stored
  (the store's acknowledgement back in the browser), mouse release → stored;
* the scroll position before and after every coding;
* after a window resize: how far any stripe sits from its span;
* fast sequences (code, code, undo, five times): what the store holds afterwards.

    python benchmarks/transcript.py                     # 100k passages
    python benchmarks/transcript.py --passages 10000    # smaller
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _scale import sentence_pool

from analysis.demo import serve_in_background
from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, Passage, Source
from analysis.store import Project

CODEBOOK = "bench"
CODES = ["toegang", "wachttijden", "bejegening", "mantelzorg", "werkdruk", "maatwerk", "schulden", "wonen",
         "eenzaamheid", "regeldruk", "vertrouwen", "samenwerking"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
XY = """([i, k, end]) => {
  const tx = document.querySelectorAll('.dd-turn')[i].querySelector('.dd-tx');
  const w = document.createTreeWalker(tx, NodeFilter.SHOW_TEXT);
  const text = tx.textContent; const words = [...text.matchAll(/[\\p{L}\\p{N}]+/gu)];
  const m = words[Math.min(k, words.length - 1)]; const at = end ? m.index + m[0].length : m.index;
  let n, seen = 0;
  while ((n = w.nextNode())) {
    if (at - seen <= n.data.length && (end ? at - seen > 0 : at - seen < n.data.length)) {
      const o = at - seen, r = document.createRange();
      if (end) { r.setStart(n, o - 1); r.setEnd(n, o); } else { r.setStart(n, o); r.setEnd(n, o + 1); }
      const b = r.getClientRects()[0];
      return [end ? b.right - 0.5 : b.left + 0.5, b.top + b.height / 2, m[0]];
    }
    seen += n.data.length;
  }
  return null;
}"""
TOP = "(i) => document.querySelectorAll('.dd-turn')[i].getBoundingClientRect().top"  # where the coded turn shows
IDLE = "() => { const S = window.__ddTranscript; return S && !S.inflight && !S.queue.length; }"
DRIFT = """() => {
  const S = window.__ddTranscript; let worst = 0, n = 0;
  for (const st of S.doc.querySelectorAll('.dd-stripe')) {
    const id = st.dataset.ids, turn = st.closest('.dd-turn');
    const segs = [...turn.querySelectorAll('.dd-seg[data-ids]')].filter((s) => s.dataset.ids.split(',').includes(id));
    if (!segs.length) continue;
    const top = segs[0].getClientRects()[0].top, r = st.getBoundingClientRect();
    worst = Math.max(worst, Math.abs(r.top - top)); n++;
  }
  return [worst, n];
}"""


def build(location: Path, passages: int, seed: int = 7) -> tuple[int, int]:
    """The project; returns (the benchmark transcript's source id, its number of codings)."""
    rng = random.Random(seed)
    pool = sentence_pool()
    project = Project.create(location)
    project.save_codebook(Codebook(id=CODEBOOK, name="Benchmark", codes=[Code(id=c, name=c.capitalize()) for c in CODES]))

    def source(name: str, n_turns: int) -> tuple[Source, list[Passage]]:
        parts, out, pos = [], [], 0
        for t in range(n_turns):
            label = "INTERVIEWER: " if t % 2 == 0 else "RESPONDENT: "
            words = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            if t:
                parts.append("\n\n")
                pos += 2
            parts.append(label + words)
            start = pos + len(label)
            out.append(Passage(start=start, end=start + len(words), text=words, ordinal=t, speaker=label[:-2],
                               role="interviewer" if t % 2 == 0 else "respondent"))
            pos = start + len(words)
        return Source(name=name, text="".join(parts), municipality="Lindewaard"), out

    main_id = project.add_source(*source("Benchmarktranscript (2.000 beurten)", 2000))
    left = passages - 2000
    i = 0
    while left > 0:
        n = min(200, left)
        project.add_source(*source(f"Vulbron {i:04d}", n))
        left -= n
        i += 1
    turns = project.passages(source_id=main_id)
    codings = []
    for k in range(400):  # overlapping codings by three coders, spread through the transcript
        p = turns[rng.randrange(len(turns))]
        a = rng.randrange(0, max(1, len(p.text) - 20))
        b = min(len(p.text), a + rng.randint(15, 160))
        codings.append(Coding(p.id, rng.choice(CODES), CODEBOOK, coder=("anna", "ben", "chris")[k % 3],
                              origin=CodingOrigin.MANUAL, status=CodingStatus.ACCEPTED, start=p.start + a, end=p.start + b))
    project.add_codings(codings)
    project.upsert_suggestions([Coding(turns[j].id, rng.choice(CODES), CODEBOOK, coder="auto", origin=CodingOrigin.RULE,
                                       status=CodingStatus.SUGGESTED, confidence=0.7) for j in range(5, 2000, 40)])
    n = len(project.codings(source_id=main_id))
    project.close()
    return main_id, n


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--spans", type=int, default=30)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "proj"
        t = time.perf_counter()
        source_id, existing = build(location, args.passages)
        print(f"built {args.passages:,} passages, {existing} codings on the transcript in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
        with serve_in_background(location, env={"DUIDING_USER": "bench"}, timeout=120, log_file=Path(tmp) / "st.log") as url, \
                sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(url, wait_until="domcontentloaded")  # a first session warms the server (imports)
            page.get_by_role("heading").first.wait_for()
            t = time.perf_counter()
            page.goto(f"{url}/transcript?source={source_id}", wait_until="domcontentloaded")
            page.wait_for_function("() => document.querySelectorAll('.dd-turn').length >= 2000 && window.__ddRendered")
            wall = time.perf_counter() - t
            page.wait_for_timeout(1500)
            render_ms = page.evaluate("window.__ddTranscript.renderMs")
            rng = random.Random(3)
            spots = [int(i * 1999 / (args.spans - 1)) for i in range(args.spans)]
            scroll_moves = []
            # -- by mouse -------------------------------------------------------------------------------
            for n, i in enumerate(spots):
                page.evaluate(f"document.querySelectorAll('.dd-turn')[{i}].scrollIntoView({{block: 'center'}})")
                page.wait_for_timeout(150)
                k = rng.randrange(0, 6)
                a = page.evaluate(XY, [i, k, False])
                b = page.evaluate(XY, [i, k + rng.randint(1, 4), True])
                before = page.evaluate(TOP, i)
                page.mouse.move(a[0], a[1])
                page.mouse.down()
                page.mouse.move(b[0], b[1], steps=6)
                page.mouse.up()
                page.locator(".dd-picker input").wait_for()
                page.keyboard.type(CODES[n % len(CODES)][:5])
                page.keyboard.press("Enter")
                page.wait_for_timeout(250)
                scroll_moves.append(abs(page.evaluate(TOP, i) - before))
            page.wait_for_function(IDLE)
            mouse = page.evaluate("window.__ddTranscript.metrics.slice()")
            # -- by keyboard ----------------------------------------------------------------------------
            for i in spots:
                page.evaluate(f"(() => {{ const S = window.__ddTranscript; S.turnEls[{i}].scrollIntoView({{block: 'center'}}); }})()")
                page.keyboard.press("j")  # focus moves to the next turn (from the last clicked/focused one)
                page.evaluate(f"(() => {{ const S = window.__ddTranscript; S.kfocus = {i} - 1; }})()")
                page.keyboard.press("j")
                before = page.evaluate(TOP, i)
                page.keyboard.press("Shift+ArrowRight")
                page.keyboard.press("Shift+ArrowRight")
                page.keyboard.press("Shift+ArrowRight")
                page.keyboard.press(".")
                page.wait_for_timeout(250)
                scroll_moves.append(abs(page.evaluate(TOP, i) - before))
            page.wait_for_function(IDLE)
            keyboard = page.evaluate("window.__ddTranscript.metrics.slice()")[len(mouse):]
            # -- a window resize: stripes beside their spans --------------------------------------------------
            page.set_viewport_size({"width": 900, "height": 1000})
            page.wait_for_timeout(800)
            drift, stripes = page.evaluate(DRIFT)
            # -- fast sequences: code, code, undo (5 times) ---------------------------------------------------
            for r in range(5):
                i = 100 + r * 300
                for j in (i, i + 2):
                    page.evaluate(f"(() => {{ const S = window.__ddTranscript; S.kfocus = {j} - 1; }})()")
                    page.keyboard.press("j")
                    page.keyboard.press(".")
                page.keyboard.press("z")
            page.wait_for_function(IDLE)
            browser.close()
        with Project.open(location) as project:
            now = project.codings(source_id=source_id, coder="bench")
            keys = [(c.passage_id, c.code_id, c.start, c.end) for c in now]
    up_paint = [m["tSelPaint"] - m["tUp"] for m in mouse if m.get("tSelPaint")]
    pick_paint = [m["tHighlight"] - m["t0"] for m in mouse + keyboard if m.get("tHighlight")]
    pick_stored = [m["tStored"] - m["t0"] for m in mouse + keyboard if m.get("tStored")]
    up_stored = [m["tStored"] - m["tUp"] for m in mouse if m.get("tStored") and m.get("tUp")]
    server = [m["tData"] - m["tSent"] for m in mouse + keyboard if m.get("tData") and m.get("tSent")]
    queued = [m["tSent"] - m["t0"] for m in mouse + keyboard if m.get("tSent")]
    expected = len(mouse) + len(keyboard) + 5  # each fast sequence keeps its first coding
    print(f"| measure ({args.passages:,}-passage project, 2,000-turn transcript with {existing} codings) | median | p95 |")
    print("|---|---|---|")
    print(f"| render: component, data in → all turns painted | {render_ms:.0f} ms | |")
    print(f"| render: open the page → 2,000 turns on screen (wall, includes the Streamlit run) | {wall:.2f} s | |")
    print(f"| mouse release → selection highlight painted ({len(up_paint)}) | {statistics.median(up_paint):.0f} ms | {pct(up_paint, .95):.0f} ms |")
    print(f"| code picked → coded highlight painted ({len(pick_paint)}, mouse and keyboard) | {statistics.median(pick_paint):.0f} ms | {pct(pick_paint, .95):.0f} ms |")
    print(f"| code picked → stored, acknowledged in the browser ({len(pick_stored)}) | {statistics.median(pick_stored):.0f} ms | {pct(pick_stored, .95):.0f} ms |")
    print(f"| of which: sent → answer in the browser (server run and transport) | {statistics.median(server):.0f} ms | {pct(server, .95):.0f} ms |")
    store_ms = [m["storeMs"] for m in mouse + keyboard if m.get("storeMs") is not None]
    view_ms = [m["viewMs"] for m in mouse + keyboard if m.get("viewMs") is not None]
    print(f"| of which, on the server: storing the action | {statistics.median(store_ms):.0f} ms | {pct(store_ms, .95):.0f} ms |")
    print(f"| of which, on the server: reading back the touched codings | {statistics.median(view_ms):.0f} ms | {pct(view_ms, .95):.0f} ms |")
    print(f"| of which: waiting behind earlier actions | {statistics.median(queued):.0f} ms | {pct(queued, .95):.0f} ms |")
    print(f"| mouse release → stored (includes typing in the picker) ({len(up_stored)}) | {statistics.median(up_stored):.0f} ms | {pct(up_stored, .95):.0f} ms |")
    print(f"| the coded turn moved on screen by its coding (max over {len(scroll_moves)}) | {max(scroll_moves):.0f} px | |")
    print(f"| stripe furthest from its span after a resize to 900 px ({stripes} stripes) | {drift:.1f} px | |")
    print(f"| codings stored by the benchmark coder: expected {expected} | {len(now)} (duplicates: {len(keys) - len(set(keys))}) | |")


if __name__ == "__main__":
    main()
