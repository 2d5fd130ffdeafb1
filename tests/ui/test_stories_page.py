"""The Verhalen page through AppTest, on the demo project's three story collections.

The demo project (without auto-coding) is built once per module; every test gets
its own copy of the database, so codings added by one test do not leak into another.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.domain import Coding, CodingStatus, SourceKind
from analysis.stories import compare_groups, load_collections
from analysis.stories.coding import (
    COLLECTION_QUESTION,
    combine_collections,
    format_answer,
    stories_at_same_dot,
    story_codes,
    story_codings,
    story_key,
)
from analysis.stories.model import is_na
from analysis.stories.plots import HIGHLIGHT_SIZE
from ui.safe import md
from ui.safe import md as escape  # the pages escape names and text for HTML and Markdown

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = "views/stories.py"
CHROMIUM = Path("/usr/bin/chromium")


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    from analysis.demo import build_demo

    location = tmp_path_factory.mktemp("stories-demo") / "proj"
    build_demo(location, autocode=False, log=lambda _message: None)
    return location


@pytest.fixture
def project_dir(demo_template, tmp_path, monkeypatch) -> Path:
    target = tmp_path / "proj"
    shutil.copytree(demo_template, target)
    monkeypatch.setenv("DUIDING_PROJECT", str(target))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return target


@pytest.fixture
def store(project_dir):
    from analysis.store import Project

    p = Project.open(project_dir)
    yield p
    p.close()


@pytest.fixture
def collections(store):
    return {c.id: c for c in load_collections(store)}


def _open(project_dir: Path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not _errors(at), _errors(at)
    return at


@pytest.fixture
def page(project_dir):
    return _open(project_dir)


def _figure(at, index: int = 0):
    import plotly.io as pio

    return pio.from_json(at.get("plotly_chart")[index].proto.spec)


def _dots(fig) -> list[str]:
    """Story ids of every dot (traces with customdata; the mean markers have none)."""
    return [str(x) for trace in fig.data if trace.customdata is not None for x in trace.customdata]


def _html(at) -> str:
    return "".join(m.value for m in at.markdown)


def _table(at, column):
    """The first table on the page with ``column``."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}")


# -- the figure -------------------------------------------------------------------------------


def test_triad_of_all_collections_has_one_dot_per_story(page, collections):
    assert page.title[0].value == "Verhalen"
    assert page.selectbox(key="stories_collection").value == "__all__"
    question = page.selectbox(key="stories_question").value
    fig = _figure(page)
    assert {t.type for t in fig.data} == {"scatterternary"}
    expected = [
        story_key(c.id, s.id) for c in collections.values() for s in c.stories if not is_na(s.answers.get(question))
    ]
    dots = _dots(fig)
    assert sorted(dots) == sorted(expected)
    assert len(dots) == len(set(dots))
    # all collections together are coloured by collection (here: the municipality)
    assert {t.name.split(" (")[0] for t in fig.data} == {c.municipality for c in collections.values()}


def test_one_collection_and_a_slider_question(page, collections):
    cid = min(collections)
    page.selectbox(key="stories_collection").set_value(cid).run()
    slider = next(q.id for q in collections[cid].questions if q.kind == "slider")
    page.selectbox(key="stories_question").set_value(slider).run()
    assert not _errors(page)
    fig = _figure(page)
    answered = [story_key(cid, s.id) for s in collections[cid].stories if not is_na(s.answers.get(slider))]
    assert sorted(_dots(fig)) == sorted(answered)
    xs = {sid: x for t in fig.data if t.customdata is not None for sid, x in zip(t.customdata, t.x)}
    for s in collections[cid].stories:
        if not is_na(s.answers.get(slider)):
            assert xs[story_key(cid, s.id)] == pytest.approx(float(s.answers[slider]))


