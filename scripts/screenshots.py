"""Screenshots of the workbench for the README (``docs/screenshots/*.png``).

Builds the fictional demo project (with auto-coding), serves ``app.py`` on a free
port and drives the system Chromium with Playwright::

    python scripts/screenshots.py                    # (re)build the demo in /tmp/duiding-demo, shoot all
    python scripts/screenshots.py --project demo-project --reuse --only stories themes

Needs ``/usr/bin/chromium`` (Debian's ``chromium`` package); Playwright's own browser
downloads are never used. Each PNG is a 1400×1000 view of one page, taken after
Streamlit has finished its run and the figures are drawn.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000
FIT_TIMEOUT_MS = 600_000
MAX_BYTES = 400_000
CODER = "onderzoeker"
DEMO_CODEBOOK_NAME = "Sociaal domein"  # shown name of the demo's generic codebook starts with this
SHOTS = (
    "review",
    "codebook",
    "corpus",
    "stories",
    "themes",
    "verslag",
    "query",
    "transcript",
    "memos",
    "tree",
    "review_keys",
)
DEFAULT_PROJECT = Path(tempfile.gettempdir()) / "duiding-demo"
DEMO_CODEBOOK = "sociaal-domein"
DEMO_SOURCE = "inwoner_01_molenkamp"
# memos as a researcher would write them (target kind, target: source name or code id, title, text)
DEMO_MEMOS = (
    (
        "project",
        None,
        "Werkhypothese wachttijden",
        (
            "Na de eerste gesprekken valt op dat inwoners de wachttijd zelf zelden het grootste probleem noemen. "
            "Wat wringt is de stilte tussen aanmelding en eerste gesprek: niemand laat weten wat er gebeurt. "
            "Nagaan of dit in alle drie gemeenten speelt en of het wijkteam zelf dat ook zo ziet."
        ),
    ),
    (
        "source",
        DEMO_SOURCE,
        "Telefoon en website als drempel",
        (
            "Mevrouw Molenkamp beschrijft het keuzemenu en de wachtrij aan de telefoon, en daarna de verwijzing naar de "
            "website met DigiD en een lang formulier. Het buurthuis werkte voor haar beter. Typisch voorbeeld van "
            "vindbaarheid via een plek in de wijk. Let op haar zorg over de herindicatie na een jaar: dan begint het "
            "bellen en wachten opnieuw."
        ),
    ),
    (
        "code",
        "wachttijden",
        "Afbakening wachttijden",
        (
            "Ook de tijd tot een terugbelafspraak valt hieronder, niet alleen de tijd tot een indicatie. "
            "Bij twijfel met Bereikbaarheid: wachttijden gaat over hoe lang het duurt, bereikbaarheid over de drempel "
            "om überhaupt contact te krijgen."
        ),
    ),
    (
        "code",
        "bekendheid",
        "Bekendheid: onderscheid met vindbaarheid",
        (
            "Veel inwoners kennen het woord 'wijkteam' wel, maar weten niet wat het doet of hoe je er binnenkomt. "
            "Codeer hier het niet-weten; het zoeken zelf (website, loket, telefoonnummer) valt onder Toegang en vindbaarheid."
        ),
    ),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- driving the app ------------------------------------------------------------------------------
def settle(page, extra_ms: int = 1000) -> None:
    """Wait until Streamlit's run is over (no running indicator, no stale elements) and figures are drawn."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(extra_ms)


def open_page(page, url: str, label: str, heading: str) -> None:
    """Start a fresh session on the main page, then go to ``label`` through the sidebar navigation."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name="Beoordelen & coderen").first.wait_for()
    if label != "Beoordelen & coderen":
        settle(page, 300)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=label, exact=True).click()
        page.get_by_role("heading", name=heading).first.wait_for()
    restore_coder(page)
    settle(page, 300)


def restore_coder(page) -> None:
    """The sidebar's coder field can come back empty after a page switch (see the report of this
    script's author); fill it in again so the sidebar shows who is working, as it does on first load."""
    field = page.get_by_test_id("stSidebar").get_by_test_id("stTextInput").locator("input").first
    field.wait_for()
    if not field.input_value():
        field.fill(CODER)
        field.press("Enter")
        settle(page, 300)


