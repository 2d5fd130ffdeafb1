from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from analysis.stories.importer import StoryImportError, import_stories, to_sources
from analysis.stories.model import NOT_APPLICABLE, TriadPoint

GOOD = [
    'a,Markt,"Ik rij weer zelf naar de markt, elke week.",60,20,20,80,gesprek,wonen;geld,Sneller bellen,70+',
    "b,Thuis,Het gaat beter thuis.,0.2,0.3,0.5,35,jeugdhulp,,na,18-49",
    "c,Niets,Er veranderde niets.,na,,,n.v.t.,huishoudelijke hulp,werk,,50-69",
]


def test_valid_file_imports_every_answer_type(write_csv, questions):
    result = import_stories(write_csv(*GOOD), questions, municipality="Lindewaard", study="Test")
    assert result.ok and result.skipped == [] and result.warnings == []
    c = result.collection
    assert [s.id for s in c.stories] == ["a", "b", "c"]
    a, b, cc = c.stories
    assert a.answers["rol"] == TriadPoint(0.6, 0.2, 0.2)  # percentages
    assert b.answers["rol"].weights == pytest.approx((0.2, 0.3, 0.5))  # fractions
    assert cc.answers["rol"] is NOT_APPLICABLE
    # values above 1 and no fractions: the slider column is read as 0-100
    assert a.answers["duur"] == pytest.approx(0.8) and b.answers["duur"] == pytest.approx(0.35)
    assert cc.answers["duur"] is NOT_APPLICABLE
    assert a.answers["thema"] == ("wonen", "geld") and b.answers["thema"] is NOT_APPLICABLE
    assert a.answers["baas"] == "Sneller bellen" and b.answers["baas"] is NOT_APPLICABLE
    assert c.municipality == "Lindewaard" and c.id == "verhalen"


def test_slider_fractions_and_decimal_commas(write_csv, questions):
    rows = [
        'a,T,Tekst een.,1,0,0,"0,25",gesprek,,,70+',
        "b,T,Tekst twee.,1,0,0,1,gesprek,,,70+",
        "c,T,Tekst drie.,1,0,0,40%,gesprek,,,70+",
    ]
    c = import_stories(write_csv(*rows), questions).raise_for_errors()
    assert [s.answers["duur"] for s in c.stories] == pytest.approx([0.25, 1.0, 0.4])


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("x,T,Tekst.,50,30,10,50,gesprek,,,70+", "rol_1, rol_2, rol_3", "do not sum to 1"),
        ("x,T,Tekst.,0.5,0.6,-0.1,50,gesprek,,,70+", "rol_3", "negative"),
        ("x,T,Tekst.,60,40,,50,gesprek,,,70+", "rol_3", "only partly filled in"),
        ("x,T,Tekst.,1,0,0,veel,gesprek,,,70+", "duur", "expected a number"),
        ("x,T,Tekst.,1,0,0,150,gesprek,,,70+", "duur", "outside the range 0-100"),
        ("x,T,Tekst.,1,0,0,50,gesprek,,,70+ jaar", "leeftijd", "unknown choice '70+ jaar'"),
        ("x,T,Tekst.,1,0,0,50,gesprek,wonen;sport,,70+", "thema", "unknown choice 'sport'"),
        ("x,T,,1,0,0,50,gesprek,,,70+", "story", "story text is missing"),
    ],
)
def test_each_error_names_row_column_and_problem(write_csv, questions, row, column, problem):
    path = write_csv(GOOD[0], row)
    result = import_stories(path, questions)
    assert result.collection is None  # nothing stored when invalid
    assert len(result.errors) == 1
    err = result.errors[0]
    assert (err.row, err.column) == (3, column)
    assert problem in err.problem
    message = str(err)
    assert str(path) in message and "row 3" in message and repr(column) in message
    with pytest.raises(StoryImportError, match="row 3"):
        result.raise_for_errors()


