"""Code and meaning saturation on the hand-computed project of saturation_builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from saturation_builders import CB, build_saturation, deductive_codebook

from analysis.domain import Code
from analysis.reports.data import CodingData, ReportError
from analysis.reports.saturation import (
    REASON_ADDED,
    REASON_LATER_SAVE,
    REASON_METADATA,
    REASON_THEME,
    THEME_DEFINITION,
    inductive_codes,
    project_inductive_codes,
    project_saturation,
    saturation_curve,
)


@pytest.fixture()
def sat(tmp_path: Path):
    project, ids = build_saturation(tmp_path / "sat")
    yield project, ids
    project.close()


def test_codes_added_during_the_analysis_are_inductive(sat):
    project, _ = sat
    assert project_inductive_codes(project, CB) == {c: REASON_ADDED for c in ("digitaal", "eenzaamheid", "vervoer")}


def test_inductive_from_a_later_save_a_theme_and_metadata():
    first = deductive_codebook()
    audit = [{"entity": "codebook", "action": "save", "entity_id": CB, "after": {"codes": [c.id for c in first.codes]}}]
    later = deductive_codebook()
    later.codes += [
        Code("wonen", "Wonen"),
        Code("thema", "Thema", definition=f"{THEME_DEFINITION} (topic 3, 40 passages)."),
    ]
    audit.append(
        {"entity": "codebook", "action": "save", "entity_id": CB, "after": {"codes": [c.id for c in later.codes]}}
    )
    assert inductive_codes(later, audit) == {"wonen": REASON_LATER_SAVE, "thema": REASON_THEME}
    # without history (an exchange file): only the theme definition tells
    assert inductive_codes(later, []) == {"thema": REASON_THEME}
    later.metadata = {"inductive": ["regie", "knelpunt"], "deductive": ["thema"]}
    # stance codes never count; the metadata can name and exclude codes
    assert inductive_codes(later, audit) == {"regie": REASON_METADATA, "wonen": REASON_LATER_SAVE}


def test_code_saturation_in_date_order_counts_only_accepted_inductive_codes(sat):
    project, _ = sat
    [curve] = project_saturation(project, CB)
    assert curve.ordered_by == "datum"
    assert list(curve.steps["name"]) == ["I2", "I4", "I1", "I3", "I5", "I6", "I7"]
    assert list(curve.steps["new"]) == [1, 1, 0, 0, 0, 1, 0]
    assert list(curve.steps["cumulative"]) == [1, 2, 2, 2, 2, 3, 3]
    assert list(curve.steps["new_codes"]) == ["Digitaal", "Eenzaamheid", "", "", "", "Vervoer", ""]
    assert curve.last_new == 6
    assert curve.statement == (
        "Na 6 van de 7 interviews kwam er geen nieuwe inductieve code bij. "
        "De codes Digitaal, Eigen regie en Vervoer rusten op één of twee interviews."
    )


def test_meaning_saturation_counts_interviews_per_code(sat):
    project, _ = sat
    [curve] = project_saturation(project, CB)
    units = dict(zip(curve.meaning["code_id"], curve.meaning["units"]))
    # knelpunt is a stance code: not a content code
    assert units == {"toegang": 3, "regie": 1, "digitaal": 1, "eenzaamheid": 3, "vervoer": 1}
    assert sorted(curve.thin_codes) == ["digitaal", "regie", "vervoer"]
    first = dict(zip(curve.meaning["code_id"], curve.meaning["first_at"]))
    assert first["toegang"] == 3 and first["vervoer"] == 6


def test_import_order_when_interviews_have_no_date(tmp_path):
    project, _ = build_saturation(tmp_path / "undated", dated=False)
    try:
        [curve] = project_saturation(project, CB)
    finally:
        project.close()
    assert curve.ordered_by == "importvolgorde"
    assert list(curve.steps["name"]) == ["I1", "I2", "I3", "I4", "I5", "I6", "I7"]
    # I1 eenzaamheid, I2 digitaal, I6 vervoer
    assert list(curve.steps["new"]) == [1, 1, 0, 0, 0, 1, 0]
    assert curve.last_new == 6


def test_per_group_too_few_interviews(sat):
    project, _ = sat
    curves = {c.group: c for c in project_saturation(project, CB, by="respondent_group")}
    assert set(curves) == {"inwoner", "professional"}
    inwoner = curves["inwoner"]
    assert list(inwoner.steps["name"]) == ["I2", "I4", "I1", "I6", "I7"]
    assert list(inwoner.steps["cumulative"]) == [1, 2, 2, 3, 3]
    assert inwoner.statement == "Te weinig interviews (5) om iets te zeggen over verzadiging."
    by_muni = {c.group: c.n_units for c in project_saturation(project, CB, by="municipality")}
    assert by_muni == {"Adorp": 4, "Bestad": 3}


def test_stories_are_their_own_units(sat):
    project, _ = sat
    [curve] = project_saturation(project, CB, units="stories")
    assert list(curve.steps["name"]) == ["V1", "V2"]
    assert list(curve.steps["new"]) == [1, 0]
    assert curve.statement == "Te weinig verhalen (2) om iets te zeggen over verzadiging."
    per_collection = {
        c.group: list(c.steps["new"]) for c in project_saturation(project, CB, units="stories", by="collection")
    }
    assert per_collection == {"C1": [1], "C2": [0]}


def test_a_codebook_without_inductive_codes_says_so(sat):
    project, _ = sat
    [curve] = project_saturation(project, CB)
    data = CodingData.from_project(project, codebook_ids=[CB])
    plain = saturation_curve(data, CB, {})
    assert plain.n_units == curve.n_units
    assert list(plain.steps["new"]) == [0] * 7
    assert plain.statement.startswith("Het codeboek heeft geen inductieve codes")


def test_unknown_grouping_is_refused_with_a_catalogued_error(sat):
    from analysis.errors import message

    project, _ = sat
    with pytest.raises(ReportError) as info:
        project_saturation(project, CB, by="leeftijd")
    assert info.value.key == "saturation.unknown_grouping"
    assert message(info.value, "nl") == "Onbekende indeling 'leeftijd': kies municipality, respondent_group, study, collection."
    with pytest.raises(ReportError, match="Unknown units 'mensen'"):
        project_saturation(project, CB, units="mensen")
