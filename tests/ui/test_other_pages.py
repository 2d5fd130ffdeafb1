"""Codebook, Corpus and Project pages through AppTest, asserting what they store and show."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from analysis.domain import CodingStatus


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _table(app, column):
    """The first dataframe on the page that has ``column``."""
    for df in app.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}")


def _page(app, path):
    app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


# -- Codebook ---------------------------------------------------------------------------------


def test_codebook_shows_the_tree_and_export_buttons(app, store, codebook_id):
    _page(app, "views/codebook.py")
    tree = list(app.dataframe(key=f"cb_tree_{codebook_id}").value["Code"])
    for code in store.get_codebook(codebook_id).codes:
        assert any(row.strip() == code.name for row in tree)
    assert tree.index("Toegang") < tree.index("\u2003Wachttijden")  # child under its parent, indented
    assert {d.key for d in app.get("download_button")} == {"cb_export_yaml", "cb_export_qdc"}


def test_editing_a_definition_persists(app, store, codebook_id):
    _page(app, "views/codebook.py")
    app.selectbox(key="cb_code").set_value("bejegening").run()
    k = f"{codebook_id}__bejegening"
    app.text_area(key=f"ed_def_{k}").input("Hoe het wijkteam inwoners tegemoet treedt.")
    app.text_area(key=f"ed_kw_{k}").input("vriendelijk\nrespectvol\nserieus genomen")
    app.button(key=f"FormSubmitter:edit_{k}-Opslaan").click().run()
    assert not _errors(app)
    code = store.get_codebook(codebook_id).code("bejegening")
    assert code.definition == "Hoe het wijkteam inwoners tegemoet treedt."
    assert code.keywords == ["vriendelijk", "respectvol", "serieus genomen"]
    assert code.name == "Bejegening"  # untouched fields stay


def test_an_invalid_edit_is_refused_with_the_reason(app, store, codebook_id):
    _page(app, "views/codebook.py")
    app.selectbox(key="cb_code").set_value("werkdruk").run()
    k = f"{codebook_id}__werkdruk"
    app.text_area(key=f"ed_kw_{k}").input("werk**druk")
    app.button(key=f"FormSubmitter:edit_{k}-Opslaan").click().run()
    from ui.safe import md

    assert any(md("werk**druk") in e.value for e in app.error)  # shown as text, not as bold
    assert store.get_codebook(codebook_id).code("werkdruk").keywords == ["werkdruk", "caseload"]


def test_merge_moves_the_codings(app, store, codebook_id):
    moving = store.codings(codebook_id=codebook_id, code_id="wachttijden")
    assert moving
    for c in moving[:1]:
        store.set_status(c.id, "accepted", coder="tester")
    _page(app, "views/codebook.py")
    app.selectbox(key="cb_code").set_value("wachttijden").run()
    k = f"{codebook_id}__wachttijden"
    app.selectbox(key=f"merge_target_{k}").set_value("toegang").run()
    app.checkbox(key=f"merge_confirm_{k}").check().run()
    app.button(key=f"merge_{k}").click().run()
    assert not _errors(app)
    cb = store.get_codebook(codebook_id)
    assert "wachttijden" not in {c.id for c in cb.codes}
    assert store.codings(codebook_id=codebook_id, code_id="wachttijden") == []
    moved = {c.passage_id for c in store.codings(codebook_id=codebook_id, code_id="toegang")}
    assert {c.passage_id for c in moving} <= moved
    assert any(CodingStatus(c.status) is CodingStatus.ACCEPTED and c.passage_id == moving[0].passage_id
               for c in store.codings(codebook_id=codebook_id, code_id="toegang"))
    assert "wachtlijst" in cb.code("toegang").keywords  # keywords joined
    assert app.session_state["cb_code"] == "toegang"


def test_add_and_move_a_code(app, store, codebook_id):
    _page(app, "views/codebook.py")
    app.text_input(key=f"new_name_{codebook_id}").input("Eén gezin, één plan")
    app.selectbox(key=f"new_parent_{codebook_id}").set_value("toegang")
    app.button(key=f"FormSubmitter:new_code_{codebook_id}-Code toevoegen").click().run()
    assert not _errors(app)
    code = store.get_codebook(codebook_id).code("een-gezin-een-plan")
    assert code.parent == "toegang"
    assert app.session_state["cb_code"] == "een-gezin-een-plan"
    k = f"{codebook_id}__een-gezin-een-plan"
    app.selectbox(key=f"mv_parent_{k}").select_index(0).run()
    app.button(key=f"mv_{k}").click().run()
    assert store.get_codebook(codebook_id).code("een-gezin-een-plan").parent is None


def test_codebook_lists_the_passages_coded_with_a_code(app, store, codebook_id):
    c = store.codings(codebook_id=codebook_id, code_id="mantelzorg")[0]
    store.set_status(c.id, "accepted", coder="tester")
    _page(app, "views/codebook.py")
    app.selectbox(key="cb_code").set_value("mantelzorg").run()
    assert any(cap.value == "1 passages" for cap in app.caption)
    html = "".join(m.value for m in app.markdown)
    assert store.get_passage(c.passage_id).text.split(". ")[-1] in html
    assert "duiding-mark" in html  # its evidence is highlighted
    app.selectbox(key="cb_passage_status").set_value("suggested").run()
    n_open = len(store.codings(codebook_id=codebook_id, code_id="mantelzorg", status="suggested"))
    assert any(cap.value == f"{n_open} passages" for cap in app.caption)


# -- Corpus -----------------------------------------------------------------------------------


def test_corpus_lists_sources_with_metadata(app, store):
    _page(app, "views/corpus.py")
    table = _table(app, "Deelnemer")
    assert sorted(table["Bron"]) == sorted(s.name for s in store.sources(with_text=False))
    assert set(table["Gemeente"]) == {"Lindewaard", "Heemsteden"}
    assert "mantelzorger" in set(table["Respondentgroep"])


def test_kwic_finds_hits(app, store, monkeypatch):
    # the page's time limit (10 s) counts the first load of the Dutch pipeline too: not what this test checks
    monkeypatch.setenv("DUIDING_KWIC_SECONDS", "300")
    _page(app, "views/corpus.py")
    app.text_input(key="kwic_query").input("WACHTTIJD").run()
    assert not _errors(app)
    hits = app.dataframe(key="kwic_results").value
    assert list(hits["Treffer"]) == ["wachttijd", "wachttijd"]
    assert set(hits["Bron"]) == {"inwoner_anna.txt", "mantelzorger_bert.txt"}
    assert all("was" in right for right in hits["Rechts"])
    assert any(c.value.startswith("2 treffers") for c in app.caption)


def test_transcript_highlights_codings_in_their_colours(app, store, codebook_id):
    c = store.codings(codebook_id=codebook_id, code_id="werkdruk")[0]
    store.set_status(c.id, "accepted", coder="tester")
    source_id = store.get_passage(c.passage_id).source_id
    _page(app, "views/corpus.py")
    app.selectbox(key="corpus_source").set_value(source_id).run()
    html = "".join(m.value for m in app.markdown)
    assert "#9467bd" in html and "duiding-mark" in html  # the code's own colour
    assert "Werkdruk" in html


def test_transcript_escapes_html_in_the_text(app, store):
    from analysis.domain import Passage, Source

    text = "R: <script>alert('x')</script> & meer"
    sid = store.add_source(Source(name="evil.txt", text=text), [Passage(3, len(text), text[3:], 0, "R")])
    _page(app, "views/corpus.py")
    app.selectbox(key="corpus_source").set_value(sid).run()
    html = "".join(m.value for m in app.markdown)
    assert "<script>" not in html and "&lt;script&gt;" in html


# -- Project ----------------------------------------------------------------------------------


def _docx_bytes_broken() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a docx")
    return buf.getvalue()[:40]


def test_project_page_shows_statistics(app, store):
    _page(app, "views/project.py")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Bronnen"] == "3" and metrics["Passages"] == "12"
    table = _table(app, "Bronnen")
    assert dict(zip(table["Gemeente"], table["Passages"])) == {"Heemsteden": 4, "Lindewaard": 8}


def test_import_adds_sources_and_shows_the_result_table(app, store):
    _page(app, "views/project.py")
    n_before = len(store.sources(with_text=False))
    good = (
        b"I: Hoe ging het met de aanvraag?\n\nR: De keukentafelgesprekken waren prettig. Het wijkteam dacht mee.\n\n"
        b"I: En daarna?\n\nR: Daarna duurde het lang voor de hulp kwam.\n"
    )
    manifest = b"file,municipality,kind,respondent_group\nnieuw_interview.txt,Oosterzande,interview,inwoner\n"
    app.file_uploader(key="import_files_0").set_value(
        [("nieuw_interview.txt", good, "text/plain"), ("kapot.docx", _docx_bytes_broken(), "application/octet-stream")]
    )
    app.file_uploader(key="import_manifest_0").set_value(("manifest.csv", manifest, "text/csv"))
    app.run()
    app.button(key="import_submit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    table = _table(app, "Resultaat")
    results = dict(zip(table["Bestand"], table["Resultaat"]))
    assert results == {"nieuw_interview.txt": "geïmporteerd", "kapot.docx": "mislukt"}
    reason = dict(zip(table["Bestand"], table["Reden"]))["kapot.docx"]
    assert "kapot.docx" in reason
    sources = store.sources(with_text=False)
    assert len(sources) == n_before + 1
    new = next(s for s in sources if s.name == "nieuw_interview.txt")
    assert new.municipality == "Oosterzande" and new.respondent_group == "inwoner"
    assert store.count_passages(source_id=new.id) >= 2
    # importing the same file again is skipped, not duplicated
    app.file_uploader(key="import_files_1").set_value([("nieuw_interview.txt", good, "text/plain")])
    app.run()
    app.button(key="import_submit").click().run()
    table = _table(app, "Resultaat")
    assert list(table["Resultaat"]) == ["overgeslagen (al aanwezig)"]
    assert len(store.sources(with_text=False)) == n_before + 1


def test_import_a_yaml_codebook(app, store):
    yaml_text = (
        b"id: klein\nname: Klein codeboek\ncodes:\n"
        b"  - id: armoede\n    name: Armoede\n    keywords: [schulden, armoede]\n"
        b"    codes:\n      - id: schulden\n        name: Schulden\n"
    )
    _page(app, "views/project.py")
    app.file_uploader(key="codebook_file_0").set_value(("klein.yaml", yaml_text, "application/x-yaml"))
    app.run()
    app.button(key="codebook_submit").click().run()
    assert not _errors(app)
    cb = store.get_codebook("klein")
    assert [c.id for c in cb.codes] == ["armoede", "schulden"] and cb.code("schulden").parent == "armoede"
    # a broken file shows why
    app.file_uploader(key="codebook_file_1").set_value(("stuk.yaml", b"id: Niet Goed\ncodes: 3\n", "application/x-yaml"))
    app.run()
    app.button(key="codebook_submit").click().run()
    assert any("stuk.yaml" in e.value for e in app.error)


def test_open_and_create_a_project_from_the_project_page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from analysis.store import Project

    monkeypatch.delenv("DUIDING_PROJECT", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app_file = Path(__file__).resolve().parents[2] / "app.py"
    at = AppTest.from_file(str(app_file), default_timeout=60)
    at.run()
    assert any("Er is nog geen project geopend" in i.value for i in at.info)
    at.switch_page("views/project.py").run()
    missing = tmp_path / "bestaat-niet"
    at.text_input(key="project_location_input").input(str(missing)).run()
    at.button(key="project_open").click().run()
    assert any("Project openen lukt niet" in e.value for e in at.error)
    at.button(key="project_create").click().run()
    assert not at.exception
    assert (missing / "duiding.sqlite").exists()
    assert at.session_state["project_location"] == str(missing)
    assert {m.label: m.value for m in at.metric}["Bronnen"] == "0"
    Project.open(missing).close()


def test_import_a_qdc_codebook_on_the_codebook_page(app, store, codebook_id):
    from analysis.codebook import qdc_bytes
    from analysis.domain import Code, Codebook

    exported = Codebook(id="uit-maxqda", name="Uit MAXQDA",
                        codes=[Code("armoede", "Armoede", keywords=["schulden"]), Code("bijstand", "Bijstand", parent="armoede")])
    _page(app, "views/codebook.py")
    app.file_uploader(key="cb_import_file_0").set_value(("uit-maxqda.qdc", qdc_bytes(exported), "application/xml"))
    app.run()
    app.button(key="cb_import_submit").click().run()
    assert not _errors(app)
    cb = store.get_codebook("uit-maxqda")
    assert [(c.id, c.parent, c.keywords) for c in cb.codes] == [("armoede", None, ["schulden"]), ("bijstand", "armoede", [])]
    # importing it again without 'replace' is refused with a warning, and nothing changes
    app.file_uploader(key="cb_import_file_1").set_value(("uit-maxqda.qdc", qdc_bytes(exported), "application/xml"))
    app.run()
    app.button(key="cb_import_submit").click().run()
    assert any("uit-maxqda" in w.value for w in app.warning)
