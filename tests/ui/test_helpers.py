"""The UI helpers that need no running app: strings, HTML rendering, navigation."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.domain import Code, Codebook
from analysis.review.text import Mark
from ui import i18n, render
from ui.nav import PAGES, page_specs

ROOT = Path(__file__).resolve().parents[2]


def test_dutch_and_english_tables_have_the_same_keys_and_placeholders():
    assert set(i18n.NL) == set(i18n.EN)
    for key in i18n.NL:
        assert set(re.findall(r"{(\w+)}", i18n.NL[key])) == set(re.findall(r"{(\w+)}", i18n.EN[key])), key


def test_every_key_the_app_uses_exists():
    used: set[str] = set()
    for path in [ROOT / "app.py", *ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py")]:
        if path.name == "i18n.py":
            continue
        used.update(re.findall(r'\bt\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    used.update(p.title_key for p in PAGES)
    used.update(p.section for p in PAGES)
    # keys built at run time from enum values
    from analysis.domain import CodingStatus, SourceKind
    from analysis.review import actions

    used.update(f"kind.{k.value}" for k in SourceKind)
    used.update(f"status.{s.value}" for s in CodingStatus)
    used.update(f"action.{a}" for a in (actions.ACCEPT, actions.REJECT, actions.ADD, actions.REMOVE, actions.MEMO))
    used.update(f"import.status.{s}" for s in ("imported", "duplicate", "failed"))
    used.update(f"review.autocode_mode.{m}" for m in ("zero_shot", "learned"))
    missing = sorted(k for k in used if k not in i18n.NL)
    assert not missing, missing
    assert len(used) > 100


def test_translate_fills_placeholders_and_shows_unknown_keys():
    assert i18n.translate("review.position", "en", pos=3, n=10) == "Passage **3** of **10**"
    assert i18n.translate("review.position", "nl", pos=3, n=10) == "Passage **3** van **10**"
    assert i18n.translate("no.such.key", "en") == "no.such.key"
    assert i18n.translate("nav.review", "xx") == "Beoordelen & coderen"


def test_highlight_escapes_text_and_titles():
    html = render.highlight("a <b>c</b> & d", [Mark(2, 5, "x<y", "coding", 'sa"y')], {"x<y": "#123456"}, {"x<y": "<naam>"})
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "&lt;naam&gt;" in html and 'sa"y' not in html
    assert "#123456" in html


def test_colours_fall_back_to_the_palette_for_bad_values():
    assert render.code_colour("x", "#ABCDEF") == "#abcdef"
    bad = render.code_colour("x", "red;background:url(evil)")
    assert bad in render.PALETTE
    assert bad == render.code_colour("x", None)  # stable per id


def test_tree_options_follow_the_tree_and_skip_uncodable_on_request():
    cb = Codebook(
        id="cb",
        name="cb",
        codes=[
            Code("b", "B"),
            Code("a", "A", codable=False),
            Code("a1", "A1", parent="a"),
            Code("orphan", "Wees", parent="missing"),
        ],
    )
    assert [cid for cid, _ in render.tree_options(cb)] == ["b", "a", "a1", "orphan"]
    assert dict(render.tree_options(cb))["a1"].startswith("\u2003")
    assert [cid for cid, _ in render.tree_options(cb, codable_only=True)] == ["b", "a1", "orphan"]
    html = render.code_tree(cb, selected="a1")
    assert html.index(" A <code") < html.index("<b>A1</b>")
    assert "Wees" in html  # a code whose parent is missing still shows


def test_the_page_list_names_every_page_once():
    files = [p.file for p in page_specs()]
    assert sorted(files) == sorted(str(f.relative_to(ROOT)) for f in ROOT.glob("views/*.py"))
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    assert [p.file for p in PAGES if p.default] == ["views/review.py"]


def test_the_strings_list_names_every_strings_file():
    assert sorted(i18n.STRING_MODULES) == sorted(f.stem.removeprefix("strings_") for f in ROOT.glob("ui/strings_*.py"))


def test_very_deep_code_trees_render_without_recursion_errors():
    codes = [Code("c0", "Niveau 0")] + [Code(f"c{i}", f"Niveau {i}", parent=f"c{i - 1}") for i in range(1, 3000)]
    cb = Codebook(id="diep", name="diep", codes=codes)
    options = render.tree_options(cb)
    assert [cid for cid, _ in options] == [c.id for c in codes]
    html = render.code_tree(cb)
    assert all(f">c{i}<" in html for i in (0, 11, 12, 2999))
    assert html.count("<ul") <= render.MAX_TREE_DEPTH + 1


def test_a_parent_cycle_does_not_hang_the_tree():
    cb = Codebook(id="cyclus", name="cyclus", codes=[Code("a", "A", parent="b"), Code("b", "B", parent="a"), Code("c", "C")])
    assert sorted(cid for cid, _ in render.tree_options(cb)) == ["a", "b", "c"]
    assert ">c<" in render.code_tree(cb)
