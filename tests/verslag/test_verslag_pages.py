"""The app: the Codeer op kop page previews, stores and undoes; the corpus page shows heading paths and says
a verslag is a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from verslag_docs import ANSWER_WERKDRUK, verslag_docx

from analysis.corpus.batch import ingest_paths
from analysis.domain import Code, Codebook
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    verslag_docx(folder / "verslag.docx")
    location = tmp_path / "proj"
    with Project.create(location) as p:
        p.save_codebook(Codebook(id="cb", name="cb", codes=[Code(id=c, name=c.title()) for c in ("toegang", "werkdruk")]))
        assert not ingest_paths(p, [folder]).failed
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location


@pytest.fixture
def app(project_dir):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(app, path):
    app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_code_by_heading_page_previews_applies_and_undoes(app, project_dir) -> None:
    _page(app, "views/headings.py")
    headings = app.dataframe[0].value
    assert "2. Toegang > 2.1 Bereikbaarheid" in set(headings.iloc[:, 0])
    app.text_area(key="verslag_body_None").input("Bereikbaarheid: [toegang]\nHoe is de werkdruk?: [werkdruk]\n").run()
    app.button(key="verslag_preview").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    preview = app.dataframe[-1].value
    assert ANSWER_WERKDRUK in set(preview["Fragment"])
    with Project.open(project_dir) as p:
        assert p.codings(codebook_id="cb") == []  # a preview stores nothing
    app.button(key="verslag_apply").click().run()
    assert not app.error, [e.value for e in app.error]
    with Project.open(project_dir) as p:
        stored = p.codings(codebook_id="cb", status="accepted")
        assert len(stored) == len(preview) and {c.coder for c in stored} == {"tester"}
    undo_keys = [b.key for b in app.button if (b.key or "").startswith("verslag_undo_")]
    assert len(undo_keys) == 1
    app.button(key=undo_keys[0]).click().run()
    with Project.open(project_dir) as p:
        assert p.codings(codebook_id="cb", status="accepted") == []


def test_corpus_page_shows_heading_paths_and_the_paraphrase_notice(app) -> None:
    _page(app, "views/corpus.py")
    html = "".join(m.value for m in app.markdown)
    assert "2. Toegang &gt; 2.1 Bereikbaarheid" in html or "2. Toegang > 2.1 Bereikbaarheid" in html
    assert "Hoe is de werkdruk?" in html
    assert any("geen letterlijke tekst" in i.value and "Geaccordeerd" in i.value for i in app.info)


def test_review_page_shows_where_a_verslag_passage_stands(project_dir) -> None:
    from streamlit.testing.v1 import AppTest

    from analysis.domain import Coding, CodingOrigin, CodingStatus

    with Project.open(project_dir) as p:
        answer = [r for r in p.passages(kind="verslag") if r.text == ANSWER_WERKDRUK][0]
        p.add_coding(Coding(passage_id=answer.id, code_id="werkdruk", codebook_id="cb", coder="duiding-auto",
                            origin=CodingOrigin.RULE, status=CodingStatus.SUGGESTED, confidence=0.9))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any("onder: 4. Overige vragen — Hoe is de werkdruk?" in c for c in captions), captions
