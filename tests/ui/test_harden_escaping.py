"""Names are rendered as text everywhere: no Markdown, HTML, LaTeX or Streamlit directives (issue 14, point 5)."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from ui import render
from ui.safe import md

HOSTILE = [
    "![p](http://127.0.0.1:8611/x)",
    "[phish](http://127.0.0.1:8611/login)",
    "$x^2$",
    ":red[rood] :material/home:",
    "<img src=http://127.0.0.1:8611/y>",
    "**vet** _schuin_ `code` ~~weg~~ # kop",
    "www.example.org en http://127.0.0.1:8611/z",
]
# what must never reach the page unescaped
RAW_MARKERS = ["](", "$x^2$", ":red[", "<img", "**vet**", "www.example", "http://"]


@pytest.mark.parametrize("name", HOSTILE)
def test_md_renders_as_the_same_plain_text(name):
    parser = MarkdownIt("gfm-like", {"html": True, "linkify": False})
    out = parser.render(md(name))
    assert "<img" not in out and "<a " not in out and "<strong>" not in out and "<code>" not in out
    assert "<em>" not in out and "<s>" not in out and "<h1>" not in out
    text = html.unescape(out.removeprefix("<p>").removesuffix("</p>\n"))
    assert text == name
    assert "$" not in md(name) and not re.search(r":\S", md(name)) and "[" not in md(name)


def test_chips_and_highlights_escape_markdown():
    chip = render.chip("![p](http://127.0.0.1:8611/x)", "#123456", title="$x^2$")
    assert "](" not in chip and "$" not in chip
    marked = render.highlight("zie [phish](http://x)", [], {})
    assert "](" not in marked


def _markdown_surfaces(at) -> list[str]:
    values = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title", "header", "toast"):
        values += [str(e.value) for e in getattr(at, kind)]
    values += [str(e.label) for e in at.expander]
    values += [str(e.label) for e in at.button]
    return values


def _assert_inert(at, shown: str) -> None:
    surfaces = _markdown_surfaces(at)
    for value in surfaces:
        for marker in RAW_MARKERS:
            assert marker not in value, (marker, value)
    assert any(shown in v for v in surfaces), f"{shown!r} not shown"


def test_pages_show_hostile_code_and_source_names_as_text(app, store, codebook_id):
    from analysis.domain import Passage, Source

    codebook = store.get_codebook(codebook_id)
    code = codebook.code("werkdruk")
    store.update_code(codebook_id, replace(code, name="![p](http://127.0.0.1:8611/x) $x^2$"))
    text = "R: [phish](http://127.0.0.1:8611/login) en :red[rood]"
    sid = store.add_source(
        Source(name=":red[bron] ![p](http://127.0.0.1:8611/s).txt", text=text, municipality="$x^2$"),
        [Passage(3, len(text), text[3:], 0, "R")],
    )
    c = store.codings(codebook_id=codebook_id, code_id="werkdruk")[0]
    store.set_status(c.id, "accepted", coder="tester")

    app.switch_page("views/corpus.py").run()
    app.selectbox(key="corpus_source").set_value(sid).run()
    assert not app.exception
    _assert_inert(app, md("$x^2$"))
    app.selectbox(key="corpus_source").set_value(store.get_passage(c.passage_id).source_id).run()
    _assert_inert(app, md("![p](http://127.0.0.1:8611/x) $x^2$"))

    app.switch_page("views/codebook.py").run()
    assert not app.exception
    for value in _markdown_surfaces(app):  # nothing raw in Markdown; the tree is a table (plain text cells)
        for marker in RAW_MARKERS:
            assert marker not in value, (marker, value)
    tree = [name.strip() for name in app.dataframe(key=f"cb_tree_{codebook_id}").value["Code"]]
    assert "![p](http://127.0.0.1:8611/x) $x^2$" in tree

    app.switch_page("views/review.py").run()
    assert not app.exception
    for v in _markdown_surfaces(app):
        for marker in RAW_MARKERS:
            assert marker not in v, (marker, v)


def test_markdown_exports_escape_names():
    from analysis.reports.export import _md

    for name in HOSTILE[:3]:
        out = MarkdownIt("commonmark").render(_md(name))
        assert "<img" not in out and "<a " not in out
    assert "$" not in _md("$x^2$").replace("\\$", "")


def test_the_review_page_says_when_the_last_auto_coding_run_did_not_finish(app, store, codebook_id):
    from analysis.coding.runs import RUN_START

    app.switch_page("views/review.py").run()
    assert not any("niet afgemaakt" in w.value for w in app.warning)
    store.log_event(RUN_START, "autocode", codebook_id, after={"coder": "duiding-auto", "passages": 9})
    app.switch_page("views/review.py").run()
    assert not app.exception
    assert any("niet afgemaakt" in w.value for w in app.warning)