def test_choosing_a_story_shows_it_and_highlights_its_dot(page, collections):
    c = collections[sorted(collections)[1]]
    story = next(s for s in c.stories if not is_na(s.answers.get("hoofdrol")))
    key = story_key(c.id, story.id)
    page.selectbox(key="stories_question").set_value("hoofdrol").run()
    page.selectbox(key="stories_story").set_value(key).run()
    assert not _errors(page)
    html = _html(page)
    assert escape(story.title) in html
    first_paragraph = story.text.split("\n\n")[0].strip()
    assert escape(first_paragraph).replace("\n", "<br>")[:120] in html
    # a static table, so long answers wrap instead of being cut off at the column's width
    answers = next(tb.value for tb in page.table if "Antwoord" in tb.value.columns)
    shown = dict(zip(answers.index, answers["Antwoord"]))
    for q in c.questions:
        if q.id in story.answers:
            assert shown[q.label] == format_answer(q, story.answers[q.id])
    # the chosen dot is drawn bigger than the others
    fig = _figure(page)
    sizes = {sid: size for t in fig.data if t.customdata is not None
             for sid, size in zip(t.customdata, t.marker.size)}
    assert sizes[key] == HIGHLIGHT_SIZE
    assert sum(1 for v in sizes.values() if v == HIGHLIGHT_SIZE) == 1


def test_colour_by_a_classification_question(page, collections):
    page.selectbox(key="stories_colour").set_value("leeftijd").run()
    fig = _figure(page)
    combined = combine_collections(list(collections.values()))
    question = page.selectbox(key="stories_question").value
    for trace in fig.data:
        label = trace.name.rsplit(" (", 1)[0]
        for sid in trace.customdata:
            answer = combined.story(sid).answers.get("leeftijd")
            assert (label == "onbekend") if is_na(answer) else (answer == label)
    answered = [s for s in combined.stories if not is_na(s.answers.get(question))]
    assert len(_dots(fig)) == len(answered)


def test_filter_on_a_classification_value(page, collections):
    page.multiselect(key="stories_where_leeftijd").set_value(["70+"]).run()
    assert not _errors(page)
    combined = combine_collections(list(collections.values()))
    question = page.selectbox(key="stories_question").value
    dots = _dots(_figure(page))
    expected = [s.id for s in combined.stories
                if s.answers.get("leeftijd") == "70+" and not is_na(s.answers.get(question))]
    assert sorted(dots) == sorted(expected) and dots
    # the story list follows the filter
    assert set(page.selectbox(key="stories_story").options) == {
        s.title for s in combined.stories if s.answers.get("leeftijd") == "70+"
    }


def test_codes_of_a_story_colour_the_figure_and_show_beside_it(project_dir, store, collections):
    c = collections[min(collections)]
    story = c.stories[0]
    key = story_key(c.id, story.id)
    source = next(s for s in store.sources(kind=SourceKind.STORY, with_text=False) if s.participant == key)
    passage = store.passages(source_id=source.id)[0]
    cb = store.get_codebook("sociaal-domein")
    code = next(x for x in cb.codes if x.codable)
    store.add_coding(Coding(passage_id=passage.id, code_id=code.id, codebook_id=cb.id, coder="tester",
                            status=CodingStatus.ACCEPTED, start=passage.start, end=passage.start + 20))
    at = _open(project_dir)
    at.selectbox(key="stories_codebook").set_value(cb.id).run()
    at.selectbox(key="stories_question").set_value("hoofdrol").run()
    at.selectbox(key="stories_colour").set_value(f"code:{code.id}").run()
    assert not _errors(at)
    fig = _figure(at)
    with_code = [t for t in fig.data if t.name.startswith(f"met code '{code.id}'")]
    assert [list(t.customdata) for t in with_code] == [[key]]
    at.selectbox(key="stories_story").set_value(key).run()
    html = _html(at)
    assert code.name in html
    assert "duiding-mark" in html  # the coded words are highlighted in the story
    assert escape(story.text[:20]) in html
    # and the code filter keeps only that story
    at.multiselect(key="stories_code_filter").set_value([code.id]).run()
    assert _dots(_figure(at)) == [key]


# -- two groups ---------------------------------------------------------------------------------