def test_slider_column_mixing_scales_is_an_error(write_csv, questions):
    rows = ["a,T,Tekst.,1,0,0,0.5,gesprek,,,70+", "b,T,Tekst.,1,0,0,1.5,gesprek,,,70+"]
    result = import_stories(write_csv(*rows), questions)
    assert [(e.row, e.column) for e in result.errors] == [(3, "duur")]
    assert "outside the range 0-1 (the column mixes" in result.errors[0].problem


def test_duplicate_ids_and_rows_after_blank_lines(write_csv, questions):
    path = write_csv(GOOD[0], "", GOOD[0].replace("Markt", "Markt 2"))
    result = import_stories(path, questions)
    assert result.collection is None
    assert result.errors[0].row == 4 and "also used in row 2" in result.errors[0].problem


def test_skip_invalid_keeps_valid_rows_and_reports_skipped(write_csv, questions):
    bad1 = "x,T,,1,0,0,50,gesprek,,,70+"
    bad2 = "y,T,Tekst.,50,30,10,50,gesprek,,,onbekend"
    path = write_csv(GOOD[0], bad1, GOOD[1], bad2)
    strict = import_stories(path, questions)
    assert strict.collection is None and strict.skipped == []
    assert {e.row for e in strict.errors} == {3, 5}
    assert len(strict.errors) == 3  # row 5 has two problems, both reported
    lenient = import_stories(path, questions, skip_invalid=True)
    assert [s.id for s in lenient.collection.stories] == ["a", "b"]
    assert lenient.skipped == [3, 5]
    assert len(lenient.errors) == 3


def test_missing_question_column_is_fatal_even_with_skip_invalid(write_csv, questions):
    header = "id,title,story,rol_1,rol_2,rol_3,duur,steun,thema,baas"
    result = import_stories(write_csv("a,T,Tekst.,1,0,0,0.5,gesprek,,", header=header), questions, skip_invalid=True)
    assert result.collection is None
    assert (result.errors[0].row, result.errors[0].column) == (1, "leeftijd")
    assert "missing" in result.errors[0].problem


def test_unused_columns_are_reported_as_warnings(write_csv, questions):
    header = "id,title,story,rol_1,rol_2,rol_3,duur,steun,thema,baas,leeftijd,opmerking"
    result = import_stories(write_csv(GOOD[0] + ",iets", header=header), questions)
    assert result.ok
    assert any("'opmerking'" in w for w in result.warnings)


def test_triad_as_x_y_in_default_layout(write_csv, questions):
    header = "title,story,rol_x,rol_y,duur,steun,thema,baas,leeftijd"
    x, y = TriadPoint(0.2, 0.3, 0.5).xy
    rows = [f"T,Tekst.,{x},{y},0.5,gesprek,,,70+", "T2,Tekst twee.,0.9,0.8,0.5,gesprek,,,70+"]
    result = import_stories(write_csv(*rows, header=header), questions)
    assert [e.column for e in result.errors] == ["rol_x, rol_y"]
    assert "outside the triad triangle" in result.errors[0].problem
    ok = import_stories(write_csv(rows[0], header=header), questions).raise_for_errors()
    assert ok.stories[0].answers["rol"].weights == pytest.approx((0.2, 0.3, 0.5))
    assert ok.stories[0].id == "001"


def test_unreadable_inputs_raise(tmp_path, questions):
    with pytest.raises(StoryImportError, match="not found"):
        import_stories(tmp_path / "nope.csv", questions)
    odd = tmp_path / "verhalen.json"
    odd.write_text("{}", encoding="utf-8")
    with pytest.raises(StoryImportError, match="unsupported file type '.json'"):
        import_stories(odd, questions)


# ----------------------------------------------------------------- mapping files