def choose(page, box_label: str, option: str) -> None:
    """Pick ``option`` (text it starts with) in the select box labelled ``box_label``."""
    box = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(box_label, exact=True)
    ).first
    box.click()
    page.keyboard.type(option)  # the list is searchable (and only renders what is in view)
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page, 300)


def shoot(page, path: Path) -> None:
    toasts = page.get_by_test_id("stToast")
    if toasts.count():  # messages fade out by themselves
        toasts.first.wait_for(state="detached", timeout=30_000)
    # no focus ring, hover label or tooltip in the picture
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.mouse.move(VIEWPORT["width"] - 5, VIEWPORT["height"] - 5)
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    size = path.stat().st_size
    log(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {size // 1024} KB")
    if size > MAX_BYTES:
        log(f"  warning: {path.name} is larger than {MAX_BYTES // 1000} KB")


def add_demo_memos(location: Path) -> None:
    """A project memo, a memo on a source and memos on codes (as the Memo's page stores them), once."""
    from analysis.review import memos as mm
    from analysis.store import Project

    project = Project.open(location)
    try:
        stored = {(m.target_type, m.title) for m in project.memos()}
        sources = {Path(s.name).stem: s.id for s in project.sources(with_text=False)}
        added = 0
        for kind, target, title, text in DEMO_MEMOS:
            if (kind, title) in stored:  # --reuse: already there
                continue
            if kind == mm.SOURCE:
                target = sources[target]
            elif kind == mm.CODE:
                target = mm.code_target(DEMO_CODEBOOK, target)
            mm.add(project, kind, target, text, title=title, author=CODER)
            added += 1
        log(f"Demo: {added} memos added")
    finally:
        project.close()


def shot_review(page, url: str, out: Path) -> None:
    open_page(page, url, "Beoordelen & coderen", "Beoordelen & coderen")
    page.get_by_role("button", name="✓ Accepteren").first.wait_for()
    settle(page)
    shoot(page, out / "review.png")


def shot_codebook(page, url: str, out: Path) -> None:
    open_page(page, url, "Codeboek", "Codeboek")
    choose(page, "Codeboek", DEMO_CODEBOOK_NAME)
    page.get_by_role("button", name="⬇ YAML").wait_for()
    codes = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text("Code", exact=True)
    )
    if codes.count():
        choose(page, "Code", "Wachttijden")
    settle(page)
    shoot(page, out / "codebook.png")


def shot_corpus(page, url: str, out: Path) -> None:
    open_page(page, url, "Corpus", "Corpus")
    page.get_by_role("tab", name="Transcript").click()
    settle(page, 300)
    choose(page, "Bron", "inwoner_01_molenkamp")
    choose(page, "Codeboek", DEMO_CODEBOOK_NAME)
    page.get_by_text("Ook suggesties", exact=True).click()
    page.locator(".duiding-mark").first.wait_for()
    settle(page)
    shoot(page, out / "corpus.png")


def shot_transcript(page, url: str, out: Path) -> None:
    """Coding in the transcript: codings and their stripes, an open suggestion dashed, the code picker
    open at a selection made with the mouse (nothing is stored: the picker is closed unused)."""
    open_page(page, url, "Transcript coderen", "Transcript coderen")
    choose(page, "Bron", "inwoner_01_molenkamp")
    choose(page, "Codeboek", DEMO_CODEBOOK_NAME)
    page.locator(".dd-stripe").first.wait_for()
    settle(page)
    turn = page.locator(".dd-turn").nth(4)
    turn.scroll_into_view_if_needed()
    words = page.evaluate("""(i) => {
      const tx = document.querySelectorAll('.dd-turn')[i].querySelector('.dd-tx');
      const w = document.createTreeWalker(tx, NodeFilter.SHOW_TEXT); const n = w.nextNode();
      const r = document.createRange(); r.setStart(n, 0); r.setEnd(n, Math.min(n.data.length, 1));
      const a = r.getClientRects()[0]; r.setStart(n, Math.min(n.data.length - 1, 40)); r.setEnd(n, Math.min(n.data.length, 41));
      const b = r.getClientRects()[0]; return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2]; }""", 4)
    page.mouse.move(words[0], words[1])
    page.mouse.down()
    page.mouse.move(words[2], words[3], steps=6)
    page.mouse.up()
    page.locator(".dd-picker input").wait_for()
    page.keyboard.type("wacht")
    page.wait_for_timeout(400)
    page.screenshot(path=str(out / "transcript.png"))
    log(f"  {out / 'transcript.png'}")
    page.keyboard.press("Escape")


def shot_stories(page, url: str, out: Path) -> None:
    open_page(page, url, "Verhalen", "Verhalen")
    choose(page, "Kleur naar", "Wat is uw leeftijd?")
    dots = page.locator(".js-plotly-plot .ternarylayer .scatter .points path")
    dots.first.wait_for()
    settle(page)
    # click a dot, as a researcher would, so the story shows beside the triangle
    box = dots.nth(12).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 15, y - 15)
    page.mouse.move(x, y, steps=4)
    page.wait_for_timeout(400)  # plotly selects the point it last hovered
    page.mouse.click(x, y)
    page.locator("h4").first.wait_for()
    settle(page, 1500)
    shoot(page, out / "stories.png")