def test_comparing_two_groups_shows_the_verdict(page, collections):
    page.selectbox(key="cmp_question").set_value("hoofdrol").run()
    page.selectbox(key="cmp_by").set_value("leeftijd").run()
    page.multiselect(key="cmp_a").set_value(["70+"]).run()
    assert not _errors(page)
    combined = combine_collections(list(collections.values()))
    expected = compare_groups(combined, "hoofdrol", "leeftijd", ["70+"])
    assert not expected.too_few
    messages = [i.value for i in page.info] + [w.value for w in page.warning]
    assert md(expected.verdict) in messages  # names in it are shown as text (ui.safe)
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["n 70+"] == str(expected.n_a)
    assert metrics[f"n {expected.label_b}"] == str(expected.n_b)
    # the side-by-side figure: two triangles holding exactly the two groups
    fig = _figure(page, 1)
    assert sorted(_dots(fig)) == sorted(expected.ids_a + expected.ids_b)
    means = _table(page, "Richting")
    assert list(means.iloc[:, 0]) == expected.dimensions


def test_too_few_stories_says_so(page, collections):
    cid = min(collections)
    c = combine_collections([collections[cid]])
    split = None
    for q in ("voor_wie", "wet", "leeftijd"):
        for option in c.question(q).options:
            result = compare_groups(c, "hoofdrol", q, option)
            if result.too_few and result.n_a > 0:
                split = (q, option, result)
                break
        if split:
            break
    assert split, "the demo collection should have a small group"
    by, option, expected = split
    page.selectbox(key="stories_collection").set_value(cid).run()
    page.selectbox(key="cmp_question").set_value("hoofdrol").run()
    page.selectbox(key="cmp_by").set_value(by).run()
    page.multiselect(key="cmp_a").set_value([option]).run()
    assert not _errors(page)
    warnings = [w.value for w in page.warning]
    assert md(expected.verdict) in warnings
    assert expected.verdict.startswith("Te weinig verhalen")
    assert {m.label: m.value for m in page.metric}["p-waarde"] == "–"


def test_english_labels(page):
    page.radio(key="lang").set_value("en").run()
    assert not _errors(page)
    assert page.title[0].value == "Stories"
    assert page.selectbox(key="stories_collection").label == "Story collection"
    assert page.selectbox(key="cmp_by").label == "Split by"


def test_a_project_without_stories_says_so(tmp_path, monkeypatch):
    from review_builders import build_small_project
    from streamlit.testing.v1 import AppTest

    location = build_small_project(tmp_path / "small")
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not _errors(at)
    assert any("nog geen verhaalcollecties" in i.value for i in at.info)
    assert not at.get("plotly_chart")


# -- analysis.stories.coding: the links the page relies on ---------------------------------------


def test_combined_collections_key_stories_and_name_their_collection(collections):
    combined = combine_collections(list(collections.values()))
    assert len(combined.stories) == sum(len(c.stories) for c in collections.values())
    q = combined.question(COLLECTION_QUESTION)
    assert set(q.options) == {c.municipality for c in collections.values()}
    for c in collections.values():
        for s in c.stories:
            mine = combined.story(story_key(c.id, s.id))
            assert mine.answers[COLLECTION_QUESTION] == c.municipality
            assert {k: v for k, v in mine.answers.items() if k != COLLECTION_QUESTION} == s.answers
    single = combine_collections([next(iter(collections.values()))])
    assert COLLECTION_QUESTION not in {x.id for x in single.questions}
    with pytest.raises(ValueError, match="at least one"):
        combine_collections([])


def test_story_codes_and_codings_follow_the_store(store, collections):
    c = collections[min(collections)]
    story = c.stories[1]
    key = story_key(c.id, story.id)
    source = next(s for s in store.sources(kind=SourceKind.STORY, with_text=False) if s.participant == key)
    passage = store.passages(source_id=source.id)[-1]
    store.add_coding(Coding(passage_id=passage.id, code_id="maatwerk", codebook_id="sociaal-domein",
                            status=CodingStatus.ACCEPTED, start=passage.start + 3, end=passage.start + 30))
    store.add_coding(Coding(passage_id=passage.id, code_id="toegang", codebook_id="sociaal-domein",
                            status=CodingStatus.SUGGESTED))
    accepted = story_codes(store, "sociaal-domein")
    assert accepted[key] == {"maatwerk"}
    assert sum(bool(v) for v in accepted.values()) == 1
    assert len(accepted) == sum(len(x.stories) for x in collections.values())
    assert story_codes(store, "sociaal-domein", status=None)[key] == {"maatwerk", "toegang"}
    found = story_codings(store, key, "sociaal-domein")
    assert {f.coding.code_id for f in found} == {"maatwerk", "toegang"}
    for f in found:
        assert story.text[f.start : f.end] == f.text  # offsets index the story text
    assert next(f for f in found if f.coding.code_id == "maatwerk").end - passage.start == 30
    with pytest.raises(KeyError, match="no story source"):
        story_codings(store, "geen-collectie/001")


