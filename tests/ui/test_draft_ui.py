"""The citeerbaar toggle on the review page and the Conceptrapport button on Rapportage › Normenkader (AppTest)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from reports_builders import build_tiny
from test_reports_page import _errors, _open  # the Rapportage page's AppTest helpers


def test_the_review_page_marks_an_accepted_coding_citeerbaar(app, store, codebook_id):
    pid = app.session_state["review_pid"]
    s = next(c for c in store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested"))
    app.button(key=f"acc_{s.id}").click().run()
    toggle = app.toggle(key=f"citeerbaar_{s.id}")
    assert toggle.label == "Citeerbaar" and toggle.value is False
    toggle.set_value(True).run()
    assert not _errors(app), _errors(app)
    assert store.get_coding(s.id).citeerbaar is True
    assert any("citeerbaar" in t.value for t in app.toast)
    app.toggle(key=f"citeerbaar_{s.id}").set_value(False).run()
    assert store.get_coding(s.id).citeerbaar is False


@pytest.fixture
def tiny_location(tmp_path, monkeypatch) -> Path:
    t = build_tiny(tmp_path / "tiny")
    coding = next(c for c in t.project.codings(codebook_id="kader", passage_ids=[t.p["p6"]]) if c.code_id == "toegang")
    t.project.set_citeerbaar(coding.id)
    t.project.judge_norm("kader", "n1", "voldoet", "Het loket is vindbaar.")
    t.project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(t.location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return t.location


def test_rapportage_makes_the_draft(tiny_location):
    at = _open()
    at.button(key="draft_make_kader").click().run()
    assert not _errors(at), _errors(at)
    files, note = at.session_state["draft_made_kader"]
    assert "3 normen, 1 met gemarkeerde citaten" in note
    doc = docx.Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:3] == ["1. Toegang", "2. Samenwerking"]
    assert "Bevinding: Het loket is vindbaar." in [p.text for p in doc.paragraphs]
    assert b"## 1. Toegang" in files["md"]
    assert {b.proto.label for b in at.get("download_button")} >= {"Word", "Markdown"}