def _sprockler_xlsx(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["Export Sprockler — gegenereerd"])  # a title row above the header
    ws.append(
        [
            "Respondent",
            "Geef je verhaal een titel",
            "Deel je verhaal",
            "Rol - Ik zelf",
            "Rol - Mijn omgeving",
            "Rol - Wijkteam",
            "Hoe lang (0-100)",
            "Welke steun",
            "Onderwerpen",
            "Baas",
            "Leeftijd",
        ]
    )
    ws.append(
        [
            "R17",
            "Weer buiten",
            "Ik ga weer naar buiten.",
            70,
            10,
            20,
            90,
            "Gesprek",
            "Wonen | Geld",
            "",
            "70 jaar of ouder",
        ]
    )
    ws.append(
        ["R18", "Wachten", "Lang gewacht op hulp.", 33, 33, 34, "25", "Jeugdhulp", "", "Meer mensen", "18 - 49 jaar"]
    )
    ws.append(
        ["R19", "Geen", "Niets veranderd.", None, None, None, "Weet ik niet", "Gesprek", "Werk", "", "50 - 69 jaar"]
    )
    wb.save(path)


SPROCKLER_MAPPING = {
    "sheet": "Antwoorden",
    "header_row": 2,
    "id": "Respondent",
    "title": "Geef je verhaal een titel",
    "story": "Deel je verhaal",
    "na_values": ["Weet ik niet"],
    "questions": {
        "rol": {"columns": ["Rol - Ik zelf", "Rol - Mijn omgeving", "Rol - Wijkteam"]},
        "duur": {"column": "Hoe lang (0-100)", "scale": 100},
        "steun": {"column": "Welke steun"},
        "thema": {"column": "Onderwerpen", "separator": "|"},
        "baas": {"column": "Baas"},
        "leeftijd": {
            "column": "Leeftijd",
            "values": {"70 jaar of ouder": "70+", "18 - 49 jaar": "18-49", "50 - 69 jaar": "50-69"},
        },
    },
}


def test_sprockler_like_xlsx_with_mapping_file(tmp_path, questions):
    xlsx = tmp_path / "sprockler.xlsx"
    _sprockler_xlsx(xlsx)
    mapping = tmp_path / "sprockler.yaml"
    mapping.write_text(yaml.safe_dump(SPROCKLER_MAPPING, allow_unicode=True), encoding="utf-8")
    c = import_stories(xlsx, questions, mapping).raise_for_errors()
    assert [s.id for s in c.stories] == ["R17", "R18", "R19"]
    r17, r18, r19 = c.stories
    assert r17.title == "Weer buiten"
    assert r17.answers["rol"].weights == pytest.approx((0.7, 0.1, 0.2))
    assert r18.answers["rol"].weights == pytest.approx((0.33, 0.33, 0.34))
    assert r19.answers["rol"] is NOT_APPLICABLE and r19.answers["duur"] is NOT_APPLICABLE
    assert r17.answers["duur"] == pytest.approx(0.9) and r18.answers["duur"] == pytest.approx(0.25)
    assert r17.answers["thema"] == ("wonen", "geld")
    assert [s.answers["leeftijd"] for s in c.stories] == ["70+", "18-49", "50-69"]
    assert r17.row == 3  # spreadsheet row under the title row and header


def test_mapping_errors_name_the_export_column(tmp_path, questions):
    xlsx = tmp_path / "sprockler.xlsx"
    _sprockler_xlsx(xlsx)
    mapping = dict(SPROCKLER_MAPPING, questions=dict(SPROCKLER_MAPPING["questions"], leeftijd={"column": "Leeftijd"}))
    result = import_stories(xlsx, questions, mapping)
    assert result.collection is None
    assert {(e.row, e.column) for e in result.errors} == {(3, "Leeftijd"), (4, "Leeftijd"), (5, "Leeftijd")}
    with pytest.raises(StoryImportError, match="unknown question 'rollen'"):
        import_stories(xlsx, questions, {"questions": {"rollen": {"columns": ["a", "b", "c"]}}})