def test_stories_at_the_same_dot(collections):
    combined = combine_collections(list(collections.values()))
    answered = [s for s in combined.stories if not is_na(s.answers.get("hoofdrol"))]
    weights = [s.answers["hoofdrol"].weights for s in answered]
    story = next(s for s, w in zip(answered, weights) if weights.count(w) > 1)
    found = stories_at_same_dot(combined, "hoofdrol", story.id)
    assert found[0] == story.id
    assert sorted(found) == sorted(s.id for s in answered if s.answers["hoofdrol"].weights == story.answers["hoofdrol"].weights)
    assert stories_at_same_dot(combined, "hoofdrol", story.id, among=[story.id]) == [story.id]
    assert stories_at_same_dot(combined, "leeftijd", story.id) == [story.id]  # a choice has no dot


# -- in a real browser: clicking a dot in the triangle opens the story --------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium")
def test_clicking_a_dot_in_the_browser_shows_the_story(project_dir, collections, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.address",
        "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.5)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(60_000)
                page.goto(url, wait_until="domcontentloaded")
                page.get_by_role("heading", name="Beoordelen & coderen").first.wait_for()
                page.get_by_test_id("stSidebarNav").get_by_role("link", name="Verhalen").click()
                page.get_by_role("heading", name="Verhalen").first.wait_for()
                # the dots of the first trace, in data order
                dots = page.locator(".js-plotly-plot .ternarylayer .trace.scatter").first.locator(".points path")
                dots.first.wait_for()
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
                )
                titles = {s.title for c in collections.values() for s in c.stories}
                # a dot of the first trace that no other story's dot covers (answers come in steps of 5%)
                first = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].customdata")
                combined = combine_collections(list(collections.values()))
                positions = [
                    s.answers["hoofdrol"].weights for s in combined.stories if not is_na(s.answers.get("hoofdrol"))
                ]

                def spot(key: str) -> int:
                    return positions.count(combined.story(key).answers["hoofdrol"].weights)

                def click(i: int) -> None:
                    box = dots.nth(i).bounding_box()
                    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                    page.mouse.move(x - 15, y - 15)
                    page.mouse.move(x, y, steps=4)
                    # plotly selects the point it last hovered: let the hover catch up, as a hand would
                    page.wait_for_timeout(400)
                    page.mouse.click(x, y)

                index = next(i for i, key in enumerate(first) if spot(key) == 1)
                shown: list[str] = []
                for _attempt in range(3):  # a click can land while the chart is still being laid out
                    page.wait_for_timeout(1000)
                    click(index)
                    deadline = time.monotonic() + 10
                    while time.monotonic() < deadline and not shown:
                        shown = [h.strip() for h in page.locator("h4").all_inner_texts() if h.strip() in titles]
                        page.wait_for_timeout(300)
                    if shown:
                        break
                assert len(shown) == 1, "clicking a dot did not open a story"
                clicked = combined.story(first[index])
                assert shown[0] == clicked.title  # the story of the dot that was clicked
                page.get_by_text(" ".join(clicked.text.split()[:6])).first.wait_for()

                # dots that coincide: a click offers every story on that spot
                shared = next(i for i, key in enumerate(first) if spot(key) >= 3)
                click(shared)
                page.get_by_text(f"{spot(first[shared])} verhalen op deze plek").wait_for(timeout=20_000)
            except Exception:
                page.screenshot(path=str(tmp_path / "stories-failed.png"), full_page=True)
                print(f"the page when it failed: {tmp_path / 'stories-failed.png'}")
                raise
            finally:
                browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