def shot_themes(page, url: str, out: Path) -> None:
    open_page(page, url, "Thema's", "Thema's")
    if page.get_by_text("Nog geen themamodel").count():
        name = page.get_by_test_id("stTextInput").filter(has_text="Naam").locator("input")
        name.fill("Thema's demo (geleid door het codeboek)")
        choose(page, "Codeboek als zaadwoorden", DEMO_CODEBOOK_NAME)
        # number of themes: automatic (HDBSCAN); a minimum size keeps the cards meaningful
        size = page.get_by_test_id("stNumberInput").filter(has_text="Min. themagrootte").locator("input")
        size.fill("8")
        page.get_by_role("button", name="Thema's zoeken").click()
        log("  fitting a theme model in the app (the first fit compiles UMAP: about a minute)…")
        page.get_by_test_id("stSelectbox").filter(has_text="Themamodel").first.wait_for(timeout=FIT_TIMEOUT_MS)
    page.get_by_text("Typerende passages").first.wait_for()
    settle(page)
    page.get_by_text("Typerende passages").first.click()  # show where a theme's passages come from
    settle(page)
    shoot(page, out / "themes.png")


def shot_verslag(page, url: str, out: Path) -> None:
    """Codeer op kop: the demo's stored template previewed on the gespreksverslagen."""
    open_page(page, url, "Codeer op kop", "Codeer op kop")
    choose(page, "Opgeslagen sjabloon", "wijkteams-2026")
    page.get_by_role("button", name="Voorbeeld").click()
    page.get_by_text("coderingen voorgesteld").first.wait_for()
    settle(page)
    page.get_by_role("button", name="Voorbeeld").scroll_into_view_if_needed()
    page.mouse.wheel(0, 420)
    settle(page, 500)
    shoot(page, out / "verslag.png")


def shot_query(page, url: str, out: Path) -> None:
    """Zoekvragen: the demo's reference coding as a matrix of codes × gemeente (tests/ui/test_query_browser.py
    clicks a cell through to its passages)."""
    open_page(page, url, "Zoekvragen", "Zoekvragen")
    page.get_by_role("tab", name="Matrix").click()
    settle(page, 300)
    choose(page, "Codeboek", DEMO_CODEBOOK_NAME)
    choose(page, "Kolommen (kenmerk)", "gemeente")
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.locator("td", has_text="Maatwerk").first.wait_for(state="attached")
    settle(page)
    shoot(page, out / "query.png")