def test_sensemaker_like_xy_with_own_corner_frame(tmp_path, questions):
    # SenseMaker-like export: triad as X/Y in 0-100 with y pointing down (corner 1 at the top),
    # dyad with the poles in the opposite order.
    corners = [[50.0, 0.0], [0.0, 86.6], [100.0, 86.6]]
    truth = [(0.6, 0.3, 0.1), (0.0, 0.0, 1.0), (1 / 3, 1 / 3, 1 / 3)]
    lines = ["FragmentID;Fragment;FragmentTitle;T1_X;T1_Y;D1;Steun;Onderwerpen;Baas;Leeftijd"]
    for i, w in enumerate(truth):
        x = sum(wi * c[0] for wi, c in zip(w, corners))
        y = sum(wi * c[1] for wi, c in zip(w, corners))
        xs, ys = f"{x:.4f}".replace(".", ","), f"{y:.4f}".replace(".", ",")  # Dutch decimal commas
        lines.append(f"F{i};Verhaal nummer {i}.;Titel {i};{xs};{ys};{20 + 30 * i};gesprek;;;70+")
    path = tmp_path / "sensemaker.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = {
        "id": "FragmentID",
        "title": "FragmentTitle",
        "story": "Fragment",
        "questions": {
            "rol": {"x": "T1_X", "y": "T1_Y", "corners_xy": corners},
            "duur": {"column": "D1", "scale": 100, "reverse": True},
            "steun": {"column": "Steun"},
            "thema": {"column": "Onderwerpen"},
            "baas": {"column": "Baas"},
            "leeftijd": {"column": "Leeftijd"},
        },
    }
    c = import_stories(path, questions, mapping).raise_for_errors()
    for story, w in zip(c.stories, truth):
        assert story.answers["rol"].weights == pytest.approx(w, abs=1e-4)
    assert [s.answers["duur"] for s in c.stories] == pytest.approx([0.8, 0.5, 0.2])


# ----------------------------------------------------------------- sources


def test_to_sources_keeps_offsets_and_case_variables(write_csv, questions):
    text = "Eerste alinea over de markt.\n\n  Tweede alinea, na een witregel.  \n"
    row = f'a,Markt,"{text}",60,20,20,80,gesprek,wonen,,70+'
    c = import_stories(write_csv(row, GOOD[1]), questions, municipality="Oosterzande", study="S").raise_for_errors()
    out = to_sources(c)
    assert len(out) == 2
    source, passages, participant = out[0]
    assert source.kind.value == "story" and source.name == "Markt"
    assert source.municipality == "Oosterzande" and source.study == "S"
    assert [p.text for p in passages] == ["Eerste alinea over de markt.", "Tweede alinea, na een witregel."]
    for p in passages:
        assert source.text[p.start : p.end] == p.text
    assert participant.age_group == "70+"
    assert participant.attributes["rol_1"] == pytest.approx(0.6)
    assert math.isclose(participant.attributes["rol_x"], TriadPoint(0.6, 0.2, 0.2).xy[0])
    assert participant.attributes["leeftijd"] == "70+"
    assert source.participant == participant.label
    assert out[0][0].checksum != out[1][0].checksum


@given(st.lists(st.text(alphabet=st.sampled_from("ab é\n\r\t."), max_size=30), min_size=1, max_size=4))
def test_story_passages_always_round_trip(parts):
    from analysis.stories.model import Story, StoryCollection

    text = "\n\n".join(parts)
    if not text.strip():
        return
    c = StoryCollection("c", "C", [], [Story("s", "T", text)])
    ((source, passages, _),) = to_sources(c)
    assert passages
    for p in passages:
        assert source.text[p.start : p.end] == p.text == p.text.strip()
        assert "\n\n" not in p.text.replace("\r", "")
    # no visible character is lost between passages
    assert "".join("".join(p.text.split()) for p in passages) == "".join(text.split())


def test_summarise_counts_and_means(write_csv, questions):
    from analysis.stories.stats import summarise

    c = import_stories(write_csv(*GOOD), questions).raise_for_errors()
    summary = summarise(c, "rol")
    assert summary["n"] == 2 and summary["niet_van_toepassing"] == 1
    assert summary["mean"] == pytest.approx([0.4, 0.25, 0.35])
