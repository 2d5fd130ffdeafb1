"""The Rapportage page through AppTest, on a small project built with the store API.

Two municipalities, a codebook with a normenkader, accepted codings (and one open
suggestion, which must not count unless asked for).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.domain import Code, Codebook, Coding, CodingStatus, Norm, Passage, ScaleLevel, Source, SourceKind

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = "views/reports.py"
CB = "nk-test"
SCALE = [
    ScaleLevel("goed", "Goed", "#2e7d32"),
    ScaleLevel("matig", "Matig", "#ffb300"),
    ScaleLevel("slecht", "Slecht", "#c62828"),
]
CODES = [
    Code(id="toegang", name="Toegang"),
    Code(id="wachttijd", name="Wachttijd", parent="toegang"),
    Code(id="mantelzorg", name="Mantelzorg"),
    Code(id="knelpunt", name="Knelpunt", axis="stance"),
]
NORMS = [
    Norm(id="n1", norm="Inwoners vinden snel de weg naar hulp", deelvraag="Toegang", codes=["toegang"]),
    Norm(id="n2", norm="Mantelzorgers worden ontlast", deelvraag="Ondersteuning", codes=["mantelzorg"]),
]
# municipality -> participant -> turns (text, codes of the accepted codings)
TURNS = {
    "Lindewaard": {
        "Anna": [
            ("Ik stond maanden op de wachtlijst voordat het wijkteam belde.", ["wachttijd", "knelpunt"]),
            ("Het loket van de gemeente was moeilijk te vinden.", ["toegang"]),
            ("Mijn buurvrouw helpt me met de boodschappen.", []),
        ],
        "Bert": [
            ("Als mantelzorger voor mijn vader ben ik overbelast.", ["mantelzorg", "knelpunt"]),
            ("De respijtzorg kwam pas na een half jaar.", ["mantelzorg", "wachttijd"]),
        ],
    },
    "Heemsteden": {
        "Carla": [
            ("Via de huisarts kwam ik snel bij het wijkteam terecht.", ["toegang"]),
            ("De mantelzorgondersteuning regelde een weekend rust.", ["mantelzorg"]),
            ("Het buurthuis organiseert een koffieochtend.", []),
        ],
    },
}
SUGGESTED_TEXT = "Mijn buurvrouw helpt me met de boodschappen."


def build_reports_project(location: Path) -> Path:
    from analysis.store import Project

    project = Project.create(location)
    try:
        project.save_codebook(Codebook(id=CB, name="Normenkader test", codes=list(CODES), norms=list(NORMS), scale=list(SCALE)))
        codings: list[Coding] = []
        for municipality, people in TURNS.items():
            for person, turns in people.items():
                text, passages, pos = "", [], 0
                for i, (body, _codes) in enumerate(turns):
                    prefix = f"{person}: "
                    passages.append(Passage(start=pos + len(prefix), end=pos + len(prefix) + len(body), text=body, ordinal=i, speaker=person))
                    line = f"{prefix}{body}\n\n"
                    text += line
                    pos += len(line)
                project.add_source(
                    Source(name=f"{person.lower()}.txt", text=text, kind=SourceKind.INTERVIEW, municipality=municipality,
                           participant=person, respondent_group="inwoner" if person != "Bert" else "mantelzorger"),
                    passages,
                )
        by_text = {p.text: p.id for p in project.passages()}
        for people in TURNS.values():
            for turns in people.values():
                for body, codes in turns:
                    codings.extend(
                        Coding(passage_id=by_text[body], code_id=c, codebook_id=CB, coder="tester", status=CodingStatus.ACCEPTED)
                        for c in codes
                    )
        codings.append(
            Coding(passage_id=by_text[SUGGESTED_TEXT], code_id="toegang", codebook_id=CB, coder="regel",
                   status=CodingStatus.SUGGESTED, confidence=0.6)
        )
        project.add_codings(codings)
    finally:
        project.close()
    return location


def expected_passages(code: str, descendants: tuple[str, ...] = ()) -> int:
    wanted = {code, *descendants}
    return sum(1 for people in TURNS.values() for turns in people.values() for _b, cs in turns if wanted & set(cs))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_reports_project(tmp_path_factory.mktemp("reports") / "proj")


@pytest.fixture
def location(template, tmp_path, monkeypatch) -> Path:
    target = tmp_path / "proj"
    shutil.copytree(template, target)
    monkeypatch.setenv("DUIDING_PROJECT", str(target))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return target


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _open():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not _errors(at), _errors(at)
    return at


def _metric(at, label: str):
    for m in at.metric:
        if m.label == label:
            return m
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


def _downloads(at):
    return [el for el in at.get("download_button")]


def test_summary_tab_counts_the_passages_of_a_code_with_its_descendants(location):
    at = _open()
    at.selectbox(key="reports_sum_codebook").set_value(CB).run()
    at.selectbox(key="reports_sum_code").set_value("toegang").run()
    assert not _errors(at), _errors(at)
    expected = expected_passages("toegang", ("wachttijd",))
    assert int(_metric(at, "Fragmenten").value) == expected
    # the open suggestion counts only when asked for
    at.toggle(key="reports_sum_suggestions").set_value(True).run()
    assert not _errors(at), _errors(at)
    assert int(_metric(at, "Fragmenten").value) == expected + 1

    at.selectbox(key="reports_sum_code").set_value("mantelzorg").run()
    at.toggle(key="reports_sum_suggestions").set_value(False).run()
    assert int(_metric(at, "Fragmenten").value) == expected_passages("mantelzorg")
    # participants: Bert and Carla
    assert int(_metric(at, "Deelnemers").value) == 2


def test_summary_tab_offers_downloads_with_the_report(location, media_files):
    at = _open()
    at.selectbox(key="reports_sum_codebook").set_value(CB).run()
    media_files.clear()
    at.selectbox(key="reports_sum_code").set_value("mantelzorg").run()
    assert not _errors(at), _errors(at)
    labels = {b.proto.label for b in _downloads(at)}
    assert {"Markdown", "HTML", "Excel (XLSX)", "Word (DOCX)"} <= labels
    md = media_files.get("themasamenvatting-mantelzorg.md")
    assert md, f"no Markdown file handed out: {sorted(media_files)}"
    text = md.decode("utf-8")
    assert text.startswith("# Themasamenvatting")
    assert "Mantelzorg" in text
    # a representative quote of the code is in the report, one of another code is not
    assert "respijtzorg" in text
    assert "koffieochtend" not in text


def test_normenkader_judgement_is_stored(location):
    from analysis.store import Project

    at = _open()
    key_j = f"reports_nk_j_{CB}_n1"
    key_r = f"reports_nk_r_{CB}_n1"
    at.selectbox(key=key_j).set_value("matig")
    at.text_area(key=key_r).input("Wachttijden zijn lang in Lindewaard.")
    form_buttons = [b for b in at.button if b.proto.form_id == f"reports_nk_form_{CB}_n1"]
    assert len(form_buttons) == 1
    form_buttons[0].click().run()
    assert not _errors(at), _errors(at)

    project = Project.open(location)
    try:
        stored = project.norm_judgements(CB)
    finally:
        project.close()
    assert stored["n1"]["judgement"] == "matig"
    assert stored["n1"]["rationale"] == "Wachttijden zijn lang in Lindewaard."
    assert "n2" not in stored
    # the assessment table shows the new judgement
    table = next(df.value for df in at.dataframe if "Oordeel" in getattr(df.value, "columns", []))
    row = table[table["Norm"] == NORMS[0].norm].iloc[0]
    assert row["Oordeel"] == "Matig"
    assert row["Aantal fragmenten"] == expected_passages("toegang", ("wachttijd",))


def test_comparison_tab_shows_heatmap_and_distinctive_themes(location):
    at = _open()
    at.selectbox(key="reports_cmp_framework").set_value(CB).run()
    assert not _errors(at), _errors(at)
    charts = at.get("plotly_chart")
    assert charts, "no plotly chart"
    import json

    figure = json.loads(charts[0].proto.spec)
    heat = figure["data"][0]
    assert heat["type"] == "heatmap"
    assert set(heat["x"]) == {"Lindewaard", "Heemsteden"}
    distinctive = next(df.value for df in at.dataframe if "z" in getattr(df.value, "columns", []))
    assert set(distinctive["Gemeente"]) <= {"Lindewaard", "Heemsteden"}
    assert len(distinctive) > 0

    # switching the normalisation changes the heatmap values
    at.radio(key="reports_cmp_measure").set_value("passages_per_source").run()
    assert not _errors(at), _errors(at)
    other = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert other["z"] != heat["z"]


def test_matrix_tab_counts_and_binary(location):
    at = _open()
    at.selectbox(key="reports_mx_codebook").set_value(CB).run()
    at.radio(key="reports_mx_by").set_value("participant").run()
    matrix = next(df.value for df in at.dataframe if "Bert" in getattr(df.value, "columns", []))
    assert matrix.loc["Mantelzorg", "Bert"] == 2
    at.toggle(key="reports_mx_binary").set_value(True).run()
    assert not _errors(at), _errors(at)
    matrix = next(df.value for df in at.dataframe if "Bert" in getattr(df.value, "columns", []))
    assert matrix.loc["Mantelzorg", "Bert"] == 1
    assert {"CSV", "Excel (XLSX)"} <= {b.proto.label for b in _downloads(at)}