def shot_review_keys(page, url: str, out: Path) -> None:
    """The review page with its keyboard help: "?" shows the list of shortcuts (ui/review_keys.py)."""
    open_page(page, url, "Beoordelen & coderen", "Beoordelen & coderen")
    page.get_by_role("button", name="✓ Accepteren").first.wait_for()
    settle(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("?")
    help_box = page.locator(".duiding-keys-help").first
    help_box.wait_for(state="visible")
    help_box.scroll_into_view_if_needed()
    settle(page, 500)
    shoot(page, out / "review_keys.png")


def shot_tree(page, url: str, out: Path) -> None:
    """Codeboek: the code tree with counts per code; a click on a code opens that code's coded passages."""
    open_page(page, url, "Codeboek", "Codeboek")
    choose(page, "Codeboek", DEMO_CODEBOOK_NAME)
    page.locator(".ct-row").first.wait_for()
    settle(page)
    # (the reference coding codes at this level, not in its subcodes)
    page.locator(".ct-row", has_text="Toegang en vindbaarheid").first.click()
    settle(page, 500)
    page.get_by_role("tab", name="Gecodeerde passages").click()
    page.get_by_role("button", name="Codering verwijderen").first.wait_for()
    settle(page)
    shoot(page, out / "tree.png")


def shot_memos(page, url: str, out: Path) -> None:
    """Memo's: the overview of the demo's memos (on the project, a source and codes), one opened to edit."""
    open_page(page, url, "Memo's", "Memo's")
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.wait_for()
    settle(page)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the newest memo: its row marker opens it
    page.get_by_role("button", name="Wijziging bewaren").first.wait_for()
    settle(page)
    shoot(page, out / "memos.png")


SHOOTERS: dict[str, Callable] = {
    "review": shot_review,
    "codebook": shot_codebook,
    "corpus": shot_corpus,
    "stories": shot_stories,
    "themes": shot_themes,
    "verslag": shot_verslag,
    "query": shot_query,
    "transcript": shot_transcript,
    "memos": shot_memos,
    "tree": shot_tree,
    "review_keys": shot_review_keys,
}


# -- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs")
    parser.add_argument("--project", type=Path, default=DEFAULT_PROJECT,
                        help=f"demo project folder, shown in the sidebar (default: {DEFAULT_PROJECT})")
    parser.add_argument("--reuse", action="store_true",
                        help="use --project as it is; do not (re)build the demo (another --project is refreshed "
                             "with build_demo, never deleted)")
    parser.add_argument("--only", nargs="+", choices=SHOTS, default=list(SHOTS), help="take only these screenshots")
    args = parser.parse_args(argv)

    if not CHROMIUM.exists():
        log(f"no system Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`")
        return 2
    from playwright.sync_api import sync_playwright

    from analysis.demo import build_demo, serve_in_background

    project = args.project.resolve()
    if not args.reuse:
        if project == DEFAULT_PROJECT.resolve() and project.exists():
            # this script's own scratch demo: start afresh (no models or decisions of an earlier run)
            leftovers = [p.name for p in project.iterdir() if not p.name.startswith("duiding.sqlite")]
            if leftovers:
                log(f"{project} holds more than a Duiding project ({', '.join(sorted(leftovers)[:5])}); "
                    "remove it or choose another --project")
                return 2
            shutil.rmtree(project)
        log(f"Building the demo project at {project} (auto-coding included)…")
        log(build_demo(project, autocode=True, reference_coding=True, log=log))
    if "memos" in args.only:
        add_demo_memos(project)
    args.out.mkdir(parents=True, exist_ok=True)
    log_file = Path(tempfile.gettempdir()) / "duiding-screenshots-streamlit.log"
    try:
        with (
            serve_in_background(
                project, env={"DUIDING_USER": CODER, "DATABASE_URL": None}, timeout=120, log_file=log_file
            ) as url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for name in args.only:
                    log(f"{name}…")
                    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="nl-NL")
                    page = context.new_page()
                    page.set_default_timeout(TIMEOUT_MS)
                    try:
                        SHOOTERS[name](page, url, args.out)
                    except Exception:
                        failed = args.out / f"{name}-failed.png"
                        page.screenshot(path=str(failed), full_page=True)
                        log(f"  {name} failed; the page as it was: {failed}")
                        raise
                    finally:
                        context.close()
            finally:
                browser.close()
    finally:
        log(f"Streamlit's log: {log_file}; the project stays at {project} (use --reuse to shoot it again)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
